import {
  attestationCriteria,
  type ApplicantProfile,
  type Policy,
  type WorkingDayCalendar,
} from '../../workflows/policy/index.js';

/** A profile that meets every criterion of the policy as of 2026; override fields to break one. */
export function goodProfile(policy: Policy, overrides: Partial<ApplicantProfile> = {}): ApplicantProfile {
  const rec = policy.eligibility.criteria.find((c) => c.kind === 'recommendation');
  return {
    organisationId: 'org-1',
    name: '示例质量有限公司',
    registeredInJurisdiction: true,
    paysTaxInJurisdiction: true,
    legalPerson: 'independent',
    organisationKind: 'enterprise',
    industry: 'manufacturing',
    forProfit: true,
    operatingSince: '2010-01-01',
    qualitySystemCertifiedSince: '2012-01-01',
    excellenceModelSince: '2015-01-01',
    safetyStandardisationLevel: 2,
    profitByYear: { 2020: 1e6, 2021: 1e6, 2022: 1e6, 2023: 1e6, 2024: 1e6, 2025: 1e6, 2026: 1e6 },
    incidents: [],
    recommendation: rec && rec.kind === 'recommendation' ? { by: rec.signers[0]! } : null,
    attestations: Object.fromEntries(attestationCriteria(policy).map((a) => [a.id, true])),
    ...overrides,
  };
}

/** A weekends-only calendar for pure deadline tests (never used for real deadlines). */
export const weekendsOnlyCalendar: WorkingDayCalendar = {
  source: 'test-weekends-only',
  coverage: { firstYear: 2000, lastYear: 2100 },
  dayKind: (date) => {
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return dow === 0 || dow === 6 ? 'weekend' : 'workday';
  },
  isWorkingDay: (date) => {
    const dow = new Date(`${date}T00:00:00Z`).getUTCDay();
    return !(dow === 0 || dow === 6);
  },
};

export const china = (local: string): number => Date.parse(`${local}+08:00`);
