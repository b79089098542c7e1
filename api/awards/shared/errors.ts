import { BadRequestException, ConflictException, ForbiddenException, HttpException, NotFoundException } from '@nestjs/common';
import type { WorkflowState } from '../../workflows/machine-workflows.service';
import { namedActionsFor } from '../../common/actions';
import { cycleActionName } from './action-names';

/** Exactly what an unknown workflow answers, so a hidden one cannot be told apart from a missing one. */
export const workflowNotFound = (workflowId: string) => () =>
  new NotFoundException({ code: 'WORKFLOW_NOT_FOUND', message: `未找到流程 ${workflowId}`, workflowId });

/** The stable `code` of an HttpException's body, if it has one. */
export function errorCode(error: unknown): string | undefined {
  if (!(error instanceof HttpException)) return undefined;
  const body = error.getResponse();
  return typeof body === 'object' && body !== null && 'code' in body ? String((body as { code: unknown }).code) : undefined;
}

/** A 400 shaped like ZodPipe's, for a rule that depends on who calls. */
export function invalidInput(field: string, message: string): BadRequestException {
  return new BadRequestException({ code: 'INVALID_INPUT', message: `输入无效：${field}：${message}`, field, issues: [{ field, message }] });
}

/** The same 400 naming several fields at once. */
export function invalidInputs(issues: Array<{ field: string; message: string }>): BadRequestException {
  return new BadRequestException({
    code: 'INVALID_INPUT',
    message: `输入无效：${issues.map((i) => `${i.field}：${i.message}`).join('；')}`,
    field: issues[0]?.field,
    issues,
  });
}

export function otherOrganisation(orgId: string): ForbiddenException {
  return new ForbiddenException({ code: 'FORBIDDEN_ORGANISATION', message: `申报单位只能为本单位申报，不能代 ${orgId} 申报`, orgId });
}

/** A submission while the cycle does not take applications; shaped like the runtime's refusals. */
export function applicationsClosed(cycle: WorkflowState, role: string): ConflictException {
  const reason = cycle.stage === 'draft' ? '本届评选尚未发布申报公告' : '申报受理已截止，逾期提交的申报不予受理';
  return new ConflictException({
    code: 'APPLICATIONS_CLOSED',
    message: `${reason}（当前阶段：${cycle.stageLabel}）`,
    workflowId: cycle.workflowId,
    stage: cycle.stage,
    event: 'submit',
    allowedActions: namedActionsFor(cycle, role, cycleActionName),
  });
}
