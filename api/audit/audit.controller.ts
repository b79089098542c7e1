import { Controller, Get, Inject, Param, Query } from '@nestjs/common';
import { CurrentUser, Roles } from '../auth/decorators';
import type { AuthUser } from '../auth/roles';
import { ZodPipe } from '../common/zod-pipe';
import { ApiRoute } from '../openapi/registry';
import { orgIdSchema, policyKeySchema, yearParamSchema } from '../awards/shared/params';
import { auditPageSchema } from './audit.responses';
import { auditPageQuery, auditPageQuerySchema, auditQuery, auditQuerySchema, type AuditPageQuery, type AuditQuery } from './audit.schemas';
import { AuditService } from './audit.service';

/**
 * Staff read the whole trail; an applicant its own organisation's part of it. Reviewers and the
 * committee are refused (403 FORBIDDEN_ROLE): the trail names every actor of every workflow.
 */
const AUDIT_ROLES = ['office', 'admin', 'applicant'] as const;
const TAGS = ['审计记录'];

const page = (description: string) => ({ 200: { description, schema: auditPageSchema } });
const PAGING = '最新的在前；答复中的 next 作为 cursor 传回取下一页（更早的记录），直到 next 为 null。只读数据库，不经流程引擎。';
const APPLICANT_OWN_ORG = '申报单位只看到本单位的记录（其申报与获奖档案）；查询其他组织的与不存在的一样答复 404 WORKFLOW_NOT_FOUND。';

/**
 * The audit trail (`audit_trail`, written by the workflows as their transitions happen): one
 * filtered list, and shortcuts for one cycle, one application and one organisation's standing. Paths
 * follow the routes of the workflows they are about (`/cycles/…`, `/applications/…`, `/organisations/…`).
 */
@Controller()
@Roles(...AUDIT_ROLES)
export class AuditController {
  constructor(@Inject(AuditService) private readonly audit: AuditService) {}

  @Get('audit')
  @ApiRoute({
    summary: '查询审计记录：各流程的每一次状态变更（谁、何时、何事、从哪一阶段到哪一阶段）',
    description: `按流程、操作者、时间筛选；${PAGING}办公室与运维管理员看到全部；申报单位只看到本单位的记录（其申报与获奖档案），查询其他组织或评选届次的流程得到空列表。from、to 为日期时指北京时间（UTC+8）的整天。`,
    tags: TAGS,
    query: auditQuerySchema,
    responses: page('一页审计记录'),
  })
  list(@Query(new ZodPipe(auditQuery)) query: AuditQuery, @CurrentUser() user: AuthUser) {
    return this.audit.list(query, user);
  }

  @Get('cycles/:policyKey/:year/audit')
  @ApiRoute({
    summary: '查询一届评选本身的审计记录（流程 cycle/<policyKey>/<year>）',
    description: `${PAGING}与 GET /audit?workflowId=cycle/<policyKey>/<year> 相同。申报单位可以查询，与查询本届时一样只看到与本单位有关的记录：届次本身的记录不属于任何组织，因此为空列表。`,
    tags: TAGS,
    params: { policyKey: policyKeySchema, year: yearParamSchema },
    query: auditPageQuerySchema,
    responses: page('一页审计记录（本届不存在或尚无记录时为空列表）'),
  })
  cycle(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @Query(new ZodPipe(auditPageQuery)) query: AuditPageQuery,
    @CurrentUser() user: AuthUser,
  ) {
    return this.audit.cycle(policyKey, year, query, user);
  }

  @Get('applications/:policyKey/:year/:orgId/audit')
  @ApiRoute({
    summary: '查询一份申报的审计记录（流程 application/<policyKey>/<year>/<orgId>）',
    description: `${PAGING}与 GET /audit?workflowId=application/<policyKey>/<year>/<orgId> 相同。${APPLICANT_OWN_ORG}`,
    tags: TAGS,
    params: { policyKey: policyKeySchema, year: yearParamSchema, orgId: orgIdSchema },
    query: auditPageQuerySchema,
    responses: { ...page('一页审计记录（尚无记录时为空列表）'), 404: { description: '申报单位查询其他组织（WORKFLOW_NOT_FOUND）' } },
  })
  application(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('year', new ZodPipe(yearParamSchema)) year: number,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Query(new ZodPipe(auditPageQuery)) query: AuditPageQuery,
    @CurrentUser() user: AuthUser,
  ) {
    return this.audit.application(policyKey, year, orgId, query, user);
  }

  @Get('organisations/:policyKey/:orgId/audit')
  @ApiRoute({
    summary: '查询获奖组织档案的审计记录（流程 standing/<policyKey>/<orgId>）：获奖、义务、撤销、追加奖励等',
    description: `${PAGING}与 GET /audit?workflowId=standing/<policyKey>/<orgId> 相同。${APPLICANT_OWN_ORG}`,
    tags: TAGS,
    params: { policyKey: policyKeySchema, orgId: orgIdSchema },
    query: auditPageQuerySchema,
    responses: { ...page('一页审计记录（尚无档案或记录时为空列表）'), 404: { description: '申报单位查询其他组织（WORKFLOW_NOT_FOUND）' } },
  })
  standing(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Query(new ZodPipe(auditPageQuery)) query: AuditPageQuery,
    @CurrentUser() user: AuthUser,
  ) {
    return this.audit.standing(policyKey, orgId, query, user);
  }
}
