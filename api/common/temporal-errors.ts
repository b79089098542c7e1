import { ConflictException, ForbiddenException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ROLE_NOT_PERMITTED, TRANSITION_REFUSED, type RefusalDetails } from '../../workflows/runtime/types';
import { TooManyRequestsException } from '../edge/too-many-requests';
import { eventNames, namedActionsFor, type ActionNamer } from './actions';

/** gRPC status codes Temporal answers with. */
export const GRPC = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

/** How long a caller refused for load is asked to wait. */
const RETRY_AFTER_SECONDS = 1;

/** Who was refused and how their route names actions: a refusal lists the caller's own actions by those names. */
export interface Caller {
  role: string;
  name: ActionNamer;
}

/** A refusal as the caller reads it: the stage, what they tried, and what they may do instead, in the route's names. */
export function refusalBody(details: RefusalDetails, fallbackMessage: string, workflowId: string, caller?: Caller): Record<string, unknown> {
  const name = caller?.name ?? eventNames;
  const event = name(details.event) ?? details.event;
  const allowedActions = caller && details.permissions
    ? namedActionsFor({ allowedEvents: details.allowedEvents, permissions: details.permissions, status: 'active' }, caller.role, name)
    : [];
  const label = details.stageLabel ?? details.stage;
  let message = details.message ?? fallbackMessage;
  if (details.code === 'EVENT_NOT_ALLOWED_IN_STAGE') {
    message = `当前阶段「${label}」不接受操作 ${event}；${allowedActions.length > 0 ? `您可执行的操作：${allowedActions.join('、')}` : '您当前没有可执行的操作'}`;
  } else if (details.code === ROLE_NOT_PERMITTED && caller) {
    const roles = details.permissions?.[details.event];
    message = roles ? `角色 ${caller.role} 无权在「${label}」阶段执行 ${event}；可执行的角色：${roles.join('、')}` : `${event} 只能由系统发出，不能由用户提交`;
  }
  return { code: details.code, message, workflowId, stage: details.stage, event, allowedActions };
}

/** Turns what Temporal says into the API's HTTP errors; unknown errors pass through as 500s. */
export function toHttpError(error: unknown, workflowId: string, caller?: Caller): unknown {
  if (error instanceof HttpException) return error;
  if (error instanceof WorkflowNotFoundError || isNotFound(error)) {
    return new NotFoundException({ code: 'WORKFLOW_NOT_FOUND', message: `未找到流程 ${workflowId}`, workflowId });
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    if (error.cause.type === TRANSITION_REFUSED) {
      const details = error.cause.details?.[0] as RefusalDetails | undefined;
      // The stage's declared roles do not include the caller: a permission problem, not a conflict.
      const Refusal = details?.code === ROLE_NOT_PERMITTED ? ForbiddenException : ConflictException;
      return new Refusal(
        details
          ? refusalBody(details, error.cause.message, workflowId, caller)
          : { code: TRANSITION_REFUSED, message: error.cause.message, workflowId, allowedActions: [] },
      );
    }
  }
  if (grpcCode(error) === GRPC.RESOURCE_EXHAUSTED) return new TooManyRequestsException(RETRY_AFTER_SECONDS);
  if (isUnavailable(error)) {
    return new ServiceUnavailableException({ code: 'TEMPORAL_UNAVAILABLE', message: '流程引擎暂时不可用，请稍后重试' });
  }
  return error;
}

function grpcCode(error: unknown): number | undefined {
  const candidate = error as { code?: unknown; cause?: { code?: unknown } } | undefined;
  const code = candidate?.code ?? candidate?.cause?.code;
  return typeof code === 'number' ? code : undefined;
}

function isNotFound(error: unknown): boolean {
  return grpcCode(error) === GRPC.NOT_FOUND;
}

function isUnavailable(error: unknown): boolean {
  const code = grpcCode(error);
  return code === GRPC.UNAVAILABLE || code === GRPC.DEADLINE_EXCEEDED;
}
