import { Body, Controller, Get, Headers, HttpCode, Inject, Param, Post, Put } from '@nestjs/common';
import type { z } from 'zod';
import { standingMachine } from '../../../workflows/machines/standing';
import { CurrentUser, Roles } from '../../auth/decorators';
import type { AuthUser } from '../../auth/roles';
import { idempotencyHeader, readIdempotencyKey } from '../../common/idempotency';
import { ZodPipe } from '../../common/zod-pipe';
import { ApiRoute } from '../../openapi/registry';
import { rolesFor } from '../shared/machine-roles';
import { orgIdSchema, policyKeySchema } from '../shared/params';
import { notFoundResponse, refusedResponse, roleRefusedResponse, unavailableResponse } from '../shared/responses';
import { dutiesViewSchema, ledgerViewSchema, standingActionResultSchema, standingViewSchema } from './organisations.responses';
import {
  dutyIdSchema,
  recordBonusSchema,
  recordDutyDoneSchema,
  recordSanctionSchema,
  STANDING_ACTIONS,
  submitReportSchema,
  updateContactsSchema,
  waiveDutySchema,
  type StandingAction,
} from './organisations.schemas';
import { OrganisationsService } from './organisations.service';

/** Who may call each write route at all: the roles the standing's stage admits for its event (the runtime checks again). */
const rolesOf = (action: StandingAction) => rolesFor(standingMachine, [STANDING_ACTIONS[action].event]);

const params = { policyKey: policyKeySchema, orgId: orgIdSchema };
const dutyParams = { ...params, dutyId: dutyIdSchema };
const TAGS = ['获奖组织'];

const readResponses = (description: string, schema: z.ZodType) => ({ 200: { description, schema }, 404: notFoundResponse, 503: unavailableResponse });
const actionResponses = {
  200: { description: '已登记，返回更新后的档案（同一幂等键重复提交返回第一次的结果）', schema: standingActionResultSchema },
  403: roleRefusedResponse,
  404: notFoundResponse,
  409: refusedResponse,
  503: unavailableResponse,
};
const VISIBILITY = '申报单位只能查询本单位；其他组织的与不存在的一样答复 404 WORKFLOW_NOT_FOUND。没有获奖记录的组织没有档案（404）。';

/**
 * An organisation's standing under one jurisdiction's award (`standing/<policyKey>/<orgId>` in
 * Temporal), started by its first award: the record, the prize ledger, the duties and their
 * handling, contacts, sanctions and bonuses.
 */
@Controller('organisations/:policyKey/:orgId')
export class OrganisationsController {
  constructor(@Inject(OrganisationsService) private readonly organisations: OrganisationsService) {}

  @Get()
  @ApiRoute({
    summary: '查询获奖组织档案：历届获奖、今天是否持有有效奖项、撤销与禁止申报、义务概况、联系邮箱',
    description: `${VISIBILITY}联系邮箱只向办公室、运维管理员和本单位显示。`,
    tags: TAGS,
    params,
    responses: readResponses('获奖组织档案与请求者可执行的操作', standingViewSchema),
  })
  get(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.organisations.get(policyKey, orgId, user);
  }

  @Get('ledger')
  @ApiRoute({
    summary: '查询奖金台账：奖金、再次获奖、补差、追加奖励、追缴，及余额',
    description: VISIBILITY,
    tags: TAGS,
    params,
    responses: readResponses('台账各项（按日期）与余额', ledgerViewSchema),
  })
  ledger(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.organisations.ledger(policyKey, orgId, user);
  }

  @Get('duties')
  @ApiRoute({
    summary: '查询获奖义务：年度质量绩效报告、复核评估、经验交流等，及其期限、状态、是否逾期',
    description: VISIBILITY,
    tags: TAGS,
    params,
    responses: readResponses('义务明细', dutiesViewSchema),
  })
  duties(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @CurrentUser() user: AuthUser,
  ) {
    return this.organisations.duties(policyKey, orgId, user);
  }

  @Post('duties/:dutyId/submit')
  @HttpCode(200)
  @Roles(...rolesOf('submit-report'))
  @ApiRoute({
    summary: '提交年度质量绩效报告（申报单位为本单位提交）：该年度的提醒随即停止',
    description: '只适用于年度质量绩效报告；复核评估、经验交流由办公室登记完成（…/done）。已提交、豁免或取消的义务不能再提交（409 DUTY_CLOSED）。',
    tags: TAGS,
    params: dutyParams,
    headers: idempotencyHeader,
    body: submitReportSchema,
    responses: actionResponses,
  })
  submitReport(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Param('dutyId', new ZodPipe(dutyIdSchema)) dutyId: string,
    @Body(new ZodPipe(submitReportSchema)) body: z.infer<typeof submitReportSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.organisations.act(policyKey, orgId, 'submit-report', { ...body, dutyId }, readIdempotencyKey(key), user);
  }

