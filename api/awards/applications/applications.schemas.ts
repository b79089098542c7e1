/** Request schemas of the application routes, and the action table: URL action → machine event + body. */
import { z } from 'zod';
import { APPLICATION_STATUSES } from '../../../workflows/machines/application/types';
import {
  DURATION_UNITS,
  INCIDENT_KINDS,
  INCIDENT_LABELS,
  INDUSTRY_CATEGORIES,
  INDUSTRY_LABELS,
  ORGANISATION_KINDS,
  ORGANISATION_KIND_LABELS,
  POLICY_KEYS,
  RECOMMENDER_KINDS,
  RECOMMENDER_LABELS,
  SCORING_CATEGORY_IDS,
  attestationCriteria,
  formatDuration,
  isIsoDate,
  loadPolicy,
  reviewStep,
  type ApplicantProfile,
} from '../../../workflows/policy/index.js';
import { orgIdSchema } from '../shared/params';
// The request bodies the README's walk-through sends (examples/<policyKey>/), shown in /docs-json as
// examples; tests/e2e/examples.test.ts sends the same files through the API, so they stay valid.
import ganzhouApplication from '../../../examples/ganzhou-2022/application-org-a.json';
import ganzhouEligibility from '../../../examples/ganzhou-2022/record-eligibility.json';
import ganzhouMaterialReviewer from '../../../examples/ganzhou-2022/assign-material-reviewer.json';
import ganzhouMaterialScore from '../../../examples/ganzhou-2022/score-material.json';
import ganzhouOnSiteReviewer from '../../../examples/ganzhou-2022/assign-on-site-reviewer.json';
import ganzhouOnSiteScore from '../../../examples/ganzhou-2022/score-on-site.json';
import benxiApplication from '../../../examples/benxi-draft/application-org-a.json';
import benxiEligibility from '../../../examples/benxi-draft/record-eligibility.json';
import chanheApplication from '../../../examples/chanhe-2021/application-org-a.json';
import chanheEligibility from '../../../examples/chanhe-2021/record-eligibility.json';
import daqingApplication from '../../../examples/daqing-2018/application-org-a.json';
import daqingEligibility from '../../../examples/daqing-2018/record-eligibility.json';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });
const reasons = z.array(text(2000)).max(50);

const labelled = (labels: Readonly<Record<string, string>>) => Object.entries(labels).map(([id, label]) => `${id} ${label}`).join('，');

/** A signed recommendation (推荐意见). */
export const recommendationGivenSchema = z.strictObject({
  by: z.enum(RECOMMENDER_KINDS).describe(`推荐单位：${labelled(RECOMMENDER_LABELS)}`),
  signedOn: isoDate.optional().describe('签署推荐意见的日期'),
});
const recommendationSchema = recommendationGivenSchema.nullable();

/** Where a recommendation is required, for the descriptions. */
const RECOMMENDATION_POLICIES = POLICY_KEYS.flatMap((key) => {
  const step = reviewStep(loadPolicy(key), 'application');
  return step?.requiresRecommendation ? [`${key}（${step.article}）`] : [];
}).join('、');

/** Each policy's attestation keys, for the descriptions: the office confirms them at record-eligibility. */
const ATTESTATION_KEYS = POLICY_KEYS.map((key) => `${key}：${attestationCriteria(loadPolicy(key)).map((a) => `${a.id}（${a.message}，${a.article}）`).join('；')}`).join('。');
/** Which policies set a supplement deadline, with their default and article, for the description. */
const SUPPLEMENT_POLICIES = POLICY_KEYS.flatMap((key) => {
  const rule = reviewStep(loadPolicy(key), 'eligibility-review')?.supplementRequest;
  return rule ? [`${key}：默认${formatDuration(rule.within)}，届满前${rule.remindDaysBefore}日提醒，${rule.article}`] : [];
}).join('；');
const ATTESTATION_KEY_IDS = POLICY_KEYS.map((key) => `${key}：${attestationCriteria(loadPolicy(key)).map((a) => a.id).join('、')}`).join('；');

