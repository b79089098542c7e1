/**
 * Every error the API answers has the same body: a stable `code`, a Chinese `message`, and for 400s
 * the `field`. Nest's own errors (a body that is not JSON, too large, no such route) and anything
 * unexpected are put in that shape here; an unexpected error is logged with its stack and answered
 * as a plain 500 that reveals nothing of the server.
 */
import { Catch, HttpException, HttpStatus, Logger, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { BODY_LIMIT_LABEL } from './limits';
import { allowedMethods } from './methods';
import { TooManyRequestsException } from './too-many-requests';

export interface ErrorBody {
  code: string;
  message: string;
  [key: string]: unknown;
}

const CODE_BY_STATUS: Record<number, string> = {
  400: 'INVALID_INPUT',
  401: 'UNAUTHENTICATED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  409: 'CONFLICT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  422: 'UNPROCESSABLE',
  429: 'TOO_MANY_REQUESTS',
  503: 'UNAVAILABLE',
};

const hasCode = (body: unknown): body is ErrorBody => typeof body === 'object' && body !== null && typeof (body as { code?: unknown }).code === 'string';

/** The answer for an error: its status, body and extra headers. Pure, so it is tested without a server. */
export function errorAnswer(exception: unknown, request: Pick<Request, 'method' | 'path'>): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (exception instanceof TooManyRequestsException) {
    return { status: exception.getStatus(), body: exception.getResponse() as ErrorBody, headers: { 'Retry-After': String(exception.retryAfterSeconds) } };
  }
  if (exception instanceof HttpException) {
    const status = exception.getStatus();
    const body = exception.getResponse();
    if (hasCode(body)) return { status, body, headers: {} };
    return nestError(status, exception, request);
  }
  const clientError = clientErrorStatus(exception);
  if (clientError !== undefined) return nestError(clientError, exception as Error, request);
  return { status: 500, body: { code: 'INTERNAL_ERROR', message: '服务器内部错误，请稍后重试；如持续出现，请联系运维管理员' }, headers: {} };
}

/** body-parser's errors (http-errors): a 4xx status the client caused, e.g. `entity.parse.failed`, `entity.too.large`. */
function clientErrorStatus(exception: unknown): number | undefined {
  const candidate = exception as { status?: unknown; expose?: unknown; type?: unknown } | null;
  if (!candidate || typeof candidate.status !== 'number' || candidate.expose !== true || typeof candidate.type !== 'string') return undefined;
  return candidate.status >= 400 && candidate.status < 500 ? candidate.status : undefined;
}

/** Errors Nest and body-parser raise themselves, before or instead of a route. */
function nestError(status: number, exception: Error, request: Pick<Request, 'method' | 'path'>): { status: number; body: ErrorBody; headers: Record<string, string> } {
  if (status === HttpStatus.NOT_FOUND) {
    const allowed = allowedMethods(request.path);
    if (allowed.length > 0) {
      return {
        status: HttpStatus.METHOD_NOT_ALLOWED,
        body: { code: 'METHOD_NOT_ALLOWED', message: `接口 ${request.path} 不支持 ${request.method} 方法，可用：${allowed.join('、')}`, allowedMethods: allowed },
        headers: { Allow: allowed.join(', ') },
      };
    }
    return { status, body: { code: 'ROUTE_NOT_FOUND', message: `没有这个接口：${request.method} ${request.path}` }, headers: {} };
  }
  if (status === HttpStatus.PAYLOAD_TOO_LARGE) {
    return { status, body: { code: 'PAYLOAD_TOO_LARGE', message: `请求体过大：上限为 ${BODY_LIMIT_LABEL}` }, headers: {} };
  }
  if (status === HttpStatus.UNSUPPORTED_MEDIA_TYPE) {
    return { status, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: '请求体的字符集或编码不受支持：请发送 UTF-8 编码的 JSON' }, headers: {} };
  }
  // body-parser: a body that is not JSON, or JSON that is not an object or array (strict mode).
  if (status === HttpStatus.BAD_REQUEST) {
    const message = '请求体须为有效的 JSON 对象（Content-Type: application/json）';
    return { status, body: { code: 'INVALID_INPUT', message: `输入无效：body：${message}`, field: 'body', issues: [{ field: 'body', message }] }, headers: {} };
  }
  return { status, body: { code: CODE_BY_STATUS[status] ?? `HTTP_${status}`, message: exception.message }, headers: {} };
}

@Catch()
export class ApiExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('api');

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const request = http.getRequest<Request>();
    const response = http.getResponse<Response>();
    const answer = errorAnswer(exception, request);
    if (answer.status >= 500 && !(exception instanceof HttpException)) {
      this.logger.error(`${request.method} ${request.path}: ${exception instanceof Error ? (exception.stack ?? exception.message) : String(exception)}`);
    }
    if (response.headersSent) return;
    for (const [name, value] of Object.entries(answer.headers)) response.setHeader(name, value);
    response.status(answer.status).json(answer.body);
  }
}
