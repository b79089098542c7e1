/**
 * 429 with `Retry-After` when Temporal says it is out of resources (gRPC RESOURCE_EXHAUSTED: rate
 * limits, a workflow's limit of updates in flight). The API answers at once instead of holding the
 * request while the client retries; the caller knows the load and when to come back.
 */
import { Catch, HttpException, HttpStatus, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Response } from 'express';

export class TooManyRequestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      { code: 'TEMPORAL_BUSY', message: `流程引擎当前负载已满，请在${retryAfterSeconds}秒后重试`, retryAfterSeconds },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}

@Catch(TooManyRequestsException)
export class TooManyRequestsFilter implements ExceptionFilter {
  catch(exception: TooManyRequestsException, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    response.setHeader('Retry-After', String(exception.retryAfterSeconds));
    response.status(exception.getStatus()).json(exception.getResponse());
  }
}
