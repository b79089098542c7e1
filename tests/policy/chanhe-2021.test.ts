import { describe, expect, it } from 'vitest';
import {
  allocateTiers,
  annualReportSchedule,
  checkEligibility,
  deadlineFrom,
  GBT_19580,
  loadPolicy,
  mayApply,
  prizeForOutcome,
  publicityPeriod,
  reviewStep,
  revocationConsequences,
  SCORING_MODELS,
  validityPeriod,
} from '../../workflows/policy/index.js';
import { china, goodProfile } from './fixtures.js';

const policy = loadPolicy('chanhe-2021');

describe('chanhe-2021', () => {
  it('第四条: one tier, at most 5 per biennial cycle, vacancies allowed', () => {
    expect(policy.tiers.map((t) => [t.id, t.quota.max])).toEqual([['award', 5]]);
    const r = allocateTiers(policy, ['a', 'b', 'c', 'd', 'e', 'f'].map((id) => ({ id, category: 'other' as const, eligible: true })));
    expect(r.tiers[0]!.awarded).toHaveLength(5);
    expect(r.unplaced.map((u) => u.candidateId)).toEqual(['f']);
  });

  it('第二十条: 100,000 per award; the regulation is silent on re-awards, so a re-award is paid and counted', () => {
    expect(prizeForOutcome(policy, { tierId: 'award', priorTiers: [] }).amountCny).toBe(100_000);
    expect(prizeForOutcome(policy, { tierId: 'award', priorTiers: ['award'] })).toMatchObject({ amountCny: 100_000, countsAgainstQuota: true });
    expect(policy.reapply.winner.kind).toBe('not-regulated');
    const history = { awards: [{ tierId: 'award', cycle: 2024, awardedOn: '2024-12-01' }], sanctions: [] };
    expect(mayApply(policy, { cycle: 2026, applicationDate: '2026-05-01', history }).allowed).toBe(true);
  });

  it('第十条: registered, paying tax in 瀍河, main business 3 years or more', () => {
    const r = checkEligibility(policy, goodProfile(policy, { paysTaxInJurisdiction: false, operatingSince: '2023-07-01' }), { cycle: 2026, asOf: '2026-06-30' });
    expect(r.eligible === false && r.failures.map((f) => [f.criterion, f.article])).toEqual([
      ['pays-tax', '第十条'],
      ['years-in-operation', '第十条'],
    ]);
    const exactly3 = checkEligibility(policy, goodProfile(policy, { operatingSince: '2023-06-30' }), { cycle: 2026, asOf: '2026-06-30' });
    expect(exactly3.eligible).toBe(true);
  });

  it('第十一条: no operating loss and no major accident in the last 2 years', () => {
    const r = checkEligibility(
      policy,
      goodProfile(policy, {
        profitByYear: { 2024: 0, 2025: -1 },
        incidents: [
          { kind: 'accident-major', date: '2024-07-01' },
          { kind: 'accident-major', date: '2024-06-30' },
        ],
      }),
      { cycle: 2026, asOf: '2026-06-30' },
    );
    expect(r.eligible).toBe(false);
    if (r.eligible) return;
    expect(r.failures.find((f) => f.criterion === 'no-loss')!.details).toEqual(['2025年度亏损（-1元）']);
    expect(r.failures.find((f) => f.criterion === 'clean-record')!.details).toEqual(['2024-07-01：重大及以上事故']);
  });

  it('第十三条: GB/T 19580-2012, 1000 points over 7 categories', () => {
    expect(policy.scoring).toMatchObject({ modelId: 'GB/T 19580', edition: 'GB/T 19580-2012', article: '第十三条' });
    const model = SCORING_MODELS[policy.scoring.modelId]!;
    expect(model).toBe(GBT_19580);
    expect(model.categories.map((c) => c.maxPoints)).toEqual([110, 90, 90, 130, 100, 80, 400]);
    expect(model.categories.reduce((s, c) => s + c.maxPoints, 0)).toBe(model.totalPoints);
  });

  it('第十八条: the committee votes, weighing industry representativeness and rank', () => {
    expect(reviewStep(policy, 'deliberation')).toMatchObject({ actor: '评委会', vote: { article: '第十八条' }, considersIndustrySpread: true });
  });

  it('第十九条: 7 days of publicity, which must pass without objection', () => {
    const p = publicityPeriod(policy);
    expect(p.length).toEqual({ amount: 7, unit: 'calendarDays' });
    expect(deadlineFrom(china('2026-02-12T15:00:00'), p.length).lastDay).toBe('2026-02-19');
    expect(policy.objections.mustPassWithoutObjection).toMatchObject({ value: true, article: '第十九条' });
  });

  it('第二十四条: a quality-performance report each year for 3 years; no validity is set', () => {
    expect(validityPeriod(policy, '2024-12-01')).toBeNull();
    expect(annualReportSchedule(policy, '2024-02-29').map((r) => r.periodEnd)).toEqual(['2025-02-28', '2026-02-28', '2027-02-28']);
  });

  it('第二十八条: fraud revokes, recovers trophy, certificate and prize, bars 4 years', () => {
    const c = revocationConsequences(policy, { causeId: 'fraud', tierId: 'award', awardedOn: '2024-12-01', occurredOn: '2024-03-01', decidedOn: '2025-06-01', paidCny: 100_000 });
    expect(c.applicable && c.recovery).toEqual({ items: ['奖杯', '证书'], amountCny: 100_000 });
    expect(c.applicable && c.ban).toMatchObject({ kind: 'until', bannedThrough: '2029-06-01' });
  });

  it('第二十九条: within 2 years of a leap-day award (through 2026-02-28) an accident revokes; on 2026-03-01 it does not', () => {
    const base = { causeId: 'incident-after-award', tierId: 'award', awardedOn: '2024-02-29', decidedOn: '2026-04-01', paidCny: 100_000 };
    const inside = revocationConsequences(policy, { ...base, occurredOn: '2026-02-28' });
    expect(inside.applicable).toBe(true);
    if (inside.applicable) {
      expect(inside.window).toEqual({ from: '2024-03-01', through: '2026-02-28' });
      expect(inside.recovery).toEqual({ items: ['奖杯', '证书'], amountCny: 0 });
      expect(inside.ban).toMatchObject({ kind: 'until', years: 4, bannedThrough: '2030-04-01' });
    }
    expect(revocationConsequences(policy, { ...base, occurredOn: '2026-03-01' }).applicable).toBe(false);
  });
});
