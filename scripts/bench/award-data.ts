/**
 * The cycle benchmark's applicants: profiles, categories and scores, deterministic so two runs
 * drive the same cycle. Profiles and score sheets are the tests' own fixtures (as the history
 * recorder uses the tests' scenarios).
 */
import type { IndustryCategory, Policy } from '../../workflows/policy/index.js';

import { goodProfile } from '../../tests/policy/fixtures';
export { sheetTotalling } from '../../tests/support/score-sheets';

export interface BenchApplicant {
  orgId: string;
  organisationName: string;
  category: IndustryCategory;
  /** Made ineligible through its profile (not registered in the jurisdiction), so it finishes early. */
  ineligible: boolean;
  /** The total each phase's single reviewer gives (0–1000). */
  materialScore: number;
  onSiteScore: number;
}

/** One applicant in this many is ineligible (5%). */
const INELIGIBLE_EVERY = 20;

/**
 * The categories the policy's quotas are counted in, manufacturing first: half the applicants are
 * manufacturers, the rest rotate through the other capped categories (service, medical, …), so the
 * proposal meets both of 第六条's caps.
 */
export function benchCategories(policy: Policy): IndustryCategory[] {
  const capped = [...new Set(policy.tiers.flatMap((tier) => tier.categoryCaps.flatMap((cap) => cap.categories)))];
  return capped.length > 0 ? capped : ['manufacturing', 'service'];
}

export function benchApplicants(policy: Policy, count: number): BenchApplicant[] {
  const categories = benchCategories(policy);
  const [first, ...others] = categories;
  return Array.from({ length: count }, (_, i) => {
    const orgId = `org-${String(i + 1).padStart(5, '0')}`;
    const category = i % 2 === 0 || others.length === 0 ? first! : others[Math.floor(i / 2) % others.length]!;
    // Spread scores over 500–949 without a visible pattern; on-site moves up to ±40 from material.
    const materialScore = 500 + ((i * 7919 + 13) % 450);
    const onSiteScore = Math.max(0, Math.min(1000, materialScore + ((i * 37) % 81) - 40));
    return {
      orgId,
      organisationName: `基准${orgId}质量有限公司`,
      category,
      ineligible: i % INELIGIBLE_EVERY === INELIGIBLE_EVERY - 1,
      materialScore,
      onSiteScore,
    };
  });
}

/** The body of `POST /cycles/:policyKey/:year/applications`, as the e2e test sends it. */
export function applicationBody(policy: Policy, applicant: BenchApplicant) {
  return {
    orgId: applicant.orgId,
    organisationName: applicant.organisationName,
    category: applicant.category,
    profile: goodProfile(policy, {
      organisationId: applicant.orgId,
      name: applicant.organisationName,
      industry: applicant.category,
      ...(applicant.ineligible ? { registeredInJurisdiction: false } : {}),
    }),
  };
}
