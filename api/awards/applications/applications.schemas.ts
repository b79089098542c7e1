/** Request schemas of the application routes, and the action table: URL action → machine event + body. */
import { z } from 'zod';
import { APPLICATION_STATUSES } from '../../../workflows/machines/application/types';
import {
  INCIDENT_KINDS,
  INDUSTRY_CATEGORIES,
  ORGANISATION_KINDS,
  RECOMMENDER_KINDS,
  SCORING_CATEGORY_IDS,
  isIsoDate,
  type ApplicantProfile,
} from '../../../workflows/policy/index.js';
import { orgIdSchema } from '../shared/params';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });
const reasons = z.array(text(2000)).max(50);

const recommendationSchema = z.strictObject({ by: z.enum(RECOMMENDER_KINDS), signedOn: isoDate.optional() }).nullable();

/** `ApplicantProfile` (workflows/policy/eligibility.ts): the facts eligibility is decided on. */
const profileFields = {
  organisationId: orgIdSchema.optional().describe('省略时取 orgId；填写时须与 orgId 一致'),
  name: text(200).optional().describe('省略时取 organisationName'),
  registeredInJurisdiction: z.boolean(),
  paysTaxInJurisdiction: z.boolean(),
  legalPerson: z.enum(['independent', 'non-independent', 'none']),
  organisationKind: z.enum(ORGANISATION_KINDS),
  industry: z.enum(INDUSTRY_CATEGORIES),
  forProfit: z.boolean(),
  operatingSince: isoDate,
  qualitySystemCertifiedSince: isoDate.nullable(),
  excellenceModelSince: isoDate.nullable(),
  safetyStandardisationLevel: z.number().int().min(1).max(10).nullable(),
  profitByYear: z.record(z.string().regex(/^\d{4}$/, '年份须为四位数字'), z.number().finite()),
  incidents: z.array(z.strictObject({ kind: z.enum(INCIDENT_KINDS), date: isoDate, description: text(2000).optional() })).max(200),
  recommendation: recommendationSchema,
  attestations: z.record(z.string().min(1).max(100), z.boolean()),
};
export const applicantProfileSchema = z.strictObject(profileFields);

export const submitApplicationSchema = z
  .strictObject({
    orgId: orgIdSchema,
    organisationName: text(200),
    category: z.enum(INDUSTRY_CATEGORIES).describe('行业类别（限额分组）'),
    profile: applicantProfileSchema,
    recommendation: recommendationSchema.optional().describe('随申报提交的推荐意见，覆盖 profile.recommendation'),
    priorTiers: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).max(20).optional().describe('以往届次获得的奖项'),
    contactEmail: z.email().optional().describe('书面告知的收件地址'),
  })
  .refine((body) => body.profile.organisationId === undefined || body.profile.organisationId === body.orgId, {
    message: 'profile.organisationId 须与 orgId 一致',
    path: ['profile', 'organisationId'],
  });
export type SubmitApplication = z.infer<typeof submitApplicationSchema>;

/** The profile the machine gets: ids filled from the application. */
export function profileOf(body: SubmitApplication): ApplicantProfile {
  return {
    ...body.profile,
    organisationId: body.orgId,
    name: body.profile.name ?? body.organisationName,
    profitByYear: Object.fromEntries(Object.entries(body.profile.profitByYear).map(([year, profit]) => [Number(year), profit])),
  };
}

export const listApplicationsQuerySchema = {
  stage: z.enum(APPLICATION_STATUSES).optional().describe('申报状态，如 submitted、eligible、scored'),
  tier: z.string().regex(/^[a-z][a-z0-9-]*$/, '奖项标识须为小写英文').optional().describe('拟奖/获奖奖项'),
  limit: z.coerce.number().int().min(1).max(500).optional().describe('每页条数，默认 50，最多 500'),
  offset: z.coerce.number().int().min(0).optional().describe('跳过的条数，默认 0'),
};
export const listApplicationsQuery = z.strictObject(listApplicationsQuerySchema);

