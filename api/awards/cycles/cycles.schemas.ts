/** Request schemas of the cycle routes, and the action table: URL action → machine event + body. */
import { z } from 'zod';
import { CYCLE_STAGES } from '../../../workflows/machines/cycle/ids';
import { DurationSchema, idNumberProblem } from '../../../workflows/policy/index.js';
import { orgIdSchema, policyKeySchema, yearSchema } from '../shared/params';
// The request bodies the README's walk-through sends (examples/<policyKey>/), shown in /docs-json as
// examples; tests/e2e/examples.test.ts sends the same files through the API, so they stay valid.
import ganzhouCycle from '../../../examples/ganzhou-2022/cycle.json';
import ganzhouProposal from '../../../examples/ganzhou-2022/propose-winners.json';
import ganzhouApproval from '../../../examples/ganzhou-2022/approve.json';

const text = (max: number) => z.string().trim().min(1).max(max);

/**
 * zod leaves an object's `examples` out of the input JSON Schema when a field transforms (here the
 * deadline), so this body's example is given field by field (examples/ganzhou-2022/cycle.json).
 */
export const createCycleSchema = z.strictObject({
  policyKey: policyKeySchema.meta({ examples: [ganzhouCycle.policyKey] }),
  year: yearSchema.meta({ examples: [ganzhouCycle.year] }),
  title: text(200).optional().describe('本届名称，如 赣州市市长质量奖（2026年度）').meta({ examples: [ganzhouCycle.title] }),
  applicationDeadline: z.iso
    .datetime({ offset: true })
    .meta({ examples: [ganzhouCycle.applicationDeadline] })
    .transform((value) => Date.parse(value))
    .describe('申报截止时间（ISO 8601，如 2026-12-31T17:00:00+08:00）；应在将来：已过的截止时间使本届一发布即截止申报。资格条件的回看期间（运营年限、近N年盈利、近N年无不良记录）算至该日'),
  objectionContact: text(500).optional().describe('异议受理联系方式（地址、电话），写入拟奖公示').meta({ examples: [ganzhouCycle.objectionContact] }),
  allowPastDeadline: z.boolean().optional().describe('补录已截止的一届时设为 true；否则截止时间已过的请求被拒绝'),
});
export type CreateCycle = z.infer<typeof createCycleSchema>;

export const listCyclesQuerySchema = {
  policyKey: policyKeySchema.optional(),
  year: z.string().regex(/^\d{4}$/, '年度须为四位数字').optional().describe('年度'),
  stage: z.enum(CYCLE_STAGES).optional().describe('阶段（含其子阶段，如 publicity 含 publicity.running）'),
  limit: z.coerce.number().int().min(1).max(200).optional().describe('最多返回条数，默认 50'),
};
export const listCyclesQuery = z.strictObject(listCyclesQuerySchema);

const empty = z.strictObject({}).optional();
const objectionId = text(64).regex(/^[\p{L}\p{N}._:-]+$/u, '只能包含字母、数字以及 . _ : -').describe('异议编号');
const tierId = z.string().regex(/^[a-z][a-z0-9-]*$/, '奖项标识须为小写英文');

const headcount = z.number().int('人数须为整数').min(0, '人数不能为负数').max(1000);
const voteSchema = z
  .strictObject({
    membersPresent: headcount.min(1, '出席人数至少为1').describe('出席委员人数'),
    for: headcount.describe('赞成票'),
    against: headcount.describe('反对票'),
    abstaining: headcount.describe('弃权票'),
  })
  .describe('评委会审议表决记录（chanhe-2021 第十八条须附；三项之和应等于出席人数，赞成票须达到政策规定的比例）');

const idNumber = z
  .string()
  .trim()
  .max(32)
  .superRefine((value, ctx) => {
    const problem = idNumberProblem(value);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  })
  .describe('身份证号码（18位，校验位会被核对）；只保存于本届流程，对外只显示末4位');
const objectorEmail = z.email().optional().describe('接收受理凭证和处理结果的电子邮箱；省略时由办公室书面送达');

/** Who lodges the objection; which fields are required is the policy's (daqing-2018 第二十一条: all). */
const objectorSchema = z
  .discriminatedUnion('kind', [
    z.strictObject({
      kind: z.literal('person'),
      realName: text(100).optional().describe('真实姓名'),
      idNumber: idNumber.optional(),
      contact: text(200).optional().describe('联系方式'),
      email: objectorEmail,
    }),
    z.strictObject({
      kind: z.literal('organisation'),
      name: text(200).optional().describe('单位名称'),
      address: text(500).optional().describe('单位住所'),
      contact: text(200).optional().describe('联系方式'),
      sealAttested: z.boolean().optional().describe('书面异议材料已加盖本单位公章（受理人员核实后填 true）'),
      email: objectorEmail,
    }),
  ])
  .describe('异议人：个人（person）或单位（organisation）；daqing-2018 要求个人写明真实姓名、身份证号码、联系方式，单位写明名称、住所、联系方式并加盖公章');

