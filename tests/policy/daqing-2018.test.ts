import { describe, expect, it } from 'vitest';
import {
  allocateTiers,
  checkEligibility,
  checkObjectionAdmissibility,
  loadPolicy,
  mayApply,
  missedEvidenceOutcome,
  objectionAcceptanceDuration,
  prizeForOutcome,
  publicityPeriod,
  recordsRetainedThrough,
  reviewStep,
  revocationConsequences,
} from '../../workflows/policy/index.js';
import { goodProfile } from './fixtures.js';

const policy = loadPolicy('daqing-2018');
const ctx = { cycle: 2026, asOf: '2026-06-30' };

describe('daqing-2018', () => {
  it('第五条: award ≤5 and nomination ≤7 per biennial cycle', () => {
    const r = allocateTiers(policy, Array.from({ length: 14 }, (_, i) => ({ id: `c${i}`, category: 'service' as const, eligible: true })));
    expect(r.tiers.map((t) => t.awarded.length)).toEqual([5, 7]);
    expect(r.unplaced).toHaveLength(2);
  });

  it('第二十五条: 800,000 for a first award only; nomination is honour only; a re-award is plaque and certificate within the quota', () => {
    expect(prizeForOutcome(policy, { tierId: 'award', priorTiers: [] }).amountCny).toBe(800_000);
    expect(prizeForOutcome(policy, { tierId: 'nomination', priorTiers: [] }).amountCny).toBe(0);
    expect(prizeForOutcome(policy, { tierId: 'award', priorTiers: ['award'] })).toMatchObject({ amountCny: 0, countsAgainstQuota: true });
    const cands = Array.from({ length: 6 }, (_, i) => ({ id: `c${i}`, category: 'design' as const, eligible: true, priorTiers: i === 0 ? ['award'] : [] }));
    expect(allocateTiers(policy, cands).tiers[0]!.withinQuota).toBe(5);
  });

  it('第十条第（一）项: an independent legal person is required', () => {
    const r = checkEligibility(policy, goodProfile(policy, { legalPerson: 'non-independent' }), ctx);
    expect(r.eligible === false && r.failures.map((f) => f.message)).toEqual(['须具有独立法人资格']);
  });

  it('第十条第（六）项、第（七）项: any accident, penalty or failed spot check in 3 years disqualifies', () => {
    const r = checkEligibility(
      policy,
      goodProfile(policy, {
        incidents: [
          { kind: 'accident-general', date: '2024-01-01' },
          { kind: 'spot-check-failed-city', date: '2025-01-01' },
        ],
      }),
      ctx,
    );
    expect(r.eligible === false && r.failures.map((f) => f.article)).toEqual(['第十条第（六）项', '第十条第（七）项']);
  });

  it('第十条第（八）项: an export quality notice counts without a time limit', () => {
    const r = checkEligibility(policy, goodProfile(policy, { incidents: [{ kind: 'export-quality-notice', date: '2012-05-01' }] }), ctx);
    expect(r.eligible === false && r.failures.map((f) => f.criterion)).toEqual(['exports']);
  });

  it('第十条第（九）项: production, service, research, design, education or medical organisations only', () => {
    const r = checkEligibility(policy, goodProfile(policy, { industry: 'other' }), ctx);
    expect(r.eligible === false && r.failures.map((f) => f.article)).toEqual(['第十条第（九）项']);
    expect(checkEligibility(policy, goodProfile(policy, { industry: 'medical' }), ctx).eligible).toBe(true);
  });

  it('第十二条: the county government signs a recommendation', () => {
    expect(checkEligibility(policy, goodProfile(policy, { recommendation: { by: 'industry-association' } }), ctx).eligible).toBe(false);
  });

  it('第十三条、第十四条: incomplete material → supplement request; those not advanced are told the reasons in writing', () => {
    expect(reviewStep(policy, 'eligibility-review')!.supplementRequest).toMatchObject({ article: '第十三条' });
    expect(reviewStep(policy, 'material-review')!.writtenReasonsForRejected).toMatchObject({ article: '第十四条' });
  });

  it('第十八条: 7 days of publicity', () => {
    expect(publicityPeriod(policy)).toMatchObject({ length: { amount: 7, unit: 'calendarDays' }, article: '第十八条' });
  });

  it('第二十一条: objections are written and real-name; anonymous objections are refused', () => {
    expect(checkObjectionAdmissibility(policy, { written: true, realName: true, evidenceProvided: true })).toEqual({ admissible: true });
    const anon = checkObjectionAdmissibility(policy, { written: true, realName: false, evidenceProvided: true });
    expect(anon).toEqual({ admissible: false, reasons: [{ article: '第二十一条', message: '以匿名方式提出的异议不予受理' }] });
  });

  it('第二十二条: accepted or refused within 5 working days with a written receipt', () => {
    expect(objectionAcceptanceDuration(policy)).toEqual({ within: { amount: 5, unit: 'workingDays' }, writtenReceipt: true, article: '第二十二条' });
  });

  it('第二十三条: a candidate missing its evidence deadline admits; an objector missing it withdraws', () => {
    expect(missedEvidenceOutcome(policy, 'candidate')).toMatchObject({ outcome: 'deemed-admitted', article: '第二十三条' });
    expect(missedEvidenceOutcome(policy, 'objector')).toMatchObject({ outcome: 'deemed-withdrawn', article: '第二十三条' });
    expect(missedEvidenceOutcome(loadPolicy('ganzhou-2022'), 'candidate')).toBeNull();
  });

  it('第二十四条: the joint conference decides and all parties are told', () => {
    expect(policy.objections.decision).toMatchObject({ by: '联席会议', partiesNotified: true, article: '第二十四条' });
  });

  it('第三十一条: false material before the award disqualifies this cycle; a 4-year bar only when serious', () => {
    const mild = revocationConsequences(policy, { causeId: 'fraud-before-award', occurredOn: '2026-05-01', decidedOn: '2026-07-01' });
    expect(mild.applicable && [mild.disqualifyCurrentCycle, mild.creditRecord, mild.ban]).toEqual([true, true, { kind: 'none' }]);
    const serious = revocationConsequences(policy, { causeId: 'fraud-before-award', occurredOn: '2026-05-01', decidedOn: '2026-07-01', serious: true });
    expect(serious.applicable && serious.ban).toMatchObject({ kind: 'until', bannedThrough: '2030-07-01' });
    const history = { awards: [], sanctions: [{ causeId: 'fraud-before-award', cycle: 2026, decidedOn: '2026-07-01' }] };
    expect(mayApply(policy, { cycle: 2026, applicationDate: '2026-07-02', history })).toMatchObject({
      allowed: false,
      fromCycle: 2028,
      blocks: [{ code: 'disqualified-this-cycle', article: '第三十一条' }],
    });
    expect(mayApply(policy, { cycle: 2028, applicationDate: '2028-05-01', history }).allowed).toBe(true);
  });

  it('第三十一条: fraud found after the award revokes and recovers the prize', () => {
    const c = revocationConsequences(policy, { causeId: 'fraud-after-award', tierId: 'award', awardedOn: '2024-12-01', occurredOn: '2024-04-01', decidedOn: '2025-02-01', paidCny: 800_000 });
    expect(c.applicable && c.recovery).toEqual({ items: [], amountCny: 800_000 });
  });

  it('第三十二条: within two years an accident revokes with a public notice and no ban', () => {
    const base = { causeId: 'incident-after-award', tierId: 'nomination', awardedOn: '2024-12-01', decidedOn: '2027-01-10' };
    const c = revocationConsequences(policy, { ...base, occurredOn: '2026-12-01' });
    expect(c.applicable && [c.revoke, c.publicNotice, c.ban.kind]).toEqual([true, true, 'none']);
    expect(revocationConsequences(policy, { ...base, occurredOn: '2026-12-02' }).applicable).toBe(false);
  });

  it('第三十六条: evaluation records are kept 10 years', () => {
    expect(recordsRetainedThrough(policy, '2026-12-31')).toBe('2036-12-31');
    expect(recordsRetainedThrough(loadPolicy('benxi-draft'), '2026-12-31')).toBeNull();
  });
});
