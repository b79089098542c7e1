import { describe, expect, it } from 'vitest';
import {
  allocateTiers,
  annualReportSchedule,
  checkEligibility,
  deadlineFrom,
  isAwardValidOn,
  loadPolicy,
  mayApply,
  prizeForOutcome,
  publicityPeriod,
  revocationConsequences,
  validateProposal,
  validityPeriod,
  type AllocationCandidate,
} from '../../workflows/policy/index.js';
import { china, goodProfile } from './fixtures.js';

const policy = loadPolicy('ganzhou-2022');
const noHistory = { awards: [], sanctions: [] };

describe('ganzhou-2022', () => {
  it('第六条: award and nomination ≤5 each, manufacturing ≤3, service/engineering etc. ≤2 together', () => {
    const ranked: AllocationCandidate[] = [
      ...['m1', 'm2', 'm3', 'm4', 'm5'].map((id) => ({ id, category: 'manufacturing' as const, eligible: true })),
      { id: 's1', category: 'service', eligible: true },
      { id: 'e1', category: 'engineering', eligible: true },
      { id: 'h1', category: 'medical', eligible: true },
      { id: 's2', category: 'service', eligible: true },
    ];
    const result = allocateTiers(policy, ranked);
    const [award, nomination] = result.tiers;
    expect(award!.awarded.map((a) => a.candidateId)).toEqual(['m1', 'm2', 'm3', 's1', 'e1']);
    expect(nomination!.awarded.map((a) => a.candidateId)).toEqual(['m4', 'm5', 'h1', 's2']);
    expect(nomination!.vacancies).toBe(1);
    expect(result.unplaced).toEqual([]);
  });

  it('第六条: places stay vacant when too few candidates qualify', () => {
    const result = allocateTiers(policy, [
      { id: 'a', category: 'manufacturing', eligible: true, qualifiedTiers: ['nomination'] },
      { id: 'b', category: 'service', eligible: false },
    ]);
    expect(result.tiers[0]!.awarded).toEqual([]);
    expect(result.tiers[0]!.vacancies).toBe(5);
    expect(result.tiers[1]!.awarded.map((a) => a.candidateId)).toEqual(['a']);
    expect(result.unplaced[0]!.candidateId).toBe('b');
  });

  it('第六条: a proposal with three service organisations breaks the cap and names the article', () => {
    const cands: AllocationCandidate[] = [
      { id: 's1', category: 'service', eligible: true },
      { id: 'e1', category: 'engineering', eligible: true },
      { id: 'h1', category: 'education', eligible: true },
    ];
    const v = validateProposal(policy, cands, { award: ['s1', 'e1', 'h1'] });
    expect(v).toHaveLength(1);
    expect(v[0]).toMatchObject({ code: 'over-category-cap', article: '第六条' });
    expect(v[0]!.message).toContain('超过2个');
  });

  it('第八条: 500,000 for a first award; the nomination gives plaque and certificate only', () => {
    expect(prizeForOutcome(policy, { tierId: 'award', priorTiers: [] }).amountCny).toBe(500_000);
    expect(prizeForOutcome(policy, { tierId: 'award', priorTiers: ['nomination'] }).amountCny).toBe(500_000);
    const nom = prizeForOutcome(policy, { tierId: 'nomination', priorTiers: [] });
    expect(nom.amountCny).toBe(0);
    expect(nom.honours).toEqual(['奖牌（奖杯）', '证书']);
    expect(nom.lines[0]!.article).toBe('第八条');
  });

  it('第二十七条: a re-award carries no money and sits outside the quota', () => {
    const outcome = prizeForOutcome(policy, { tierId: 'award', priorTiers: ['award'] });
    expect(outcome).toMatchObject({ amountCny: 0, reAward: true, countsAgainstQuota: false });
    expect(outcome.lines[0]!.article).toBe('第二十七条');
    const ranked: AllocationCandidate[] = [
      { id: 'again', category: 'manufacturing', eligible: true, priorTiers: ['award'] },
      ...['m1', 'm2', 'm3'].map((id) => ({ id, category: 'manufacturing' as const, eligible: true })),
      ...['s1', 's2'].map((id) => ({ id, category: 'service' as const, eligible: true })),
    ];
    const award = allocateTiers(policy, ranked).tiers[0]!;
    expect(award.awarded).toHaveLength(6);
    expect(award.withinQuota).toBe(5);
    expect(award.awarded[0]).toMatchObject({ candidateId: 'again', outsideQuota: true });
    expect(validateProposal(policy, ranked, { award: ranked.map((c) => c.id) })).toEqual([]);
  });

  it('第二十七条: a 2022 winner may apply again in the 2028 cycle, not 2024 or 2026', () => {
    const history = { awards: [{ tierId: 'award', cycle: 2022, awardedOn: '2022-12-20' }], sanctions: [] };
    for (const cycle of [2024, 2026]) {
      const d = mayApply(policy, { cycle, applicationDate: `${cycle}-06-01`, history });
      expect(d.allowed).toBe(false);
      if (!d.allowed) {
        expect(d.fromCycle).toBe(2028);
        expect(d.blocks[0]).toMatchObject({ code: 'reapply-interval', article: '第二十七条' });
      }
    }
    expect(mayApply(policy, { cycle: 2028, applicationDate: '2028-06-01', history })).toEqual({ allowed: true, excludedTiers: [] });
  });

  it('第二十七条: a nominee may apply for the award in the next cycle', () => {
    const history = { awards: [{ tierId: 'nomination', cycle: 2022, awardedOn: '2022-12-20' }], sanctions: [] };
    expect(mayApply(policy, { cycle: 2024, applicationDate: '2024-06-01', history }).allowed).toBe(true);
  });

  it('第十三条: every failed condition is listed with its article and a Chinese message', () => {
    const profile = goodProfile(policy, {
      operatingSince: '2024-01-01',
      qualitySystemCertifiedSince: '2024-03-01',
      profitByYear: { 2024: 5e5, 2025: -1e5 },
      incidents: [{ kind: 'accident-fatal', date: '2025-04-02' }],
      safetyStandardisationLevel: null,
      attestations: {},
    });
    const r = checkEligibility(policy, profile, { cycle: 2026, asOf: '2026-06-30' });
    expect(r.eligible).toBe(false);
    if (r.eligible) return;
    const ids = r.failures.map((f) => f.criterion);
    expect(ids).toEqual(
      expect.arrayContaining(['years-in-operation', 'quality-system', 'profit', 'clean-record', 'safety-standardisation', 'industry-leading']),
    );
    const profit = r.failures.find((f) => f.criterion === 'profit')!;
    expect(profit.article).toBe('第十三条第（四）项');
    expect(profit.details).toEqual(['2025年度未盈利（-100000元）']);
    expect(r.failures.find((f) => f.criterion === 'clean-record')!.details[0]).toContain('生产安全亡人责任事故');
  });

  it('第十三条: 近3年 — an incident exactly three years before the reference day no longer counts', () => {
    const at = (date: string) =>
      checkEligibility(policy, goodProfile(policy, { incidents: [{ kind: 'major-quality-complaint', date }] }), {
        cycle: 2026,
        asOf: '2026-06-30',
      }).eligible;
    expect(at('2023-06-30')).toBe(true);
    expect(at('2023-07-01')).toBe(false);
  });

  it('第十三条: profit and safety standardisation apply only to organisations doing business', () => {
    const ngo = goodProfile(policy, { forProfit: false, profitByYear: {}, safetyStandardisationLevel: null, organisationKind: 'public-institution' });
    expect(checkEligibility(policy, ngo, { cycle: 2026, asOf: '2026-06-30' })).toEqual({ eligible: true });
  });

  it('第三条: awarded to enterprises and institutions only', () => {
    const r = checkEligibility(policy, goodProfile(policy, { organisationKind: 'social-organisation' }), { cycle: 2026, asOf: '2026-06-30' });
    expect(r.eligible === false && r.failures.map((f) => f.article)).toEqual(['第三条']);
  });

  it('第二十一条: the publicity lasts 10 calendar days, even across 国庆', () => {
    const period = publicityPeriod(policy);
    expect(period.length).toEqual({ amount: 10, unit: 'calendarDays' });
    const d = deadlineFrom(china('2026-09-28T09:00:00'), period.length);
    expect(d.lastDay).toBe('2026-10-08');
    expect(d.endsAtIso).toBe('2026-10-09T00:00:00+08:00');
  });

  it('第二十三条: validity is 3 years — valid on its last day, not the day after', () => {
    expect(validityPeriod(policy, '2022-12-20')).toMatchObject({ from: '2022-12-21', through: '2025-12-20', article: '第二十三条' });
    expect(isAwardValidOn(policy, '2022-12-20', '2025-12-20')).toBe(true);
    expect(isAwardValidOn(policy, '2022-12-20', '2025-12-21')).toBe(false);
  });

  it('第二十四条: a quality-performance report every year of the validity, and a re-evaluation within it', () => {
    expect(annualReportSchedule(policy, '2022-12-20').map((r) => r.periodEnd)).toEqual(['2023-12-20', '2024-12-20', '2025-12-20']);
    expect(policy.duties.reEvaluation).toMatchObject({ minTimesWithinValidity: 1, article: '第二十四条' });
  });

  it('第二十五条: a summary in the award year and at least one exchange event within the validity', () => {
    expect(policy.duties.experienceSharing.map((d) => [d.kind, d.minCount ?? null, d.article])).toEqual([
      ['summary-in-award-year', null, '第二十五条'],
      ['exchange-events', 1, '第二十五条'],
    ]);
  });

  it('第二十八条: fraud revokes, recovers plaque, certificate and prize, and bars for 10 years', () => {
    const c = revocationConsequences(policy, {
      causeId: 'fraud',
      tierId: 'award',
      awardedOn: '2022-12-20',
      occurredOn: '2022-05-01',
      decidedOn: '2024-03-15',
      paidCny: 500_000,
    });
    expect(c.applicable).toBe(true);
    if (!c.applicable) return;
    expect(c.recovery).toEqual({ items: ['奖牌（奖杯）', '证书'], amountCny: 500_000 });
    expect(c.ban).toMatchObject({ kind: 'until', bannedThrough: '2034-03-15', mayApplyFrom: '2034-03-16' });
    const history = { awards: [], sanctions: [{ causeId: 'fraud', cycle: 2024, decidedOn: '2024-03-15' }] };
    const d = mayApply(policy, { cycle: 2034, applicationDate: '2034-03-15', history });
    expect(d.allowed === false && d.fromDate).toBe('2034-03-16');
    expect(mayApply(policy, { cycle: 2034, applicationDate: '2034-03-16', history }).allowed).toBe(true);
  });

  it('第三十条: an incident on the last day of the validity revokes and bars for 5 years; the next day it does not', () => {
    const base = { causeId: 'incident-within-validity', tierId: 'nomination', awardedOn: '2022-12-20', decidedOn: '2026-01-10' };
    const inside = revocationConsequences(policy, { ...base, occurredOn: '2025-12-20', paidCny: 0 });
    expect(inside.applicable).toBe(true);
    if (inside.applicable) {
      expect(inside).toMatchObject({ revoke: true, stopUsingTitle: true, publicNotice: true, article: '第三十条' });
      expect(inside.recovery.amountCny).toBe(0);
      expect(inside.ban).toMatchObject({ kind: 'until', years: 5, bannedThrough: '2031-01-10' });
    }
    const outside = revocationConsequences(policy, { ...base, occurredOn: '2025-12-21' });
    expect(outside.applicable).toBe(false);
  });

  it('第七条, 第四条: no fees; GB/T 19580 judging the prior 3 years', () => {
    expect(policy.fees).toMatchObject({ charged: false, article: '第七条' });
    expect(policy.scoring).toMatchObject({ modelId: 'GB/T 19580', assessedYears: 3, article: '第四条' });
    expect(mayApply(policy, { cycle: 2026, applicationDate: '2026-05-01', history: noHistory }).allowed).toBe(true);
  });
});
