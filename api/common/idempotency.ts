import { z } from 'zod';
import { ZodPipe } from './zod-pipe';

/** The optional `Idempotency-Key` header of every state-changing POST; it becomes the Temporal update id. */
export const idempotencyKeySchema = z
  .string()
  .min(1)
  .max(200)
  .regex(/^[\x21-\x7e]+$/, '须为可见 ASCII 字符')
  .optional()
  .describe('幂等键：同一键重复提交返回第一次的结果，不再重复执行');

/** `headers` entry for `@ApiRoute`. */
export const idempotencyHeader = { 'Idempotency-Key': idempotencyKeySchema };

/** Validates the raw header value (Nest does not run pipes on `@Headers`); 400 names `header.idempotency-key`. */
export function readIdempotencyKey(raw: string | undefined): string | undefined {
  return new ZodPipe(idempotencyKeySchema, 'header.idempotency-key').transform(raw);
}
