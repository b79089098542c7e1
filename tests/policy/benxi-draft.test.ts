import { describe, expect, it } from 'vitest';
import {
  allocateTiers,
  bonusForExternalAward,
  checkEligibility,
  loadPolicy,
  mayApply,
  prizeForOutcome,
  revocationConsequences,
  reviewStep,
  reviewStepKinds,
  validateProposal,
  validityPeriod,
} from '../../workflows/policy/index.js';
import { goodProfile } from './fixtures.js';

const policy = loadPolicy('benxi-draft');

describe('benxi-draft', () => {
  it('第四条: biennial; award ≤2, nomination ≤5; vacancies allowed; valid 5 years', () => {
    expect(policy.cycle).toMatchObject({ periodYears: 2, article: '第四条' });
    expect(policy.tiers.map((t) => [t.id, t.quota.max, t.quota.article])).toEqual([
      ['award', 2, '第四条'],
      ['nomination', 5, '第四条'],
    ]);
    expect(validityPeriod(policy, '2026-12-01')).toMatchObject({ through: '2031-12-01' });
    const r = allocateTiers(policy, ['a', 'b', 'c'].map((id) => ({ id, category: 'service' as const, eligible: true })));
    expect(r.tiers.map((t) => t.awarded.map((a) => a.candidateId))).toEqual([['a', 'b'], ['c']]);
    expect(r.tiers[1]!.vacancies).toBe(4);
  });

  it('第十二条: a winner may apply again only 5 years after the award', () => {
    const history = { awards: [{ tierId: 'award', cycle: 2022, awardedOn: '2023-03-15' }], sanctions: [] };
    const early = mayApply(policy, { cycle: 2028, applicationDate: '2028-03-15', history });
    expect(early.allowed).toBe(false);
    if (!early.allowed) expect(early).toMatchObject({ fromDate: '2028-03-16', blocks: [{ code: 'reapply-interval', article: '第十二条' }] });
    expect(mayApply(policy, { cycle: 2028, applicationDate: '2028-03-16', history }).allowed).toBe(true);
  });

  it('第十二条: a re-award gives plaque and certificate only and sits outside the quota', () => {
    expect(prizeForOutcome(policy, { tierId: 'award', priorTiers: ['award'] })).toMatchObject({
      amountCny: 0,
      honours: ['奖牌', '证书'],
      countsAgainstQuota: false,
    });
    const cands = [
      { id: 'again', category: 'service' as const, eligible: true, priorTiers: ['award'] },
      { id: 'a', category: 'service' as const, eligible: true },
      { id: 'b', category: 'service' as const, eligible: true },
    ];
    expect(allocateTiers(policy, cands).tiers[0]!.awarded.map((a) => a.candidateId)).toEqual(['again', 'a', 'b']);
  });

  it('第十二条: a nominee may apply for the award but is not given the nomination again', () => {
    const history = { awards: [{ tierId: 'nomination', cycle: 2024, awardedOn: '2024-12-01' }], sanctions: [] };
    const d = mayApply(policy, { cycle: 2026, applicationDate: '2026-05-01', history });
    expect(d).toEqual({ allowed: true, excludedTiers: [{ tierId: 'nomination', article: '第十二条', message: '已获市长质量奖提名奖，不再重复授予' }] });
    const cands = [
      { id: 'w1', category: 'manufacturing' as const, eligible: true },
      { id: 'w2', category: 'manufacturing' as const, eligible: true },
      { id: 'nominee', category: 'manufacturing' as const, eligible: true, priorTiers: ['nomination'] },
    ];
    const r = allocateTiers(policy, cands);
    expect(r.tiers[1]!.awarded).toEqual([]);
    expect(r.unplaced[0]!.reasons.join()).toContain('不再重复授予');
    const v = validateProposal(policy, cands, { nomination: ['nominee'] });
    expect(v).toMatchObject([{ code: 'repeat-not-allowed', article: '第十二条' }]);
  });

  it('第二十五条: 200,000 for the award, 100,000 for the nomination, a 100,000 top-up for a nominee who wins the award', () => {
    expect(prizeForOutcome(policy, { tierId: 'award', priorTiers: [] }).amountCny).toBe(200_000);
    expect(prizeForOutcome(policy, { tierId: 'nomination', priorTiers: [] }).amountCny).toBe(100_000);
    const topUp = prizeForOutcome(policy, { tierId: 'award', priorTiers: ['nomination'] });
    expect(topUp).toMatchObject({ amountCny: 100_000, countsAgainstQuota: true });
    expect(topUp.lines[0]).toMatchObject({ kind: 'top-up', article: '第二十五条' });
  });

  it('第二十五条: an award holder later winning national or provincial awards receives bonuses', () => {
    expect(bonusForExternalAward(policy, { event: 'china-quality-award', heldTiers: ['award'] }).amountCny).toBe(200_000);
    expect(bonusForExternalAward(policy, { event: 'china-quality-award-nomination', heldTiers: ['award'] }).amountCny).toBe(100_000);
    expect(bonusForExternalAward(policy, { event: 'provincial-governor-award', heldTiers: ['award'] }).amountCny).toBe(100_000);
    expect(bonusForExternalAward(policy, { event: 'china-quality-award', heldTiers: ['nomination'] })).toEqual({ amountCny: 0, lines: [] });
  });

  it('第十五条: the application needs a recommendation from a department, city association or county regulator', () => {
    const ctx = { cycle: 2026, asOf: '2026-06-30' };
    expect(checkEligibility(policy, goodProfile(policy), ctx)).toEqual({ eligible: true });
    const none = checkEligibility(policy, goodProfile(policy, { recommendation: null }), ctx);
    expect(none.eligible === false && none.failures.map((f) => [f.criterion, f.article])).toEqual([['recommendation', '第十五条']]);
    const wrong = checkEligibility(policy, goodProfile(policy, { recommendation: { by: 'county-government' } }), ctx);
    expect(wrong.eligible).toBe(false);
  });

  it('第十一条: last 3 years without administrative penalty or listing as abnormal', () => {
    const r = checkEligibility(
      policy,
      goodProfile(policy, {
        incidents: [
          { kind: 'administrative-penalty', date: '2025-01-10' },
          { kind: 'abnormal-operation-list', date: '2024-08-01' },
          { kind: 'accident-fatal', date: '2025-02-01' },
        ],
      }),
      { cycle: 2026, asOf: '2026-06-30' },
    );
    expect(r.eligible === false && r.failures[0]!.details).toHaveLength(2);
  });

  it('第十六条: the acceptance list is publicised for at least 5 working days before the review', () => {
    const kinds = reviewStepKinds(policy);
    expect(kinds.indexOf('acceptance-publicity')).toBe(kinds.indexOf('eligibility-review') + 1);
    expect(reviewStep(policy, 'acceptance-publicity')!.period).toMatchObject({
      length: { amount: 5, unit: 'workingDays' },
      atLeast: true,
      article: '第十六条',
    });
  });

  it('第二十一条: the award list is publicised for at least 5 working days', () => {
    expect(reviewStep(policy, 'publicity')!.period).toMatchObject({ length: { amount: 5, unit: 'workingDays' }, atLeast: true, article: '第二十一条' });
  });

  it('第三十条: false material when applying bars applications for 5 years', () => {
    const history = { awards: [], sanctions: [{ causeId: 'false-application', cycle: 2026, decidedOn: '2026-07-01' }] };
    const d = mayApply(policy, { cycle: 2030, applicationDate: '2030-06-01', history });
    expect(d.allowed === false && d.blocks.map((b) => [b.code, b.article])).toEqual([['ban-years', '第三十条']]);
    expect(d.allowed === false && d.fromDate).toBe('2031-07-02');
    expect(d.allowed === false && d.fromCycle).toBe(2032);
  });

  it('第三十一条: fraud revokes, recovers plaque, certificate and money, credit record, bars 10 years', () => {
    const c = revocationConsequences(policy, {
      causeId: 'fraud',
      tierId: 'award',
      awardedOn: '2024-12-01',
      occurredOn: '2024-05-01',
      decidedOn: '2027-02-01',
      paidCny: 400_000,
    });
    expect(c.applicable && c.recovery).toEqual({ items: ['奖牌', '证书'], amountCny: 400_000 });
    expect(c.applicable && c.creditRecord).toBe(true);
    expect(c.applicable && c.ban).toMatchObject({ kind: 'until', years: 10, bannedThrough: '2037-02-01', scope: ['各类质量奖项'] });
  });

  it('第三十二条: an incident within 5 years revokes, recovers the money and bars the next cycle only', () => {
    const c = revocationConsequences(policy, {
      causeId: 'incident-after-award',
      tierId: 'award',
      awardedOn: '2024-12-01',
      occurredOn: '2027-03-01',
      decidedOn: '2027-05-10',
      paidCny: 200_000,
    });
    expect(c.applicable && c.recovery.amountCny).toBe(200_000);
    expect(c.applicable && c.ban).toEqual({ kind: 'cycles', barredCycles: [2028], mayApplyFromCycle: 2030, scope: ['市长质量奖'] });
    const history = { awards: [], sanctions: [{ causeId: 'incident-after-award', cycle: 2026, decidedOn: '2027-05-10' }] };
    expect(mayApply(policy, { cycle: 2028, applicationDate: '2028-05-01', history })).toMatchObject({ allowed: false, fromCycle: 2030 });
    expect(mayApply(policy, { cycle: 2030, applicationDate: '2030-05-01', history }).allowed).toBe(true);
    const late = revocationConsequences(policy, { causeId: 'incident-after-award', tierId: 'award', awardedOn: '2024-12-01', occurredOn: '2029-12-02', decidedOn: '2030-01-10' });
    expect(late.applicable).toBe(false);
  });
});
