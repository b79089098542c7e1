import { BadRequestException, Body, Controller, Get, Headers, HttpCode, Inject, NotFoundException, Param, Post } from '@nestjs/common';
import { z } from 'zod';
import { assertCanSeeOrganisation } from '../auth/access';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/roles';
import { WorkflowOrganisations } from '../auth/workflow-organisation';
import { actionsFor } from '../common/actions';
import { withIsoTimestamps } from '../common/timestamps';
import { idempotencyHeader, readIdempotencyKey } from '../common/idempotency';
import { ZodPipe } from '../common/zod-pipe';
import { parseAwardWorkflowId, type AwardWorkflowId } from '../../workflows/machines/cycle/ids';
import { parseStandingWorkflowId } from '../../workflows/machines/standing/types';
import { OrganisationsService } from '../awards/organisations/organisations.service';
import { POLICY_KEYS } from '../../workflows/policy/index.js';
import { ApplicationsService } from '../awards/applications/applications.service';
import { CyclesService } from '../awards/cycles/cycles.service';
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

/** A cycle's or an application's id (of a known policy): these are served by the award routes, whose rules apply here too. */
function awardIdOf(id: string): AwardWorkflowId | undefined {
  const award = parseAwardWorkflowId(id);
  return award && (POLICY_KEYS as readonly string[]).includes(award.policyKey) ? award : undefined;
}

/** An organisation's standing (of a known policy): served by the organisation routes, whose rules apply here too. */
function standingIdOf(id: string): { policyKey: string; orgId: string } | undefined {
  const standing = parseStandingWorkflowId(id);
  return standing && (POLICY_KEYS as readonly string[]).includes(standing.policyKey) ? standing : undefined;
}

/**
 * Generic access to any machine-backed workflow. A cycle or an application is read exactly as its
 * award route presents it (the same rows hidden from the same callers); actions on them go through
 * the award routes only, which validate each action's body strictly.
 */
@Controller('workflows')
export class WorkflowsController {
  constructor(
    @Inject(MachineWorkflowsService) private readonly workflows: MachineWorkflowsService,
    @Inject(WorkflowOrganisations) private readonly organisations: WorkflowOrganisations,
    @Inject(CyclesService) private readonly cycles: CyclesService,
    @Inject(ApplicationsService) private readonly applications: ApplicationsService,
    @Inject(OrganisationsService) private readonly organisationStandings: OrganisationsService,
  ) {}

  @Get(':workflowId')
  @ApiRoute({
    summary: '查询流程的当前状态：评选届次与申报与评选接口呈现一致（同样的可见范围），申报单位只能查询本单位的流程',
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
    const award = awardIdOf(id);
    if (award?.kind === 'cycle') return this.cycles.get(award.policyKey, award.year, user);
    if (award?.kind === 'application') return this.applications.get(award.policyKey, award.year, award.orgId, user);
    const standing = standingIdOf(id);
    if (standing) return this.organisationStandings.get(standing.policyKey, standing.orgId, user);
    if (user.role === 'applicant') assertCanSeeOrganisation(user, await this.organisations.of(id), notFound(id));
    const state = await this.workflows.state(id);
    // Events go through POST …/events, which applicants may not call.
    return { ...state, context: withIsoTimestamps(state.context), actions: user.role === 'applicant' ? [] : actionsFor(state, user.role) };
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
      400: { description: '输入无效（INVALID_INPUT），或评选届次、申报的操作须走评选接口（AWARD_ROUTE_REQUIRED）' },
      404: { description: '流程不存在（WORKFLOW_NOT_FOUND）' },
      409: { description: '当前阶段不允许该操作：稳定的 code（如 EVENT_NOT_ALLOWED_IN_STAGE）、中文 message 与 allowedEvents' },
      503: { description: '流程引擎暂时不可用（TEMPORAL_UNAVAILABLE）' },
    },
  })
  async send(
    @Param('workflowId', new ZodPipe(workflowId)) id: string,
    @Body(new ZodPipe(event)) body: z.infer<typeof event>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    const checkedKey = readIdempotencyKey(key);
    const award = awardIdOf(id);
    const standing = standingIdOf(id);
    if (award || standing) {
      const route = standing
        ? `/organisations/${standing.policyKey}/${standing.orgId}/…`
        : award!.kind === 'cycle'
          ? `/cycles/${award!.policyKey}/${award!.year}/actions/{action}`
          : `/cycles/${award!.policyKey}/${award!.year}/applications/${award!.orgId}/actions/{action}`;
      throw new BadRequestException({
        code: 'AWARD_ROUTE_REQUIRED',
        message: `评选届次、申报与获奖组织档案的操作须通过 ${route} 的接口提交（该接口逐项校验操作内容）`,
        field: 'param.workflowId',
        route,
      });
    }
    const state = await this.workflows.act(id, body, checkedKey, { id: user.id, role: user.role });
    return { ...state, context: withIsoTimestamps(state.context) };
  }
}
