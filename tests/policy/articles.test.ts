/** Articles whose reading changed with issue 11, tested by the article. */
import { describe, expect, it } from 'vitest';
import { application, type ApplicationContext, type ApplicationInput } from '../../workflows/machines/application';
import { computeEligibility } from '../../workflows/machines/application/rules';
import { checkEligibility, loadPolicy, parsePolicy, type ApplicantProfile } from '../../workflows/policy/index.js';
import { chanhe2021 } from '../../workflows/policy/jurisdictions/chanhe-2021.js';
import { start } from '../../workflows/runtime/interpreter';
import { china, goodProfile } from './fixtures.js';

const chanhe = loadPolicy('chanhe-2021');
const asOf = { cycle: 2026, asOf: '2026-06-30' };

/** A public institution (not engaged in production or business) that lost money in 2024. */
const nonProfitWithLoss = (overrides: Partial<ApplicantProfile> = {}): ApplicantProfile =>
  goodProfile(chanhe, { forProfit: false, organisationKind: 'public-institution', profitByYear: { 2024: -300_000, 2025: 50_000 }, ...overrides });

describe('瀍河第十一条: 近2年无生产经营亏损情况 binds every applicant', () => {
  it('a non-profit applicant with a loss year is ineligible under chanhe-2021, citing 第十一条', () => {
    const r = checkEligibility(chanhe, nonProfitWithLoss(), asOf);
    expect(r.eligible).toBe(false);
    if (r.eligible) return;
    expect(r.failures).toEqual([expect.objectContaining({ criterion: 'no-loss', article: '第十一条', details: ['2024年度亏损（-300000元）'] })]);
    // Without the loss it is eligible: the condition, not the kind of organisation, decides.
    expect(checkEligibility(chanhe, nonProfitWithLoss({ profitByYear: { 2024: 0, 2025: 50_000 } }), asOf).eligible).toBe(true);
  });

  it('a policy reading it as binding only those engaged in production or business (appliesTo: for-profit) exempts the non-profit', () => {
    const forProfitOnly = parsePolicy({
      ...chanhe2021,
      eligibility: { criteria: chanhe2021.eligibility.criteria.map((c) => (c.kind === 'profit' ? { ...c, appliesTo: 'for-profit' as const } : c)) },
    });
    expect(checkEligibility(forProfitOnly, nonProfitWithLoss(), asOf).eligible).toBe(true);
    // A for-profit applicant with the same loss is still refused.
    const r = checkEligibility(forProfitOnly, nonProfitWithLoss({ forProfit: true, organisationKind: 'enterprise' }), asOf);
    expect(r.eligible === false && r.failures.map((f) => f.criterion)).toEqual(['no-loss']);
  });

  it('applications started before the articles were enforced keep the old reading (for-profit only), those started since follow the text', () => {
    const input: ApplicationInput = {
      policyKey: 'chanhe-2021',
      year: 2026,
      orgId: 'np',
      organisationName: '某某研究院',
      category: 'research',
      profile: nonProfitWithLoss(),
      applicationDeadline: china('2026-06-30T17:00:00'),
      submittedAt: china('2026-05-01T09:00:00'),
    };
    const contextOf = (enforcesArticles: boolean | undefined) =>
      start(application, enforcesArticles === undefined ? input : { ...input, enforcesArticles }, input.submittedAt!).state.snapshot.context as ApplicationContext;
    const at = china('2026-07-01T09:00:00');
    const record = { type: 'RECORD_ELIGIBILITY' } as const;
    expect(computeEligibility(contextOf(undefined), record, at).eligible).toBe(true);
    expect(computeEligibility(contextOf(false), record, at).eligible).toBe(true);
    const since = computeEligibility(contextOf(true), record, at);
    expect(since.eligible === false && since.failures.map((f) => [f.criterion, f.article])).toEqual([['no-loss', '第十一条']]);
  });
});
