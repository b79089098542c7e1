import { z } from 'zod';
import { transitionResultSchema, workflowStateSchema } from '../../openapi/schemas';

/** A cycle's or an application's state as the award routes answer it: the workflow state plus the caller's actions. */
export const awardStateSchema = workflowStateSchema.omit({ allowedEvents: true, permissions: true }).extend({
  actions: z.array(z.string()).describe('请求者当前可执行的操作，即 …/actions/{action} 的 action 名称'),
});

/** What an action answers: the state after it, and the update's own result (the first one again for a repeated Idempotency-Key). */
export const awardActionResultSchema = awardStateSchema.extend({
  actions: z.array(z.string()).describe('请求者在新阶段可执行的操作（action 名称）'),
  transition: transitionResultSchema,
});

export const notFoundResponse = { description: '不存在，或请求者无权查看（WORKFLOW_NOT_FOUND）' };
export const unavailableResponse = { description: '流程引擎暂时不可用（TEMPORAL_UNAVAILABLE）' };
export const refusedResponse = {
  description: '当前阶段不允许该操作：稳定的 code（如 EVENT_NOT_ALLOWED_IN_STAGE、APPLICATIONS_UNRESOLVED、PROPOSAL_INVALID）、中文 message、stage 与 allowedActions（请求者可执行的操作）',
};
export const roleRefusedResponse = {
  description: '角色无权执行：路由不接受该角色（FORBIDDEN_ROLE），或当前阶段不允许该角色执行此操作（ROLE_NOT_PERMITTED）',
};
