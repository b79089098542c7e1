/** Response shapes of the audit routes, as /docs-json declares them and the fuzzer checks them (`AuditEntry` of db/audit.ts). */
import { z } from 'zod';

export const auditEntrySchema = z
  .object({
    workflowId: z.string().describe('流程 id，如 application/ganzhou-2022/2026/org-a'),
    machine: z.string().describe('流程类型：cycle（评选届次）、application（申报）、standing（获奖组织档案）等'),
    seq: z.number().int().describe('该流程的状态变更序号'),
    event: z.string().describe('引起变更的操作或系统事件，如 RECORD_ELIGIBILITY'),
    stageBefore: z.string().describe('变更前的阶段'),
    stageAfter: z.string().describe('变更后的阶段（未换阶段时与 stageBefore 相同）'),
    actor: z
      .object({ id: z.string().describe('用户 id（令牌的 sub）'), role: z.string().describe('角色') })
      .nullable()
      .describe('操作者；系统事件（定时器、其他流程的消息）为 null'),
    at: z.string().describe('变更时间（流程时间，ISO 8601）'),
    reason: z.string().nullable().describe('理由或说明（如有）'),
    updateId: z.string().nullable().describe('操作的更新 id（请求带 Idempotency-Key 时即为该键）'),
    messageId: z.string().nullable().describe('系统消息的 id（如有）'),
    policyKey: z.string().nullable().describe('政策（辖区）标识'),
    orgId: z.string().nullable().describe('所涉组织；评选届次本身为 null'),
    recordedAt: z.string().describe('写入审计记录的时间（ISO 8601）'),
  })
  .describe('一次状态变更的审计记录');

const example = {
  workflowId: 'application/ganzhou-2022/2026/org-a',
  machine: 'application',
  seq: 3,
  event: 'RECORD_ELIGIBILITY',
  stageBefore: 'submitted',
  stageAfter: 'eligible',
  actor: { id: 'staff-1', role: 'office' },
  at: '2026-07-01T01:30:00.000Z',
  reason: null,
  updateId: 'eligibility-org-a',
  messageId: null,
  policyKey: 'ganzhou-2022',
  orgId: 'org-a',
  recordedAt: '2026-07-01T01:30:00.412Z',
};

export const auditPageSchema = z
  .object({
    items: z.array(auditEntrySchema).describe('审计记录，最新的在前'),
    next: z.string().nullable().describe('下一页（更早的记录）的游标，作为 cursor 传回；最后一页为 null'),
  })
  .meta({ examples: [{ items: [example], next: null }] });
