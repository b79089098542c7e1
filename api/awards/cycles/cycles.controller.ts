import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { cycleMachine } from '../../../workflows/machines/cycle/machine';
import { CurrentUser, Roles } from '../../auth/decorators';
import type { AuthUser } from '../../auth/roles';
import { idempotencyHeader, readIdempotencyKey } from '../../common/idempotency';
import { ZodPipe } from '../../common/zod-pipe';
import { ApiRoute } from '../../openapi/registry';
import { rolesFor } from '../shared/machine-roles';
import { policyKeySchema, yearParamSchema } from '../shared/params';
import { awardActionResultSchema, awardStateSchema, notFoundResponse, refusedResponse, roleRefusedResponse, unavailableResponse } from '../shared/responses';
import {
  CYCLE_ACTIONS,
  createCycleSchema,
  cycleActionBodySchema,
  cycleActionSchema,
  listCyclesQuery,
  listCyclesQuerySchema,
  type CreateCycle,
  type CycleAction,
} from './cycles.schemas';
import { CyclesService } from './cycles.service';

const cycleSummarySchema = z.object({
  workflowId: z.string(),
  policyKey: z.string().nullable(),
  year: z.number().int().nullable(),
  stage: z.string().nullable(),
  stageSince: z.string().nullable(),
  nextActor: z.string().nullable(),
  executionStatus: z.string(),
  startTime: z.string().nullable().describe('流程开始时间；已从 Temporal 清除、只存于归档的届次为 null'),
  archived: z.boolean().optional().describe('true：该届已结束，Temporal 已清除其流程，信息来自归档记录'),
});

/** Who may call the action route at all: every role some stage admits for some cycle action. */
const CYCLE_ACTION_ROLES = rolesFor(cycleMachine, Object.values(CYCLE_ACTIONS).map((a) => a.event));

/** One award cycle (届): `cycle/<policyKey>/<year>` in Temporal. */
@Controller('cycles')
export class CyclesController {
  constructor(@Inject(CyclesService) private readonly cycles: CyclesService) {}

  @Post()
  @Roles('office', 'admin')
  @ApiRoute({
    summary: '创建一届评选（同一政策、年度重复提交返回已有的一届）',
    description: '流程 id 为 `cycle/<policyKey>/<year>`，本身即幂等键；可带 Idempotency-Key，但不需要。',
    tags: ['评选届次'],
    headers: idempotencyHeader,
    body: createCycleSchema,
    responses: {
      201: { description: '已创建', schema: awardStateSchema },
      200: { description: '该届已存在，返回其当前状态', schema: awardStateSchema },
      503: unavailableResponse,
    },
  })
  async create(
    @Body(new ZodPipe(createCycleSchema)) body: CreateCycle,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    readIdempotencyKey(key);
    const { created, state } = await this.cycles.create(body, user);
    res.status(created ? 201 : 200);
    return state;
  }

  @Get()
  @ApiRoute({
    summary: '列出评选届次（按政策、年度、阶段筛选）',
    description: '来自 Temporal 的可见性索引（搜索属性 AwardJurisdiction、AwardCycle、AwardStage），写入后可能有片刻延迟。',
    tags: ['评选届次'],
    query: listCyclesQuerySchema,
    responses: { 200: { description: '届次列表，最新的在前', schema: z.object({ items: z.array(cycleSummarySchema) }) }, 503: unavailableResponse },
  })
  list(@Query(new ZodPipe(listCyclesQuery)) query: z.infer<typeof listCyclesQuery>) {
    return this.cycles.list(query);
  }

  @Get(':policyKey/:year')
  @ApiRoute({
    summary: '查询一届评选的当前阶段、起始时间与请求者可执行的操作',
    description: '申报单位只看到本单位在申报表与排名中的一行，看不到异议。',
    tags: ['评选届次'],
    params: { policyKey: policyKeySchema, year: yearParamSchema },
    responses: { 200: { description: '当前状态与 actions', schema: awardStateSchema }, 404: notFoundResponse, 503: unavailableResponse },
  })
  get(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @CurrentUser() user: AuthUser,
  ) {
    return this.cycles.get(policyKey, year, user);
  }

  @Post(':policyKey/:year/actions/:action')
  @HttpCode(200)
  @Roles(...CYCLE_ACTION_ROLES)
  @ApiRoute({
    summary: '对一届评选执行操作：发布公告、截止申报、推进阶段、提出拟奖名单、异议登记与处理、审定、结束',
    description: [
      '各操作的请求体：',
      ...Object.entries(CYCLE_ACTIONS).map(([name, a]) => `- \`${name}\` → ${a.event}（${a.summary}）`),
      '',
      '当前阶段允许哪些角色执行哪个操作由流程本身决定（GET 返回的 permissions / actions）；不允许的角色得到 403 ROLE_NOT_PERMITTED。',
    ].join('\n'),
    tags: ['评选届次'],
    params: { policyKey: policyKeySchema, year: yearParamSchema, action: cycleActionSchema },
    headers: idempotencyHeader,
    body: cycleActionBodySchema,
    responses: {
      200: { description: '已执行，返回新状态（同一幂等键重复提交返回第一次的结果）', schema: awardActionResultSchema },
      403: roleRefusedResponse,
      404: notFoundResponse,
      409: refusedResponse,
      503: unavailableResponse,
    },
  })
  act(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @Param('action', new ZodPipe(cycleActionSchema)) action: CycleAction,
    @Body() raw: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    const body = new ZodPipe(CYCLE_ACTIONS[action].body as z.ZodType<Record<string, unknown> | undefined>, 'body').transform(raw);
    return this.cycles.act(policyKey, year, action, body, readIdempotencyKey(key), user);
  }
}
