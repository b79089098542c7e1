/**
 * Runs on every body, query and path parameter before the route's own validation: a value nested
 * deeper than any of our bodies, or a string with a control character (U+0000 stops PostgreSQL; none
 * belongs in a title, a name or a reason) is a 400 naming the field. Tab, line feed and carriage
 * return stay allowed in text.
 */
import { BadRequestException, Injectable, type ArgumentMetadata, type PipeTransform } from '@nestjs/common';
import { MAX_INPUT_DEPTH } from './limits';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;

function refuse(field: string, message: string): BadRequestException {
  return new BadRequestException({ code: 'INVALID_INPUT', message: `输入无效：${field}：${message}`, field, issues: [{ field, message }] });
}

/** Throws for the first offending place, depth-first; iterative, so a hostile depth cannot overflow the stack. */
export function assertSafeInput(value: unknown, root: string): void {
  const stack: Array<{ value: unknown; path: string; depth: number }> = [{ value, path: root, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, path, depth } = stack.pop()!;
    if (typeof current === 'string') {
      const found = CONTROL.exec(current);
      if (found) throw refuse(path, `不能包含控制字符（U+${found[0].charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}）`);
      continue;
    }
    if (current === null || typeof current !== 'object') continue;
    if (depth >= MAX_INPUT_DEPTH) throw refuse(path, `嵌套层数超过 ${MAX_INPUT_DEPTH}`);
    for (const [key, child] of Object.entries(current)) {
      if (CONTROL.test(key)) throw refuse(path, '字段名不能包含控制字符');
      stack.push({ value: child, path: `${path}.${key}`, depth: depth + 1 });
    }
  }
}

@Injectable()
export class SafeInputPipe implements PipeTransform {
  transform(value: unknown, metadata: ArgumentMetadata): unknown {
    if (metadata.type === 'body' || metadata.type === 'query' || metadata.type === 'param') {
      assertSafeInput(value, [metadata.type, metadata.data].filter(Boolean).join('.'));
    }
    return value;
  }
}
