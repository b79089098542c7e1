import { Body, Controller, Get, Headers, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { assertCanSeeOrganisation } from '../auth/access';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/roles';
import { WorkflowOrganisations } from '../auth/workflow-organisation';
import { actionsFor } from '../common/actions';
import { idempotencyHeader, readIdempotencyKey } from '../common/idempotency';
import { ZodPipe } from '../common/zod-pipe';
import { application, canReviewerSee, type ApplicationContext } from '../../workflows/machines/application';
import { ApiRoute } from '../openapi/registry';
import { workflowStateSchema } from '../openapi/schemas';
import { MachineWorkflowsService } from './machine-workflows.service';

/** Ids read like `demo-notice/n-1`; in a URL the slash is sent encoded (`demo-notice%2Fn-1`). */
const workflowId = z
  .string()
  .min(3)
  .max(200)
  .regex(/^[\p{L}\p{N}._:/-]+$/u, '只能包含字母、数字以及 . _ : / -')
  .describe('流程 id，如 demo-notice/n-1（斜杠在 URL 中写作 %2F）');
const event = z.looseObject({ type: z.string().regex(/^[A-Z][A-Z0-9_.]*$/, '事件类型须为大写字母、数字、下划线或点') });
const notFound = (id: string) => () =>
  new NotFoundException({ code: 'WORKFLOW_NOT_FOUND', message: `未找到流程 ${id}`, workflowId: id });

/** Generic access to any machine-backed workflow: its state, and staff events sent to it. */
@Controller('workflows')
export class WorkflowsController {
  constructor(
    @Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService,
    @Inject(WorkflowOrganisations) private readonly organisations: WorkflowOrganisations,
  ) {}

  @Get(':workflowId')
  @ApiRoute({
    summary: '查询流程的当前状态（申报单位只能查询本单位的流程）',
    tags: ['流程'],
    params: { workflowId },
    responses: {
      200: {
        description: '当前阶段、中文名称、起始时间、下一步处理角色、可用操作、定时器，以及请求者的角色当前可执行的操作（actions）',
        schema: workflowStateSchema.extend({ actions: z.array(z.string()).describe('请求者的角色当前可执行的操作（事件类型）') }),
      },
      404: { description: '流程不存在，或申报单位无权查看（WORKFLOW_NOT_FOUND）' },
      503: { description: '流程引擎暂时不可用（TEMPORAL_UNAVAILABLE）' },
    },
  })
  async state(@Param('workflowId', new ZodPipe(workflowId)) id: string, @CurrentUser() user: AuthUser) {
    if (user.role === 'applicant') assertCanSeeOrganisation(user, await this.organisations.of(id), notFound(id));
    const state = await this.workflows.state(id);
    // A reviewer with a conflict of interest may not see that applicant, by this route either.
    if (user.role === 'reviewer' && state.machine === application.name && !canReviewerSee(state.context as ApplicationContext, user.id)) {
      throw notFound(id)();
    }
    // Events go through POST …/events, which applicants may not call.
    return { ...state, actions: user.role === 'applicant' ? [] : actionsFor(state, user.role) };
  }

  /** Coarse role check here; the runtime checks the stage's `meta.roles` for the event itself (403). */
  @Post(':workflowId/events')
  @HttpCode(200)
  @Roles('office', 'committee', 'reviewer', 'admin')
  @ApiRoute({
    summary: '向流程发送操作（事件）；Idempotency-Key 相同的重复请求返回第一次的结果',
    tags: ['流程'],
    params: { workflowId },
    headers: idempotencyHeader,
    body: event,
    responses: {
      200: { description: '操作已执行：返回新状态，transition 为本次操作本身的结果', schema: workflowStateSchema },
      404: { description: '流程不存在（WORKFLOW_NOT_FOUND）' },
      409: { description: '当前阶段不允许该操作：稳定的 code（如 EVENT_NOT_ALLOWED_IN_STAGE）、中文 message 与 allowedEvents' },
      503: { description: '流程引擎暂时不可用（TEMPORAL_UNAVAILABLE）' },
    },
  })
  send(
    @Param('workflowId', new ZodPipe(workflowId)) id: string,
    @Body(new ZodPipe(event)) body: z.infer<typeof event>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    const checkedKey = readIdempotencyKey(key);
    return this.workflows.act(id, body, checkedKey, { id: user.id, role: user.role });
  }
}
