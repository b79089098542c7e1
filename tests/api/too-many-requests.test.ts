/**
 * Temporal's RESOURCE_EXHAUSTED (a rate limit, a workflow's updates in flight) reaches the caller at
 * once as 429 with Retry-After, and is not retried by the API's client.
 */
import { describe, expect, it } from 'vitest';
import { defaultGrpcRetryOptions } from '@temporalio/client';
import { ApiExceptionFilter } from '../../api/edge/error-filter';
import { TooManyRequestsException } from '../../api/edge/too-many-requests';
import { GRPC, toHttpError } from '../../api/common/temporal-errors';
import { apiRetryOptions } from '../../api/temporal/temporal.module';

const exhausted = Object.assign(new Error('8 RESOURCE_EXHAUSTED: namespace rate limit exceeded'), { code: GRPC.RESOURCE_EXHAUSTED });

describe('load refused by Temporal', () => {
  it('maps RESOURCE_EXHAUSTED to 429 TEMPORAL_BUSY with a retry delay', () => {
    const mapped = toHttpError(exhausted, 'cycle/ganzhou-2022/2026');
    expect(mapped).toBeInstanceOf(TooManyRequestsException);
    const exception = mapped as TooManyRequestsException;
    expect(exception.getStatus()).toBe(429);
    expect(exception.getResponse()).toMatchObject({ code: 'TEMPORAL_BUSY', retryAfterSeconds: exception.retryAfterSeconds });
    expect((exception.getResponse() as { message: string }).message).toMatch(/[\u4e00-\u9fff]/);
  });

  it('answers with the Retry-After header and the usual error body', () => {
    const sent: { headers: Record<string, string>; status?: number; body?: unknown } = { headers: {} };
    const response = {
      headersSent: false,
      setHeader: (name: string, value: string) => void (sent.headers[name] = value),
      status(code: number) {
        sent.status = code;
        return this;
      },
      json: (body: unknown) => void (sent.body = body),
    };
    const request = { method: 'POST', path: '/cycles' };
    const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => request }) };
    new ApiExceptionFilter().catch(new TooManyRequestsException(2), host as never);
    expect(sent).toEqual({ headers: { 'Retry-After': '2' }, status: 429, body: expect.objectContaining({ code: 'TEMPORAL_BUSY', retryAfterSeconds: 2 }) });
  });

  it('does not let the client hold the request retrying RESOURCE_EXHAUSTED, and still retries UNAVAILABLE', () => {
    const decide = apiRetryOptions().retryableDecider;
    expect(decide(1, { code: GRPC.RESOURCE_EXHAUSTED } as never)).toBe(false);
    expect(decide(1, { code: GRPC.UNAVAILABLE } as never)).toBe(true);
    expect(defaultGrpcRetryOptions().retryableDecider(1, { code: GRPC.RESOURCE_EXHAUSTED } as never)).toBe(true);
  });
});