/** `ApplicantProfile` (workflows/policy/eligibility.ts): the facts eligibility is decided on. */
const profileFields = {
  organisationId: orgIdSchema.optional().describe('省略时取 orgId；填写时须与 orgId 一致'),
  name: text(200).optional().describe('省略时取 organisationName'),
  registeredInJurisdiction: z.boolean().describe('是否在本行政区域内依法登记注册'),
  paysTaxInJurisdiction: z.boolean().describe('是否在本行政区域内依法纳税'),
  legalPerson: z.enum(['independent', 'non-independent', 'none']).describe('法人资格：independent 独立法人，non-independent 非独立法人，none 不具有法人资格'),
  organisationKind: z.enum(ORGANISATION_KINDS).describe(`组织类型：${labelled(ORGANISATION_KIND_LABELS)}`),
  industry: z.enum(INDUSTRY_CATEGORIES).describe(`所属行业：${labelled(INDUSTRY_LABELS)}`),
  forProfit: z.boolean().describe('是否从事生产、经营活动；false（非营利组织）时不适用政策写明只约束生产经营组织的盈利、安全生产标准化条件（如 ganzhou-2022 第十三条第（四）项）；chanhe-2021 第十一条的无亏损条件适用于全部申报单位'),
  operatingSince: isoDate.describe('开始依法从事主营业务的日期（YYYY-MM-DD），运营年限算至申报截止日'),
  qualitySystemCertifiedSince: isoDate.nullable().describe('通过 GB/T 19001 或其他国际通行管理体系认证并开始运行的日期；未认证为 null'),
  excellenceModelSince: isoDate.nullable().describe('开始推行卓越绩效管理模式的日期；未推行为 null'),
  safetyStandardisationLevel: z.number().int().min(1).max(10).nullable().describe('安全生产标准化等级，1 级最高；未评级为 null'),
  profitByYear: z
    .record(z.string().regex(/^\d{4}$/, '年份须为四位数字'), z.number().finite())
    .describe('各年度净利润（元），键为四位年份；盈利条件回看申报截止日所在年之前的年度（如截止于2026年，看2024、2025年）'),
  incidents: z
    .array(z.strictObject({ kind: z.enum(INCIDENT_KINDS).describe(`不良记录类型：${labelled(INCIDENT_LABELS)}`), date: isoDate, description: text(2000).optional() }))
    .max(200)
    .describe('近年的事故、抽查不合格、失信等不良记录；没有则为 []'),
  recommendation: recommendationSchema
    .optional()
    .describe(`推荐意见；政策不要求推荐（如 ganzhou-2022）时可为 null 或省略。须附推荐意见的政策（${RECOMMENDATION_POLICIES}）下缺少时不予提交（400 RECOMMENDATION_REQUIRED），可先保存为草稿`),
  attestations: z
    .record(z.string().min(1).max(100), z.boolean())
    .describe(`须经办公室认定的条件，键为政策的条件标识。申报时通常为 {}，由办公室在资格审查（record-eligibility）时确认。各政策的键：${ATTESTATION_KEY_IDS}（docs/policies.md）`),
};
export const applicantProfileSchema = z.strictObject(profileFields).meta({ examples: [ganzhouApplication.profile] });

const applicationFields = {
  orgId: orgIdSchema,
  organisationName: text(200),
  category: z.enum(INDUSTRY_CATEGORIES).describe('行业类别（限额分组）'),
  profile: applicantProfileSchema,
  recommendation: recommendationSchema.optional().describe('随申报提交的推荐意见，覆盖 profile.recommendation'),
  priorTiers: z.array(z.string().regex(/^[a-z][a-z0-9-]*$/)).max(20).optional().describe('以往届次获得的奖项'),
  contactEmail: z.email().optional().describe('书面告知的收件地址'),
};

