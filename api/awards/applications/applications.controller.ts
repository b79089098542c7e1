import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Query, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { applicationMachine } from '../../../workflows/machines/application/machine';
import { CurrentUser, Roles } from '../../auth/decorators';
import type { AuthUser } from '../../auth/roles';
import { idempotencyHeader, readIdempotencyKey } from '../../common/idempotency';
import { ZodPipe } from '../../common/zod-pipe';
import { ApiRoute } from '../../openapi/registry';
import { rolesFor } from '../shared/machine-roles';
import { orgIdSchema, policyKeySchema, yearParamSchema } from '../shared/params';
import { awardActionResultSchema, awardStateSchema, notFoundResponse, refusedResponse, roleRefusedResponse, unavailableResponse } from '../shared/responses';
import {
  APPLICATION_ACTIONS,
  applicationActionBodySchema,
  applicationActionSchema,
  listApplicationsQuery,
  listApplicationsQuerySchema,
  submitApplicationSchema,
  type ApplicationAction,
  type SubmitApplication,
} from './applications.schemas';
import { ApplicationsService } from './applications.service';
import { reapplyRefusedDescription } from '../organisations/reapply';
import { recommendationRequiredResponse } from './submission-refusals';

const applicationRowSchema = z.looseObject({
  orgId: z.string(),
  organisationName: z.string(),
  category: z.string(),
  status: z.string().describe('申报状态'),
  eligible: z.boolean().optional(),
  failures: z.array(z.looseObject({ criterion: z.string(), article: z.string(), message: z.string() })).optional().describe('不符合的申报条件及条款'),
  materialScore: z.number().optional(),
  onSiteScore: z.number().optional(),
  totalScore: z.number().optional(),
  tierId: z.string().optional(),
  outcome: z.string().optional(),
  reasons: z.array(z.string()).optional(),
  rank: z.number().int().nullable().describe('本届综合排名（评审完成后；并列同名次）'),
  registeredAt: z.string().describe('提交时间（ISO 8601）'),
  updatedAt: z.string().describe('最近一次状态报告的时间（ISO 8601）'),
});

/** An applicant submits for itself; the office may enter an application on an organisation's behalf. */
const SUBMIT_ROLES = ['applicant', 'office'] as const;
const APPLICATION_ACTION_ROLES = rolesFor(applicationMachine, Object.values(APPLICATION_ACTIONS).map((a) => a.event));

const cycleParams = { policyKey: policyKeySchema, year: yearParamSchema };
const applicationParams = { ...cycleParams, orgId: orgIdSchema };

/** One organisation's application in one cycle: `application/<policyKey>/<year>/<orgId>` in Temporal. */
@Controller()
export class ApplicationsController {
  constructor(@Inject(ApplicationsService) private readonly applications: ApplicationsService) {}

  @Post('cycles/:policyKey/:year/applications')
  @Roles(...SUBMIT_ROLES)
  @ApiRoute({
    summary: '提交申报：启动申报流程，由流程向本届登记（申报单位只能为本单位申报）',
    description:
      '仅在申报受理期间接受（否则 409 APPLICATIONS_CLOSED）。政策要求随申报附推荐意见而缺少时不予提交（400 RECOMMENDATION_REQUIRED），可先保存为草稿（PUT …/applications/{orgId}/draft），取得推荐意见后提交（POST …/draft/submit）。重复提交不会重复启动：已申报的组织返回其申报流程（200），无论流程是否已结束。Idempotency-Key 可带可不带，结果相同。',
    tags: ['申报'],
    params: cycleParams,
    headers: idempotencyHeader,
    body: submitApplicationSchema,
    responses: {
      201: { description: '已启动申报流程（向本届的登记随即完成）', schema: awardStateSchema },
      200: { description: '该组织已申报，返回其申报流程的当前状态', schema: awardStateSchema },
      400: recommendationRequiredResponse,
      403: { description: '角色无权申报（FORBIDDEN_ROLE、ROLE_NOT_PERMITTED），或申报单位为其他组织申报（FORBIDDEN_ORGANISATION）' },
      404: { description: '本届不存在（WORKFLOW_NOT_FOUND）' },
      409: { description: `${refusedResponse.description}；或 ${reapplyRefusedDescription}` },
      503: unavailableResponse,
    },
  })
  async submit(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @Body(new ZodPipe(submitApplicationSchema)) body: SubmitApplication,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    // Validated for a clear 400, though a repeat is recognised by the organisation, not the key.
    readIdempotencyKey(key);
    const { created, state } = await this.applications.submit(policyKey, year, body, user);
    res.status(created ? 201 : 200);
    return state;
  }

  @Get('cycles/:policyKey/:year/applications')
  @ApiRoute({
    summary: '列出本届的申报（按状态、奖项筛选）',
    description: '来自本届的申报表。申报单位只看到本单位；评审专家只看到分配给自己且未回避的申报。',
    tags: ['申报'],
    params: cycleParams,
    query: listApplicationsQuerySchema,
    responses: {
      200: {
        description: '申报列表（按登记时间排序，分页）；rank 为本届综合排名（已完成评审的申报）',
        schema: z.object({ items: z.array(applicationRowSchema), total: z.number().int(), limit: z.number().int(), offset: z.number().int() }),
      },
      404: notFoundResponse,
      503: unavailableResponse,
    },
  })
  list(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @Query(new ZodPipe(listApplicationsQuery)) query: z.infer<typeof listApplicationsQuery>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.applications.list(policyKey, year, query, user);
  }

  @Get('applications/:policyKey/:year/:orgId')
  @ApiRoute({
    summary: '查询一份申报的当前阶段、起始时间与请求者可执行的操作',
    description: '申报单位只能查询本单位；评审专家只能查询分配给自己且未回避的申报；其他情况与不存在一样答复 404。',
    tags: ['申报'],
    params: applicationParams,
    responses: { 200: { description: '当前状态与 actions', schema: awardStateSchema }, 404: notFoundResponse, 503: unavailableResponse },
  })
  get(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.applications.get(policyKey, year, orgId, user);
  }

  @Post('applications/:policyKey/:year/:orgId/actions/:action')
  @HttpCode(200)
  @Roles(...APPLICATION_ACTION_ROLES)
  @ApiRoute({
    summary: '对一份申报执行操作：补充材料、资格审查、分配评审专家、回避、评分、入围、现场评审结束、取消资格、撤回',
    description: [
      '各操作：',
      ...Object.entries(APPLICATION_ACTIONS).map(([name, a]) => `- \`${name}\` → ${a.event}（${a.summary}）`),
      '',
      '申报单位只能对本单位操作（否则 404）；评审专家只能对分配给自己的申报操作（申报回避除外），并且只能以本人名义。',
      '当前阶段允许哪些角色执行哪个操作由流程本身决定；不允许的角色得到 403 ROLE_NOT_PERMITTED。',
    ].join('\n'),
    tags: ['申报'],
    params: { ...applicationParams, action: applicationActionSchema },
    headers: idempotencyHeader,
    body: applicationActionBodySchema,
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
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Param('action', new ZodPipe(applicationActionSchema)) action: ApplicationAction,
    @Body() raw: unknown,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    const body = new ZodPipe(APPLICATION_ACTIONS[action].body as z.ZodType<Record<string, unknown> | undefined>, 'body').transform(raw);
    return this.applications.act(policyKey, year, orgId, action, body, readIdempotencyKey(key), user);
  }
}
