import { BadRequestException, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { z, type ZodType } from 'zod';

// Users read these messages; zod's own Chinese locale covers the generic ones.
z.config(z.locales.zhCN());

/**
 * Validates one request part against a zod schema; a failure is a 400 whose `field` names the bad
 * input as `body.title`, `param.workflowId` or `header.idempotency-key`.
 */
export class ZodPipe<T> implements PipeTransform<unknown, T> {
  /** `location` names the input when Nest does not (headers are validated by hand). */
  constructor(
    private readonly schema: ZodType<T>,
    private readonly location?: string,
  ) {}

  transform(value: unknown, metadata?: ArgumentMetadata): T {
    const result = this.schema.safeParse(value);
    if (result.success) return result.data;
    const prefix = this.location ?? [metadata?.type ?? 'body', metadata?.data].filter(Boolean).join('.');
    const issues = result.error.issues.map((issue) => ({
      // An unknown key is named by the key itself, not by the object that holds it.
      field: [prefix, ...issue.path.map(String), ...(issue.code === 'unrecognized_keys' ? issue.keys.slice(0, 1) : [])].join('.'),
      message: issue.message,
    }));
    const first = issues[0]!;
    throw new BadRequestException({
      code: 'INVALID_INPUT',
      message: `输入无效：${first.field}：${first.message}`,
      field: first.field,
      issues,
    });
  }
}