/** `POST /cycles/:policyKey/:year/actions/:action`: each action is one machine event with a strict body. */
export const CYCLE_ACTIONS = {
  announce: { event: 'ANNOUNCE', summary: '发布申报公告', body: empty },
  'close-applications': { event: 'CLOSE_APPLICATIONS', summary: '截止申报、进入资格审查', body: empty },
  advance: { event: 'ADVANCE_STAGE', summary: '进入下一评审阶段', body: empty },
  'propose-winners': {
    event: 'PROPOSE_WINNERS',
    summary: '提出拟奖名单',
    body: z
      .strictObject({
        proposal: z
          .record(tierId, z.array(orgIdSchema).max(100))
          .describe('{ 奖项标识: [组织标识…] }；奖项标识：ganzhou-2022、benxi-draft、daqing-2018 为 award（获奖）与 nomination（提名奖），chanhe-2021 只有 award'),
        vote: voteSchema.optional(),
        quotaExceptions: z
          .record(tierId, text(2000))
          .optional()
          .describe('超出名额的理由，按奖项标识；只适用于名额为“原则上”限额的奖项（daqing-2018 第五条），公示和公告中予以说明'),
      })
      .meta({
        examples: [
          ganzhouProposal,
          { proposal: { award: ['org-a', 'org-b'], nomination: ['org-c'] } },
          { proposal: { award: ['org-a'] }, vote: { membersPresent: 9, for: 7, against: 1, abstaining: 1 } },
        ],
      }),
  },
  'file-objection': {
    event: 'FILE_OBJECTION',
    summary: '登记异议',
    body: z
      .strictObject({
        objectionId: objectionId.optional().describe('异议编号；省略时由系统生成'),
        against: orgIdSchema.describe('被异议的拟奖组织'),
        objector: objectorSchema.optional(),
        realName: text(100).optional().describe('异议人姓名（政策未规定身份要求时可用；daqing-2018 用 objector）'),
        contact: text(200).optional().describe('异议人联系方式（同上）'),
        facts: text(5000).describe('异议事实和理由'),
        evidence: text(5000).optional(),
      })
      .meta({
        examples: [
          { objectionId: 'o-1', against: 'org-a', realName: '李四', contact: '138-0000-0000', facts: '公示材料所列获奖产品的抽检结果与事实不符', evidence: '市场监管部门抽检报告复印件' },
          {
            objectionId: 'o-2',
            against: 'org-a',
            objector: { kind: 'person', realName: '李四', idNumber: '11010519491231002X', contact: '138-0000-0000', email: 'lisi@example.com' },
            facts: '公示材料所列获奖产品的抽检结果与事实不符',
            evidence: '市场监管部门抽检报告复印件',
          },
        ],
      }),
  },
  'accept-objection': {
    event: 'ACCEPT_OBJECTION',
    summary: '受理异议',
    body: z
      .strictObject({ objectionId, reason: text(2000).optional(), evidenceWithin: DurationSchema.optional().describe('提供证明材料的期限（政策未规定时由办公室确定）') })
      .meta({ examples: [{ objectionId: 'o-1', reason: '实名书面提出，附有证据', evidenceWithin: { amount: 5, unit: 'workingDays' } }] }),
  },
  'refuse-objection': {
    event: 'REFUSE_OBJECTION',
    summary: '不予受理异议',
    body: z.strictObject({ objectionId, reason: text(2000) }).meta({ examples: [{ objectionId: 'o-1', reason: '匿名提出，不予受理' }] }),
  },
  'submit-evidence': {
    event: 'SUBMIT_EVIDENCE',
    summary: '登记一方提交的证明材料',
    body: z
      .strictObject({ objectionId, party: z.enum(['objector', 'candidate']), note: text(2000).optional() })
      .meta({ examples: [{ objectionId: 'o-1', party: 'candidate', note: '拟奖组织提交了第三方检测报告' }] }),
  },
  'decide-objection': {
    event: 'DECIDE_OBJECTION',
    summary: '作出异议处理决定',
    body: z
      .strictObject({ objectionId, upheld: z.boolean().describe('异议是否成立'), reason: text(2000) })
      .meta({ examples: [{ objectionId: 'o-1', upheld: false, reason: '经核实，抽检结果合格，异议不成立' }] }),
  },
  approve: {
    event: 'APPROVE',
    summary: '政府审定，授奖',
    body: z
      .strictObject({
        decisionRef: text(200).optional().describe('审定文件或会议'),
        confirmations: z
          .record(orgIdSchema, z.boolean())
          .optional()
          .describe('公示期间被提出异议且异议不成立的拟奖单位，逐个写明审定机关是否确认（true 确认获奖，false 不予确认）；chanhe-2021 第十九条须写明'),
      })
      .meta({ examples: [ganzhouApproval, { decisionRef: '区政府常务会议纪要〔2026〕12号', confirmations: { 'org-b': true } }] })
      .optional(),
  },
  close: { event: 'CLOSE', summary: '结束本届评选', body: empty },
} as const satisfies Record<string, { event: string; summary: string; body: z.ZodType }>;

export type CycleAction = keyof typeof CYCLE_ACTIONS;
export const cycleActionSchema = z.enum(Object.keys(CYCLE_ACTIONS) as [CycleAction, ...CycleAction[]]).describe(
  `操作：${Object.entries(CYCLE_ACTIONS).map(([name, a]) => `${name}（${a.summary}，${a.event}）`).join('；')}`,
);
/** For the OpenAPI document: the body of whichever action the path names. */
export const cycleActionBodySchema = z
  .union([...new Set(Object.values(CYCLE_ACTIONS).map((a) => a.body))] as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]])
  .describe('请求体随 action 而定（见各操作说明）；无参数的操作可省略请求体');