  @Post('duties/:dutyId/waive')
  @HttpCode(200)
  @Roles(...rolesOf('waive-duty'))
  @ApiRoute({
    summary: '豁免一项义务（须说明理由）：其提醒随即停止',
    tags: TAGS,
    params: dutyParams,
    headers: idempotencyHeader,
    body: waiveDutySchema,
    responses: actionResponses,
  })
  waive(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Param('dutyId', new ZodPipe(dutyIdSchema)) dutyId: string,
    @Body(new ZodPipe(waiveDutySchema)) body: z.infer<typeof waiveDutySchema>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.organisations.act(policyKey, orgId, 'waive-duty', { ...body, dutyId }, readIdempotencyKey(key), user);
  }

  @Post('duties/:dutyId/done')
  @HttpCode(200)
  @Roles(...rolesOf('record-duty-done'))
  @ApiRoute({
    summary: '登记一项义务已完成（如复核评估、经验交流）：其提醒随即停止',
    tags: TAGS,
    params: dutyParams,
    headers: idempotencyHeader,
    body: recordDutyDoneSchema,
    responses: actionResponses,
  })
  done(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Param('dutyId', new ZodPipe(dutyIdSchema)) dutyId: string,
    @Body(new ZodPipe(recordDutyDoneSchema)) body: z.infer<typeof recordDutyDoneSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.organisations.act(policyKey, orgId, 'record-duty-done', { ...(body ?? {}), dutyId }, readIdempotencyKey(key), user);
  }

  @Put('contacts')
  @Roles(...rolesOf('update-contacts'))
  @ApiRoute({
    summary: '更新接收提醒的联系邮箱（申报单位为本单位，或办公室）：以后的提醒发往新的邮箱',
    description: '整体替换；重复的地址（不分大小写）只保留一个。',
    tags: TAGS,
    params,
    body: updateContactsSchema,
    responses: actionResponses,
  })
  contacts(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Body(new ZodPipe(updateContactsSchema)) body: z.infer<typeof updateContactsSchema>,
    @CurrentUser() user: AuthUser,
  ) {
    return this.organisations.act(policyKey, orgId, 'update-contacts', body, undefined, user);
  }

  @Post('sanctions')
  @HttpCode(200)
  @Roles(...rolesOf('record-sanction'))
  @ApiRoute({
    summary: '登记撤销情形（弄虚作假、重大事故等）：按政策撤销奖项、追缴奖金、禁止申报、发布撤销公告并停止义务提醒',
    description:
      'causeId 须为该政策规定的情形（否则 400，field 为 body.causeId，并列出可选情形）。政策判断事实是否在规定期限内；不在期限内的只作记录（applicable: false）。同一编号重复登记不会记两次；省略 sanctionId 时编号为 <causeId>-<decidedOn>。',
    tags: TAGS,
    params,
    headers: idempotencyHeader,
    body: recordSanctionSchema,
    responses: actionResponses,
  })
  sanction(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Body(new ZodPipe(recordSanctionSchema)) body: z.infer<typeof recordSanctionSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.organisations.act(policyKey, orgId, 'record-sanction', body, readIdempotencyKey(key), user);
  }

  @Post('bonuses')
  @HttpCode(200)
  @Roles(...rolesOf('record-bonus'))
  @ApiRoute({
    summary: '登记获得上级奖项（中国质量奖、省长质量奖等）的追加奖励，记入奖金台账',
    description: '政策未规定该奖项的追加奖励，或获得时未持有所要求的有效奖项，答复 409 NO_BONUS。省略 bonusId 时编号为 <award>-<on>。',
    tags: TAGS,
    params,
    headers: idempotencyHeader,
    body: recordBonusSchema,
    responses: actionResponses,
  })
  bonus(
    @Param('policyKey', new ZodPipe(policyKeySchema)) policyKey: string,
    @Param('orgId', new ZodPipe(orgIdSchema)) orgId: string,
    @Body(new ZodPipe(recordBonusSchema)) body: z.infer<typeof recordBonusSchema>,
    @Headers('idempotency-key') key: string | undefined,
    @CurrentUser() user: AuthUser,
  ) {
    return this.organisations.act(policyKey, orgId, 'record-bonus', body, readIdempotencyKey(key), user);
  }
}
