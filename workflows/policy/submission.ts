/**
 * What an application still lacks before it may be submitted at all, as opposed to what makes it
 * ineligible once submitted (eligibility.ts). Where the policy's application step requires a
 * recommendation (本溪第十五条, 瀍河第十六条, 大庆第十二条), an application without one is not taken:
 * it can only be kept as incomplete until the recommendation is signed.
 */
import { RECOMMENDER_LABELS } from './labels.js';
import type { Policy, RecommenderKind } from './schema.js';
import { reviewStep } from './steps.js';

export type Recommendation = { by: RecommenderKind; signedOn?: string } | null;

export interface MissingForSubmission {
  /** The application's field, as the API names it. */
  field: 'recommendation';
  article: string;
  /** Chinese, for the applicant. */
  message: string;
}

/**
 * The recommendation an application carries, read as the application machine reads it: one given
 * with the application replaces the profile's, even when it is null.
 */
export function recommendationOf(application: { recommendation?: Recommendation | undefined; profile?: { recommendation?: Recommendation | undefined } }): Recommendation {
  if (application.recommendation !== undefined) return application.recommendation;
  return application.profile?.recommendation ?? null;
}

export function missingForSubmission(
  policy: Policy,
  application: { recommendation?: Recommendation | undefined; profile?: { recommendation?: Recommendation | undefined } },
): MissingForSubmission[] {
  const step = reviewStep(policy, 'application');
  if (!step?.requiresRecommendation || recommendationOf(application) !== null) return [];
  const criterion = policy.eligibility.criteria.find((c) => c.kind === 'recommendation');
  const signers = criterion?.kind === 'recommendation' ? criterion.signers.map((s) => RECOMMENDER_LABELS[s]).join('或') : '';
  return [
    {
      field: 'recommendation',
      article: step.article,
      message: `${policy.awardName}申报须附推荐意见（${step.article}）${signers ? `，由${signers}签署` : ''}`,
    },
  ];
}