const empty = z.strictObject({}).optional();
const phase = z.enum(['material', 'onSite']).describe('评审阶段：material 材料评审，onSite 现场评审');
const reviewerId = z.string().min(1).max(200).describe('评审专家的用户 id（令牌的 sub）');
const scoreSheet = z
  .strictObject(Object.fromEntries(SCORING_CATEGORY_IDS.map((id) => [id, z.number().finite()])) as Record<(typeof SCORING_CATEGORY_IDS)[number], z.ZodNumber>)
  .describe(`GB/T 19580 各类目得分：${SCORING_CATEGORY_IDS.join('、')}（分值范围由流程按评分模型检查）`);

/** `POST /applications/:policyKey/:year/:orgId/actions/:action`. */
export const APPLICATION_ACTIONS = {
  'request-supplement': {
    event: 'REQUEST_SUPPLEMENT',
    summary: '通知补充材料',
    body: z.strictObject({ items: z.array(text(500)).min(1).max(50), note: text(2000).optional() }),
  },
  'return-supplement': {
    event: 'SUPPLEMENT_RETURNED',
    summary: '提交补充材料',
    body: z.strictObject({ profile: applicantProfileSchema.partial().optional(), note: text(2000).optional() }).optional(),
  },
  'record-eligibility': {
    event: 'RECORD_ELIGIBILITY',
    summary: '记录资格审查结论',
    body: z
      .strictObject({
        eligible: z.boolean().optional().describe('办公室的结论；省略则按申报条件判定'),
        reasons: reasons.optional().describe('理由（认定不符合条件时必填）'),
        attestations: z.record(z.string().min(1).max(100), z.boolean()).optional().describe('办公室对需认定条件（如同行业领先）的判断'),
      })
      .optional(),
  },
  'assign-reviewer': { event: 'ASSIGN_REVIEWER', summary: '分配评审专家', body: z.strictObject({ reviewerId, phase }) },
  'declare-conflict': {
    event: 'DECLARE_CONFLICT',
    summary: '申报回避（利害关系）',
    body: z.strictObject({ reviewerId: reviewerId.optional().describe('评审专家本人申报时可省略'), note: text(2000).optional() }).optional(),
  },
  'submit-score': {
    event: 'SUBMIT_SCORE',
    summary: '提交评分',
    body: z.strictObject({ reviewerId: reviewerId.optional().describe('评审专家本人提交时可省略'), phase, scores: scoreSheet }),
  },
  advance: { event: 'ADVANCE', summary: '进入现场评审', body: empty },
  'not-advance': { event: 'NOT_ADVANCE', summary: '未进入现场评审', body: z.strictObject({ reasons: reasons.optional() }).optional() },
  'conclude-on-site': { event: 'CONCLUDE_ON_SITE', summary: '现场评审结束，计算总分', body: empty },
  disqualify: { event: 'DISQUALIFY', summary: '取消评选资格', body: z.strictObject({ reason: text(2000) }) },
  withdraw: { event: 'WITHDRAW', summary: '撤回申报', body: z.strictObject({ reason: text(2000).optional() }).optional() },
} as const satisfies Record<string, { event: string; summary: string; body: z.ZodType }>;

export type ApplicationAction = keyof typeof APPLICATION_ACTIONS;
export const applicationActionSchema = z.enum(Object.keys(APPLICATION_ACTIONS) as [ApplicationAction, ...ApplicationAction[]]).describe(
  `操作：${Object.entries(APPLICATION_ACTIONS).map(([name, a]) => `${name}（${a.summary}，${a.event}）`).join('；')}`,
);
export const applicationActionBodySchema = z
  .union([...new Set(Object.values(APPLICATION_ACTIONS).map((a) => a.body))] as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])
  .describe('请求体随 action 而定（见各操作说明）；无参数的操作可省略请求体');

/** Actions that name a reviewer who, when the caller is one, defaults to the caller. */
export const REVIEWER_ACTIONS: readonly ApplicationAction[] = ['declare-conflict', 'submit-score'];
