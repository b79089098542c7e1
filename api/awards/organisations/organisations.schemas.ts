/** Request schemas of the standing routes (`/organisations/:policyKey/:orgId/…`), and the action table: route → machine event. */
import { z } from 'zod';
import { EXTERNAL_AWARDS, POLICY_KEYS, compareIsoDate, isIsoDate, loadPolicy } from '../../../workflows/policy/index.js';
import { yearSchema } from '../shared/params';

const text = (max: number) => z.string().trim().min(1).max(max);
const isoDate = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });
const recordId = (what: string) =>
  text(64)
    .regex(/^[\p{L}\p{N}._:-]+$/u, '只能包含字母、数字以及 . _ : -')
    .describe(`${what}；省略时由系统按内容生成，同一内容重复登记不会记两次`);

/** Duty ids are readable paths (`2026/annual-report/1`): in the URL the slashes are sent as %2F. */
export const dutyIdSchema = z
  .string()
  .min(1)
  .max(100)
  .regex(/^[\p{L}\p{N}._:/-]+$/u, '只能包含字母、数字以及 . _ : / -')
  .describe('义务编号，如 2026/annual-report/1（路径中斜杠写作 %2F）；见 GET …/duties');

/** Each policy's revocation causes, for the descriptions and the 400 that names them. */
export function causesOf(policyKey: string): string {
  return loadPolicy(policyKey)
    .revocation.causes.map((c) => `${c.id}（${c.name}，${c.article}）`)
    .join('、');
}
const CAUSES = POLICY_KEYS.map((key) => `${key}：${causesOf(key)}`).join('；');

export const submitReportSchema = z
  .strictObject({
    fileRef: text(500).optional().describe('报告文件的引用（文件系统或档案系统中的编号、链接）'),
    text: text(20_000).optional().describe('报告正文'),
  })
  .refine((body) => body.fileRef !== undefined || body.text !== undefined, { message: 'fileRef 与 text 至少填写一项', path: ['fileRef'] })
  .describe('年度质量绩效报告：文件引用或正文，至少一项')
  .meta({ examples: [{ fileRef: 'archive://reports/org-a/2027.pdf' }, { text: '2027年度质量绩效报告：……' }] });

export const waiveDutySchema = z
  .strictObject({ reason: text(2000).describe('豁免理由') })
  .meta({ examples: [{ reason: '该年度停产整顿，经办公室同意免于提交' }] });

export const recordDutyDoneSchema = z
  .strictObject({ note: text(2000).optional().describe('办理情况') })
  .meta({ examples: [{ note: '2027年6月完成复核评估' }] })
  .optional();

export const updateContactsSchema = z
  .strictObject({ contacts: z.array(z.email()).min(1).max(10).describe('接收提醒的邮箱，1–10 个') })
  .meta({ examples: [{ contacts: ['quality@org-a.example.cn', 'office@org-a.example.cn'] }] });

export const recordSanctionSchema = z
  .strictObject({
    sanctionId: recordId('处理决定编号').optional(),
    causeId: z
      .string()
      .regex(/^[a-z][a-z0-9-]*$/, '撤销情形标识须为小写英文')
      .describe(`撤销情形，须为该政策规定的情形之一：${CAUSES}`),
    cycle: yearSchema.optional().describe('所涉奖项（获奖后的情形）或申报（申报阶段的情形）的年度'),
    occurredOn: isoDate.describe('事实发生日期（YYYY-MM-DD）'),
    decidedOn: isoDate.describe('作出决定的日期（YYYY-MM-DD）；禁止申报的期限自该日起算'),
    serious: z.boolean().optional().describe('情节严重（部分政策只在情节严重时禁止申报）'),
    reason: text(2000).describe('事实和理由'),
  })
  .refine((body) => !isIsoDate(body.occurredOn) || !isIsoDate(body.decidedOn) || compareIsoDate(body.decidedOn, body.occurredOn) >= 0, {
    message: '决定日期不能早于事实发生日期',
    path: ['decidedOn'],
  })
  .describe('政策判断该情形是否在期限内，撤销奖项、追缴奖金、设定禁止申报期限并发布撤销公告；不在期限内的情形只作记录')
  .meta({
    examples: [{ causeId: 'fraud', cycle: 2026, occurredOn: '2026-03-01', decidedOn: '2027-05-10', reason: '经查，申报材料中的认证证书系伪造' }],
  });

export const recordBonusSchema = z
  .strictObject({
    bonusId: recordId('奖励记录编号').optional(),
    award: z.enum(EXTERNAL_AWARDS).describe('获得的上级奖项：china-quality-award 中国质量奖，china-quality-award-nomination 中国质量奖提名奖，provincial-governor-award 省长质量奖'),
    on: isoDate.describe('获得上级奖项的日期（YYYY-MM-DD）'),
  })
  .describe('持有本奖期间获得上级奖项的追加奖励（政策规定时），记入奖金台账')
  .meta({ examples: [{ award: 'provincial-governor-award', on: '2027-09-01' }] });

/**
 * Each write route is one machine event; the names are how `actions` and refusals name them to
 * callers (api/awards/shared/action-names.ts).
 */
export const STANDING_ACTIONS = {
  'submit-report': { event: 'SUBMIT_REPORT', summary: '提交年度质量绩效报告' },
  'waive-duty': { event: 'WAIVE_DUTY', summary: '豁免义务' },
  'record-duty-done': { event: 'RECORD_DUTY_DONE', summary: '登记义务已完成' },
  'update-contacts': { event: 'CONTACTS_UPDATED', summary: '更新联系邮箱' },
  'record-sanction': { event: 'RECORD_SANCTION', summary: '登记撤销情形' },
  'record-bonus': { event: 'RECORD_BONUS', summary: '登记上级奖项追加奖励' },
} as const;
export type StandingAction = keyof typeof STANDING_ACTIONS;

export const validAwardsQuerySchema = {
  policyKey: z.enum(POLICY_KEYS as unknown as [string, ...string[]]).describe(`政策（辖区）标识：${POLICY_KEYS.join('、')}`),
  validOn: isoDate.optional().describe('在该日有效的奖项（YYYY-MM-DD，北京时间）；默认今天'),
  limit: z.coerce.number().int().min(1).max(500).optional().describe('每页条数，默认 100，最多 500'),
  offset: z.coerce.number().int().min(0).max(100_000).optional().describe('跳过的条数，默认 0'),
};
export const validAwardsQuery = z.strictObject(validAwardsQuerySchema);
