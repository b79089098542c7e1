import { Body, Controller, Get, Headers, Inject, Param, Post, Put, Res } from '@nestjs/common';
import type { Response } from 'express';
import { z } from 'zod';
import { CurrentUser, Roles } from '../../auth/decorators';
import type { AuthUser } from '../../auth/roles';
import { idempotencyHeader, readIdempotencyKey } from '../../common/idempotency';
import { ZodPipe } from '../../common/zod-pipe';
import { ApiRoute } from '../../openapi/registry';
import { orgIdSchema, policyKeySchema, yearParamSchema } from '../shared/params';
import { awardStateSchema, refusedResponse, unavailableResponse } from '../shared/responses';
import { draftApplicationSchema, recommendationGivenSchema, type DraftApplication } from './applications.schemas';
import { DraftsService } from './drafts.service';
import { reapplyRefusedDescription } from '../organisations/reapply';
import { recommendationRequiredResponse } from './submission-refusals';

const params = { policyKey: policyKeySchema, year: yearParamSchema, orgId: orgIdSchema };

const draftSchema = z.object({
  policyKey: z.string(),
  year: z.number().int(),
  orgId: z.string(),
  application: z.looseObject({}).describe('保存的申报内容（与提交申报的请求体相同）'),
  missing: z
    .array(z.object({ field: z.string().describe('缺少的字段，如 recommendation'), article: z.string().describe('要求该项的条款'), message: z.string() }))
    .describe('提交前还须补齐的内容；为空时可以提交'),
  complete: z.boolean().describe('是否已可提交（missing 为空）'),
  savedBy: z.object({ id: z.string(), role: z.string() }).describe('最后保存者'),
  createdAt: z.string().describe('首次保存时间（ISO 8601）'),
  updatedAt: z.string().describe('最后保存时间（ISO 8601）'),
});

const submitDraftSchema = z
  .strictObject({ recommendation: recommendationGivenSchema.optional().describe('刚取得的推荐意见，覆盖草稿中的推荐意见') })
  .optional()
  .meta({ examples: [{ recommendation: { by: 'industry-association', signedOn: '2026-11-20' } }] });

/** An applicant's own organisation, or the office on its behalf, as for submitting. */
const DRAFT_ROLES = ['applicant', 'office'] as const;

/** Applications kept as incomplete (申报草稿) until they may be submitted: PostgreSQL, not Temporal, until then. */
@Controller('cycles/:policyKey/:year/applications/:orgId/draft')
export class DraftsController {
  constructor(@Inject(DraftsService) private readonly drafts: DraftsService) {}

  @Put()
  @Roles(...DRAFT_ROLES)
  @ApiRoute({
    summary: '保存申报草稿：推荐意见尚未签署等不能提交时，先保存申报内容（申报单位只能为本单位保存）',
    description:
      '请求体与提交申报相同，但推荐意见可以缺少。再次保存覆盖前一份。仅在本届尚未停止受理申报时可保存（否则 409 APPLICATIONS_CLOSED）；已提交申报的组织不能再保存（409 APPLICATION_ALREADY_SUBMITTED）；获奖档案不允许本届申报的组织也不能保存（409 REAPPLY_NOT_ALLOWED）。答复中 missing 列出提交前还须补齐的内容及条款。',
    tags: ['申报'],
    params,
    body: draftApplicationSchema,
    responses: {
      201: { description: '已保存（首次）', schema: draftSchema },
      200: { description: '已保存（覆盖前一份）', schema: draftSchema },
      403: { description: '角色无权保存（FORBIDDEN_ROLE），或申报单位为其他组织保存（FORBIDDEN_ORGANISATION）' },
      404: { description: '本届不存在（WORKFLOW_NOT_FOUND）' },
      409: { description: `本届已停止受理申报（APPLICATIONS_CLOSED），或该组织已提交申报（APPLICATION_ALREADY_SUBMITTED）；或 ${reapplyRefusedDescription}` },
      503: unavailableResponse,
    },
  })
  async save(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Body(new ZodPipe(draftApplicationSchema)) body: DraftApplication,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    const { created, draft } = await this.drafts.save(policyKey, year, orgId, body, user);
    res.status(created ? 201 : 200);
    return draft;
  }

  @Get()
  @Roles('applicant', 'office', 'admin')
  @ApiRoute({
    summary: '查询申报草稿及提交前还须补齐的内容',
    description: '申报单位只能查询本单位的草稿；其他组织的与不存在的一样答复 404 DRAFT_NOT_FOUND。',
    tags: ['申报'],
    params,
    responses: { 200: { description: '草稿，missing 为提交前还须补齐的内容', schema: draftSchema }, 404: { description: '没有草稿（DRAFT_NOT_FOUND）' } },
  })
  get(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.drafts.get(policyKey, year, orgId, user);
  }

  @Post('submit')
  @Roles(...DRAFT_ROLES)
  @ApiRoute({
    summary: '提交申报草稿（可同时附上刚取得的推荐意见），与提交申报相同；提交后草稿删除',
    description:
      '与 POST /cycles/{policyKey}/{year}/applications 走同一流程、同样的答复：201 已启动申报流程，200 该组织已申报；仍缺推荐意见时 400 RECOMMENDATION_REQUIRED，草稿保留。Idempotency-Key 可带可不带。',
    tags: ['申报'],
    params,
    headers: idempotencyHeader,
    body: submitDraftSchema,
    responses: {
      201: { description: '已启动申报流程，草稿已删除', schema: awardStateSchema },
      200: { description: '该组织已申报，返回其申报流程的当前状态；草稿已删除', schema: awardStateSchema },
      400: recommendationRequiredResponse,
      403: { description: '角色无权提交（FORBIDDEN_ROLE、ROLE_NOT_PERMITTED），或申报单位为其他组织提交（FORBIDDEN_ORGANISATION）' },
      404: { description: '没有草稿（DRAFT_NOT_FOUND），或本届不存在（WORKFLOW_NOT_FOUND）' },
      409: { description: `${refusedResponse.description}；或 ${reapplyRefusedDescription}` },
      503: unavailableResponse,
    },
  })
  async submit(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Body(new ZodPipe(submitDraftSchema)) body: z.infer<typeof submitDraftSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
    @Res({ passthrough: true }) res: Response,
  ) {
    readIdempotencyKey(key);
    const { created, state } = await this.drafts.submit(policyKey, year, orgId, body?.recommendation, user);
    res.status(created ? 201 : 200);
    return state;
  }
}
