/**
 * 429 with `Retry-After` when Temporal says it is out of resources (gRPC RESOURCE_EXHAUSTED: rate
 * limits, a workflow's limit of updates in flight). The API answers at once instead of holding the
 * request while the client retries; the caller knows the load and when to come back. The header is
 * set by the API's exception filter (error-filter.ts).
 */
import { HttpException, HttpStatus } from '@nestjs/common';

export class TooManyRequestsException extends HttpException {
  constructor(readonly retryAfterSeconds: number) {
    super(
      { code: 'TEMPORAL_BUSY', message: `流程引擎当前负载已满，请在${retryAfterSeconds}秒后重试`, retryAfterSeconds },
      HttpStatus.TOO_MANY_REQUESTS,
    );
  }
}