const profileOfSameOrganisation = {
  check: (body: { orgId?: string | undefined; profile: { organisationId?: string | undefined } }) =>
    body.profile.organisationId === undefined || body.orgId === undefined || body.profile.organisationId === body.orgId,
  params: { message: 'profile.organisationId 须与 orgId 一致', path: ['profile', 'organisationId'] },
};

export const submitApplicationSchema = z
  .strictObject(applicationFields)
  .refine(profileOfSameOrganisation.check, profileOfSameOrganisation.params)
  .describe(
    `须附推荐意见的政策（${RECOMMENDATION_POLICIES}）下，recommendation 与 profile.recommendation 均缺少或为 null 时不予提交（400 RECOMMENDATION_REQUIRED），可先保存为草稿（PUT …/applications/{orgId}/draft）。示例依次为 ganzhou-2022、benxi-draft、chanhe-2021、daqing-2018 下符合申报条件的申报（examples/<policyKey>/application-org-a.json）`,
  )
  .meta({ examples: [ganzhouApplication, benxiApplication, chanheApplication, daqingApplication] });
export type SubmitApplication = z.infer<typeof submitApplicationSchema>;

function withoutRecommendation<T extends { recommendation?: unknown }>(profile: T): Omit<T, 'recommendation'> {
  const { recommendation: _signed, ...rest } = profile;
  return rest;
}

/** An application kept as incomplete: the same as a submission, but orgId comes from the path (and the recommendation may be missing, as it may on submission, where it is then refused). */
export const draftApplicationSchema = z
  .strictObject({ ...applicationFields, orgId: orgIdSchema.optional().describe('省略时取路径中的 orgId；填写时须与之一致') })
  .refine(profileOfSameOrganisation.check, profileOfSameOrganisation.params)
  .describe('与提交申报的请求体相同；推荐意见尚未签署时可以缺少，提交时再补上')
  .meta({ examples: [{ ...benxiApplication, profile: withoutRecommendation(benxiApplication.profile) }] });
export type DraftApplication = z.infer<typeof draftApplicationSchema>;

