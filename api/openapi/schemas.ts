/** Response shapes for the OpenAPI document (request schemas live beside their controllers). */
import { z } from 'zod';
import { roleSchema } from '../auth/roles';

export const errorBodySchema = z
  .looseObject({
    code: z.string().describe('稳定的错误代码，例如 INVALID_INPUT、UNAUTHENTICATED、FORBIDDEN_ROLE、WORKFLOW_NOT_FOUND、EVENT_NOT_ALLOWED_IN_STAGE、TEMPORAL_UNAVAILABLE'),
    message: z.string().describe('中文说明'),
    field: z.string().optional().describe('400：出错的字段，如 body.title、param.workflowId、header.idempotency-key'),
    issues: z.array(z.object({ field: z.string(), message: z.string() })).optional().describe('400：全部出错的字段'),
    role: roleSchema.optional().describe('403：请求者的角色'),
    requiredRoles: z.array(roleSchema).optional().describe('403：允许执行此操作的角色'),
    workflowId: z.string().optional(),
    stage: z.string().optional().describe('409：当前阶段'),
    event: z.string().optional().describe('409：被拒绝的操作'),
    allowedActions: z.array(z.string()).optional().describe('403/409：请求者在当前阶段可执行的操作（按该接口的命名：评选接口为 action 名称）'),
  })
  .describe('错误响应体');

/** `StateView` of workflows/runtime/types.ts. */
export const stateViewSchema = z.object({
  machine: z.string(),
  stage: z.string().describe('当前阶段，如 publicity 或 review.material'),
  stageLabel: z.string().describe('阶段的中文名称'),
  since: z.string().describe('进入当前阶段的时间（ISO 8601）'),
  nextActor: z.string().nullable().describe('下一步应由哪个角色处理'),
  allowedEvents: z.array(z.string()).describe('当前阶段可用的操作'),
  permissions: z.record(z.string(), z.array(z.string())).describe('当前阶段各操作允许的角色（meta.roles）；未列出的为系统事件'),
  status: z.enum(['active', 'done', 'error', 'stopped']),
  context: z.unknown(),
  timers: z.array(z.object({ event: z.string(), dueAt: z.string() })),
  seq: z.number().int().optional().describe('已应用的状态变更次数（仅当状态由查询读取时给出）'),
});

/** `TransitionResult`: what an action's update itself answered (the same for a repeated Idempotency-Key). */
export const transitionResultSchema = z
  .object({
    machine: z.string(),
    stage: z.string(),
    stageLabel: z.string(),
    since: z.string(),
    nextActor: z.string().nullable(),
    status: z.enum(['active', 'done', 'error', 'stopped']),
    seq: z.number().int().describe('这次操作后的状态变更序号'),
  })
  .describe('本次操作的结果；同一 Idempotency-Key 的重复请求得到相同的结果');

/** What `GET /workflows/:id` and starting a workflow answer: the state plus Temporal's execution. */
export const workflowStateSchema = stateViewSchema.extend({
  workflowId: z.string(),
  runId: z.string(),
  workflowType: z.string(),
  executionStatus: z.string().describe('Temporal 执行状态，如 RUNNING、COMPLETED'),
  transition: transitionResultSchema.optional(),
});
