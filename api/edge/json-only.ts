/**
 * A request with a body must send JSON: anything else (text/plain, a form) would reach the routes
 * as an empty body and be refused with a misleading "expected object". Express middleware, so it
 * answers before body parsing; the body is the API's usual error shape.
 */
import type { NextFunction, Request, Response } from 'express';

const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i;

function hasBody(request: Request): boolean {
  const length = request.headers['content-length'];
  return request.headers['transfer-encoding'] !== undefined || (length !== undefined && length !== '0');
}

export function jsonBodiesOnly(request: Request, response: Response, next: NextFunction): void {
  if (!hasBody(request) || JSON_TYPE.test(request.headers['content-type'] ?? '')) return next();
  response.status(415).json({
    code: 'UNSUPPORTED_MEDIA_TYPE',
    message: `请求体须为 JSON：请设置 Content-Type: application/json（收到的是 ${request.headers['content-type'] || '未声明类型'}）`,
  });
}
