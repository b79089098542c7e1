/** Response shapes of the standing routes, as /docs-json declares them and the fuzzer checks them. */
import { z } from 'zod';
import { transitionResultSchema } from '../../openapi/schemas';

const isoInstant = z.string().describe('ISO 8601 时间');
const isoDay = z.string().describe('日期（YYYY-MM-DD，北京时间）');

const head = {
  workflowId: z.string().describe('standing/<policyKey>/<orgId>'),
  policyKey: z.string(),
  orgId: z.string(),
  organisationName: z.string(),
  stage: z.string(),
  stageLabel: z.string(),
  since: isoInstant,
  status: z.enum(['active', 'done', 'error', 'stopped']),
  executionStatus: z.string().describe('Temporal 执行状态，如 RUNNING'),
};

const awardSchema = z.looseObject({
  cycle: z.number().int().describe('获奖届次（年度）'),
  tierId: z.string(),
  tierName: z.string().describe('奖项名称'),
  awardedOn: isoDay.describe('批准授奖的日期'),
  awardedAt: isoInstant,
  decisionRef: z.string().optional().describe('授奖决定文号'),
  validThrough: isoDay.nullable().describe('有效期最后一天；政策未规定有效期时为 null'),
  expired: z.boolean().describe('有效期已届满'),
  revokedOn: isoDay.nullable().describe('撤销日期；未撤销为 null'),
  validToday: z.boolean().describe('今天（北京时间）是否有效'),
});

const banSchema = z
  .looseObject({
    sanctionId: z.string(),
    causeId: z.string(),
    article: z.string(),
    decidedOn: isoDay,
    kind: z.enum(['until', 'cycles']).describe('until：若干年内不得申报；cycles：不得参加所列届次'),
    mayApplyFrom: isoDay.optional().describe('可再次申报的日期（until）'),
    barredCycles: z.array(z.number().int()).optional().describe('不得参加的届次（cycles）'),
    mayApplyFromCycle: z.number().int().optional().describe('可再次申报的届次（cycles）'),
    scope: z.array(z.string()).describe('禁止申报的奖项范围'),
    ended: z.boolean().describe('禁止申报已届满'),
  })
  .describe('禁止申报');

const sanctionSchema = z.looseObject({
  id: z.string(),
  causeId: z.string(),
  cycle: z.number().int().optional(),
  tierId: z.string().optional(),
  occurredOn: isoDay,
  decidedOn: isoDay,
  serious: z.boolean(),
  reason: z.string(),
  applicable: z.boolean().describe('是否在政策规定的期限内；不在期限内的只作记录，不产生后果'),
  article: z.string(),
  summary: z.array(z.string()).describe('处理结果，如 撤销奖项、追缴奖金'),
  recordedAt: isoInstant,
  byRole: z.string().optional(),
});

const dutySummarySchema = z.object({
  total: z.number().int(),
  open: z.number().int().describe('待办理'),
  overdue: z.number().int().describe('已逾期'),
  submitted: z.number().int(),
  done: z.number().int(),
  waived: z.number().int(),
  cancelled: z.number().int().describe('随奖项撤销而取消'),
  next: z.object({ id: z.string(), kind: z.string(), description: z.string(), dueOn: isoDay }).nullable().describe('最近到期的待办义务'),
});

export const standingViewSchema = z
  .object({
    ...head,
    today: isoDay.describe('据以判断有效、禁止申报的日期（今天，北京时间）'),
    holdsValidAward: z.boolean().describe('今天是否持有有效奖项'),
    awards: z.array(awardSchema).describe('历届获奖及提名'),
    sanctions: z.array(sanctionSchema).describe('登记的撤销情形及处理'),
    bans: z.array(banSchema),
    duties: dutySummarySchema.describe('获奖义务概况；明细见 GET …/duties'),
    contacts: z.array(z.string()).optional().describe('接收提醒的邮箱（仅办公室、运维管理员和本单位可见）'),
    actions: z.array(z.string()).describe('请求者可执行的操作：submit-report、waive-duty、record-duty-done、update-contacts、record-sanction、record-bonus'),
  })
  .describe('获奖组织档案');

export const standingActionResultSchema = standingViewSchema.extend({ transition: transitionResultSchema });

export const ledgerViewSchema = z.object({
  ...head,
  entries: z.array(
    z.looseObject({
      id: z.string(),
      kind: z.enum(['prize', 're-award', 'top-up', 'bonus', 'recovery']).describe('prize 奖金，re-award 再次获奖，top-up 补差，bonus 追加奖励，recovery 追缴'),
      amountCny: z.number().describe('金额（元）；负数为应退回'),
      on: isoDay,
      article: z.string(),
      description: z.string(),
      cycle: z.number().int().optional(),
    }),
  ),
  balanceCny: z.number().describe('余额（各项之和，元）'),
});

const handled = z.looseObject({ at: isoInstant, byRole: z.string().optional() });

export const dutiesViewSchema = z.object({
  ...head,
  items: z.array(
    z.looseObject({
      id: z.string().describe('义务编号，如 2026/annual-report/1'),
      kind: z.enum(['annual-report', 're-evaluation', 'summary-in-award-year', 'exchange-events', 'share-experience']),
      cycle: z.number().int(),
      article: z.string(),
      description: z.string(),
      dueOn: isoDay.optional().describe('最后期限（含当日）；政策未规定期限的义务没有'),
      dueAt: isoInstant.optional(),
      status: z.enum(['open', 'submitted', 'done', 'waived', 'cancelled']),
      overdue: z.boolean().describe('已过期限仍未办理（已办理的义务不再逾期，即使办理晚于期限）'),
      remindedDaysBefore: z.array(z.number().int()).describe('已发出的提前提醒（到期前天数）'),
      overdueReminders: z.number().int().describe('已发出的逾期提醒次数'),
      submission: handled.extend({ fileRef: z.string().optional(), text: z.string().optional() }).optional(),
      waiver: handled.extend({ reason: z.string() }).optional(),
      done: handled.extend({ note: z.string().optional() }).optional(),
    }),
  ),
});

export const validAwardsSchema = z.object({
  policyKey: z.string(),
  validOn: isoDay,
  items: z.array(
    z.object({
      orgId: z.string(),
      organisationName: z.string(),
      cycle: z.number().int(),
      tierId: z.string(),
      tierName: z.string(),
      awardedOn: isoDay,
      validThrough: isoDay.nullable(),
    }),
  ),
  total: z.number().int(),
  limit: z.number().int(),
  offset: z.number().int(),
});
