import { ConflictException, ForbiddenException, HttpException, NotFoundException, ServiceUnavailableException } from '@nestjs/common';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { ROLE_NOT_PERMITTED, TRANSITION_REFUSED, type RefusalDetails } from '../../workflows/runtime/types';
import { TooManyRequestsException } from '../edge/too-many-requests';

/** gRPC status codes Temporal answers with. */
export const GRPC = { DEADLINE_EXCEEDED: 4, NOT_FOUND: 5, RESOURCE_EXHAUSTED: 8, UNAVAILABLE: 14 } as const;

/** How long a caller refused for load is asked to wait. */
const RETRY_AFTER_SECONDS = 1;

/** Turns what Temporal says into the API's HTTP errors; unknown errors pass through as 500s. */
export function toHttpError(error: unknown, workflowId: string): unknown {
  if (error instanceof HttpException) return error;
  if (error instanceof WorkflowNotFoundError || isNotFound(error)) {
    return new NotFoundException({ code: 'WORKFLOW_NOT_FOUND', message: `未找到流程 ${workflowId}`, workflowId });
  }
  if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure) {
    if (error.cause.type === TRANSITION_REFUSED) {
      const details = error.cause.details?.[0] as RefusalDetails | undefined;
      // The stage's declared roles do not include the caller: a permission problem, not a conflict.
      const Refusal = details?.code === ROLE_NOT_PERMITTED ? ForbiddenException : ConflictException;
      return new Refusal({
        code: details?.code ?? TRANSITION_REFUSED,
        message: error.cause.message,
        workflowId,
        stage: details?.stage,
        event: details?.event,
        allowedEvents: details?.allowedEvents ?? [],
      });
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
