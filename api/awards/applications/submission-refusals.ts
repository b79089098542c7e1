/** Why an application is not taken yet, shaped like the API's other 400s (`field`, `issues`). */
import { BadRequestException } from '@nestjs/common';
import type { MissingForSubmission } from '../../../workflows/policy/submission';

/**
 * A 400, not a 409 or 422: nothing ran, the request lacks a field this policy requires, and its
 * Idempotency-Key is given back for the corrected request (api/edge/idempotency.interceptor.ts).
 */
export function recommendationRequired(missing: readonly MissingForSubmission[], where: { policyKey: string; year: number; orgId: string }): BadRequestException {
  const first = missing[0]!;
  const draft = `/cycles/${where.policyKey}/${where.year}/applications/${where.orgId}/draft`;
  const field = `body.${first.field}`;
  return new BadRequestException({
    code: 'RECOMMENDATION_REQUIRED',
    message: `${first.message}：请在 recommendation（或 profile.recommendation）中填写推荐意见后提交。推荐意见尚未签署的，可先保存为草稿（PUT ${draft}），取得推荐意见后再提交（POST ${draft}/submit）`,
    field,
    article: first.article,
    issues: missing.map((m) => ({ field: `body.${m.field}`, message: m.message })),
  });
}

/** The 400 of a route that submits an application, for its OpenAPI entry. */
export const recommendationRequiredResponse = {
  description:
    '输入无效（INVALID_INPUT，`field` 指明出错的字段）；或政策要求随申报附推荐意见而缺少（RECOMMENDATION_REQUIRED：field 为 body.recommendation，article 为要求推荐意见的条款）',
};
