/**
 * HTTP for the cycle benchmark: one timed request that never throws, a bounded-concurrency pool,
 * the tally of what came back, and the retrying call the drive uses for steps that may be refused
 * for a moment while workflows catch up with each other.
 */
import { Counter } from './stats';

export interface HttpResult<T = any> {
  /** 0 when no HTTP answer came (connection refused, reset, timed out). */
  status: number;
  body: T;
  /** Wall time of the request, body read included. */
  ms: number;
  networkError?: string;
  /** From a `Retry-After` header (429, 503), in milliseconds. */
  retryAfterMs?: number;
}

export interface RequestOptions {
  token?: string;
  body?: unknown;
  idempotencyKey?: string;
  timeoutMs?: number;
}

/** One request; errors become a result with status 0, so a benchmark counts them instead of dying. */
export async function request<T = any>(base: string, method: string, path: string, options: RequestOptions = {}): Promise<HttpResult<T>> {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['content-type'] = 'application/json';
  if (options.idempotencyKey) headers['idempotency-key'] = options.idempotencyKey;
  const t0 = performance.now();
  try {
    const response = await fetch(`${base}${path}`, {
      method,
      headers,
      body: options.body === undefined ? undefined : JSON.stringify(options.body),
      signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
    });
    const text = await response.text();
    let body: unknown = undefined;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = text;
    }
    const retryAfter = Number(response.headers.get('retry-after'));
    return {
      status: response.status,
      body: body as T,
      ms: performance.now() - t0,
      ...(retryAfter > 0 ? { retryAfterMs: retryAfter * 1000 } : {}),
    };
  } catch (error) {
    return { status: 0, body: undefined as T, ms: performance.now() - t0, networkError: error instanceof Error ? error.message : String(error) };
  }
}

/** The stable refusal code of an error body (`409 APPLICATIONS_UNRESOLVED`, `404 WORKFLOW_NOT_FOUND`), if any. */
export function codeOf(result: HttpResult): string | undefined {
  const body = result.body as { code?: unknown } | undefined;
  return body && typeof body === 'object' && typeof body.code === 'string' ? body.code : undefined;
}

export function messageOf(result: HttpResult): string {
  if (result.networkError) return result.networkError;
  const body = result.body as { message?: unknown } | undefined;
  const message = body && typeof body === 'object' && typeof body.message === 'string' ? body.message : JSON.stringify(result.body);
  return (message ?? '').slice(0, 300);
}

export const ok = (result: HttpResult): boolean => result.status >= 200 && result.status < 300;

export const sleep = (milliseconds: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, milliseconds));

/** Runs `fn` over `items` with at most `concurrency` at a time; results in input order. */
export async function pool<T, R>(items: readonly T[], concurrency: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const lanes = Array.from({ length: Math.min(concurrency, items.length) }, async () => {
    for (;;) {
      const index = next;
      next += 1;
      if (index >= items.length) return;
      results[index] = await fn(items[index]!, index);
    }
  });
  await Promise.all(lanes);
  return results;
}

/**
 * What the benchmark got back, across a phase or the whole run. Errors are what the targets count
 * (5xx, 429, unanswered requests, 4xx the drive did not expect); the 409s a step is expected to
 * meet while a workflow has not yet heard the news are retried and counted apart.
 */
export class Tally {
  readonly errors = new Counter();
  readonly retried409 = new Counter();

  error(result: HttpResult): void {
    this.errors.add(errorKey(result));
  }

  get serverErrors(): number {
    return this.errors.entries().filter(([key]) => /^5\d\d/.test(key)).reduce((sum, [, n]) => sum + n, 0);
  }

  get tooMany(): number {
    return this.errors.entries().filter(([key]) => key.startsWith('429')).reduce((sum, [, n]) => sum + n, 0);
  }

  get network(): number {
    return this.errors.get('no answer');
  }

  get unexpected4xx(): number {
    return this.errors.entries().filter(([key]) => /^4\d\d/.test(key) && !key.startsWith('429')).reduce((sum, [, n]) => sum + n, 0);
  }
}

/** `503 TEMPORAL_UNAVAILABLE`, `500`, `no answer`. */
export function errorKey(result: HttpResult): string {
  if (result.status === 0) return 'no answer';
  const code = codeOf(result);
  return code ? `${result.status} ${code}` : String(result.status);
}

export interface RetryOptions {
  /** 409 codes that mean "not yet": retried after `retryDelayMs` until `deadline`. */
  retryOn?: readonly string[];
  retryDelayMs?: number;
  /** Epoch ms after which the step is abandoned (its last answer returned). */
  deadline: number;
  /** 5xx, 429 and unanswered requests are retried this many times (safe: same Idempotency-Key). */
  errorRetries?: number;
  /** Set when the whole drive has run out of time: stop retrying at once. */
  signal?: AbortSignal;
}

export interface RetriedResult<T = any> extends HttpResult<T> {
  accepted: boolean;
  attempts: number;
  /** From the first attempt to the accepted (or last) answer. */
  totalMs: number;
}

/**
 * A state-changing call that retries what is expected to pass soon. Every attempt carries the same
 * Idempotency-Key: a refused update leaves no trace in Temporal, so the key is still free after a
 * 409, and after a 5xx whose update did go through, the repeat is answered with the first result.
 */
export async function callWithRetry<T = any>(
  tally: Tally,
  send: () => Promise<HttpResult<T>>,
  options: RetryOptions,
): Promise<RetriedResult<T>> {
  const t0 = performance.now();
  let attempts = 0;
  let errorRetriesLeft = options.errorRetries ?? 3;
  for (;;) {
    attempts += 1;
    const result = await send();
    const done = (accepted: boolean): RetriedResult<T> => ({ ...result, accepted, attempts, totalMs: performance.now() - t0 });
    if (ok(result)) return done(true);
    const code = codeOf(result);
    const outOfTime = Date.now() >= options.deadline || options.signal?.aborted === true;
    if (result.status === 409 && code && options.retryOn?.includes(code)) {
      if (outOfTime) {
        // Still "not yet" when the time is up: the step failed, and that is an error.
        tally.errors.add(`409 ${code} (still refused when time ran out)`);
        return done(false);
      }
      tally.retried409.add(code);
      await sleep(options.retryDelayMs ?? 200);
      continue;
    }
    tally.error(result);
    const transient = result.status === 0 || result.status === 429 || result.status >= 500;
    if (!transient || errorRetriesLeft <= 0 || outOfTime) return done(false);
    errorRetriesLeft -= 1;
    // The server's Retry-After when it gives one (429 when Temporal is out of resources), within reason.
    await sleep(Math.min(result.retryAfterMs ?? 1_000, 10_000));
  }
}
