/**
 * An `Idempotency-Key` names one request. The same key with the same request (method, path, body,
 * caller) is a retry and is answered as before; the same key with another request is refused with
 * 422 IDEMPOTENCY_KEY_REUSED instead of silently answering the first request's result, as payment
 * APIs do. Keys are scoped to the path, which names the workflow and the action. A request refused
 * for its input before anything ran gives its key back.
 */
import { createHash } from 'node:crypto';
import { HttpException, Inject, Injectable, UnprocessableEntityException, type CallHandler, type ExecutionContext, type NestInterceptor } from '@nestjs/common';
import type { Request } from 'express';
import { catchError, from, mergeMap, throwError, type Observable } from 'rxjs';
import { canonicalJson, claimIdempotencyKey, RECORDS, releaseIdempotencyKey, type Database } from '../../db';
import type { AuthUser } from '../auth/roles';

/** Statuses that mean nothing ran: the key may be used again for a corrected request. */
const NOTHING_RAN = new Set([400, 401, 403, 404, 413, 415]);

export function requestFingerprint(request: Pick<Request, 'method' | 'path' | 'body'> & { user?: AuthUser }): string {
  return createHash('sha256')
    .update(canonicalJson({ method: request.method, path: request.path, body: request.body ?? null, caller: request.user?.id ?? null }))
    .digest('hex');
}

@Injectable()
export class IdempotencyInterceptor implements NestInterceptor {
  constructor(@Inject(RECORDS) private readonly records: Database) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const request = context.switchToHttp().getRequest<Request & { user?: AuthUser }>();
    const key = request.headers['idempotency-key'];
    // A malformed key is the route's to refuse (400 naming the header).
    if (typeof key !== 'string' || !/^[\x21-\x7e]{1,200}$/.test(key) || request.method === 'GET') return next.handle();
    const claim = { scope: request.path, key, fingerprint: requestFingerprint(request) };
    return from(claimIdempotencyKey(this.records, claim)).pipe(
      mergeMap((outcome) => {
        if (outcome === 'other-request') {
          throw new UnprocessableEntityException({
            code: 'IDEMPOTENCY_KEY_REUSED',
            message: `幂等键 ${key} 已用于另一个请求（内容或请求者不同）；新请求请使用新的幂等键，重试请原样重发`,
            field: 'header.idempotency-key',
          });
        }
        const handled = next.handle();
        if (outcome !== 'new') return handled;
        return handled.pipe(
          catchError((error: unknown) =>
            error instanceof HttpException && NOTHING_RAN.has(error.getStatus())
              ? from(releaseIdempotencyKey(this.records, claim)).pipe(mergeMap(() => throwError(() => error)))
              : throwError(() => error),
          ),
        );
      }),
    );
  }
}