/** The profile the machine gets: ids filled from the application. */
export function profileOf(body: SubmitApplication): ApplicantProfile {
  return {
    ...body.profile,
    organisationId: body.orgId,
    name: body.profile.name ?? body.organisationName,
    recommendation: body.profile.recommendation ?? null,
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
  .describe(`GB/T 19580 各类目得分：${SCORING_CATEGORY_IDS.join('、')}（分值范围由流程按评分模型检查）`)
  .meta({ examples: [ganzhouMaterialScore.scores] });

/** `POST /applications/:policyKey/:year/:orgId/actions/:action`. */
export const APPLICATION_ACTIONS = {
  'request-supplement': {
    event: 'REQUEST_SUPPLEMENT',
    summary: '通知补充材料',
    body: z
      .strictObject({
        items: z.array(text(500)).min(1).max(50).describe('需补充的材料，逐项列明'),
        note: text(2000).optional(),
        dueOn: isoDate.optional().describe('办公室规定的补充截止日（含当日，北京时间，YYYY-MM-DD），不得早于今天'),
        within: z
          .strictObject({ amount: z.number().int().min(1).max(366), unit: z.enum(DURATION_UNITS).describe(`单位：${DURATION_UNITS.join('、')}`) })
          .optional()
          .describe('办公室规定的补充期限，自通知之日起算（工作日按国务院节假日安排计算）'),
      })
      .refine((body) => body.dueOn === undefined || body.within === undefined, { message: 'dueOn 与 within 只能填写其一', path: ['within'] })
      .describe(
        `政策规定补充期限的（${SUPPLEMENT_POLICIES}），申报单位按联系邮箱收到书面通知（含材料清单和截止日），届满前收到提醒，届满时办公室收到通知、申报标记为逾期（不自动作出结论）；dueOn、within 都不填时按政策的期限`,
      )
      .meta({
        examples: [
          { items: ['近三年财务审计报告', '县区政府推荐意见原件'], note: '请加盖公章' },
          { items: ['质量管理体系认证证书'], dueOn: '2026-12-18' },
          { items: ['近三年财务审计报告'], within: { amount: 5, unit: 'workingDays' } },
        ],
      }),
  },
  'return-supplement': {
    event: 'SUPPLEMENT_RETURNED',
    summary: '提交补充材料',
    body: z
      .strictObject({ profile: applicantProfileSchema.partial().optional(), note: text(2000).optional() })
      .meta({ examples: [{ profile: { qualitySystemCertifiedSince: '2014-06-01' }, note: '已补充质量管理体系认证证书' }] })
      .optional(),
  },
  'record-eligibility': {
    event: 'RECORD_ELIGIBILITY',
    summary: '记录资格审查结论',
    body: z
      .strictObject({
        eligible: z.boolean().optional().describe('办公室的结论；省略则按申报条件判定'),
        reasons: reasons.optional().describe('理由（认定不符合条件时必填）'),
        attestations: z
          .record(z.string().min(1).max(100), z.boolean())
          .optional()
          .describe(`办公室对需认定条件（如同行业领先）的判断，键为条件标识；缺少任何一项，按申报条件判定为不符合。各政策的键：${ATTESTATION_KEYS}`),
      })
      .describe(
        '带 eligible: true 时，不符合的条件（含缺少的认定键）以 409 ELIGIBILITY_CONTRADICTS_RULES 逐项列出，申报仍待审查；省略 eligible 时按申报条件判定，不符合即为最终结论（ineligible）。示例依次为 ganzhou-2022、benxi-draft、chanhe-2021、daqing-2018',
      )
      .meta({ examples: [ganzhouEligibility, benxiEligibility, chanheEligibility, daqingEligibility] })
      .optional(),
  },
  'assign-reviewer': {
    event: 'ASSIGN_REVIEWER',
    summary: '分配评审专家',
    body: z.strictObject({ reviewerId, phase }).meta({ examples: [ganzhouMaterialReviewer, ganzhouOnSiteReviewer] }),
  },
  'declare-conflict': {
    event: 'DECLARE_CONFLICT',
    summary: '申报回避（利害关系）',
    body: z
      .strictObject({ reviewerId: reviewerId.optional().describe('评审专家本人申报时可省略'), note: text(2000).optional() })
      .meta({ examples: [{ note: '曾任该组织质量顾问' }, { reviewerId: 'expert-2', note: '办公室代为申报回避' }] })
      .optional(),
  },
  'submit-score': {
    event: 'SUBMIT_SCORE',
    summary: '提交评分',
    body: z
      .strictObject({ reviewerId: reviewerId.optional().describe('评审专家本人提交时可省略'), phase, scores: scoreSheet })
      .meta({ examples: [ganzhouMaterialScore, ganzhouOnSiteScore] }),
  },
  advance: { event: 'ADVANCE', summary: '进入现场评审', body: empty },
  'not-advance': {
    event: 'NOT_ADVANCE',
    summary: '未进入现场评审',
    body: z
      .strictObject({ reasons: reasons.optional() })
      .meta({ examples: [{ reasons: ['材料评审得分未达到进入现场评审的分数线'] }] })
      .optional(),
  },
  'conclude-on-site': { event: 'CONCLUDE_ON_SITE', summary: '现场评审结束，计算总分', body: empty },
  disqualify: {
    event: 'DISQUALIFY',
    summary: '取消评选资格',
    body: z.strictObject({ reason: text(2000) }).meta({ examples: [{ reason: '申报材料中的认证证书与发证机构记录不符' }] }),
  },
  withdraw: {
    event: 'WITHDRAW',
    summary: '撤回申报',
    body: z.strictObject({ reason: text(2000).optional() }).meta({ examples: [{ reason: '本单位决定下届再申报' }] }).optional(),
  },
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
