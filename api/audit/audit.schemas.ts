/**
 * Query parameters of the audit routes, validated with the same schemas /docs-json shows. Bounds
 * are instants (ISO 8601 with an offset) or days (YYYY-MM-DD, a day in China time, UTC+8): `from`
 * a day means from its first instant, `to` a day up to its last, both inclusive.
 */
import { z } from 'zod';
import { decodeAuditCursor } from '../../db/audit';
import { chinaEndOfDay, chinaStartOfDay, isIsoDate } from '../../workflows/policy/dates';

export const AUDIT_LIMIT_DEFAULT = 50;
export const AUDIT_LIMIT_MAX = 200;

/** Instants PostgreSQL takes as written by `toISOString()` (four-digit years, none before the epoch). */
const EARLIEST = Date.UTC(1970, 0, 1);
const LATEST = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
const inRange = (ms: number) => Number.isFinite(ms) && ms >= EARLIEST && ms <= LATEST;

const isoInstant = z.iso.datetime({ offset: true });

/** The instant a bound stands for, or undefined when the text is neither an instant nor a day. */
export function boundInstant(value: string, edge: 'from' | 'to'): number | undefined {
  if (isIsoDate(value)) return edge === 'from' ? chinaStartOfDay(value) : chinaEndOfDay(value) - 1;
  if (!isoInstant.safeParse(value).success) return undefined;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? undefined : ms;
}

const bound = (edge: 'from' | 'to', example: string) =>
  z
    .string()
    .meta({ examples: [example] })
    .transform((value, ctx) => {
      const ms = boundInstant(value, edge);
      if (ms === undefined) {
        ctx.addIssue({ code: 'custom', message: '应为 ISO 8601 时间（带时区，如 2026-07-01T09:00:00+08:00）或日期 YYYY-MM-DD（北京时间）' });
        return z.NEVER;
      }
      if (!inRange(ms)) {
        ctx.addIssue({ code: 'custom', message: '时间须在 1970-01-01 至 9999-12-31 之间' });
        return z.NEVER;
      }
      return new Date(ms);
    });

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

/** A cursor this API wrote: its position is exactly what `encodeAuditCursor` puts in one, so PostgreSQL takes it. */
export function isUsableCursor(value: string): boolean {
  const position = decodeAuditCursor(value);
  if (!position) return false;
  const at = Date.parse(position.at);
  return (
    inRange(at) &&
    new Date(at).toISOString() === position.at &&
    position.workflowId.length <= 1000 &&
    !CONTROL.test(position.workflowId) &&
    position.seq >= -(2 ** 31) &&
    position.seq < 2 ** 31
  );
}

export const BAD_CURSOR_MESSAGE = '分页游标无效：请原样使用上一页答复中的 next';

/** What every audit route takes besides the workflow: who, when, how many, and where to go on. */
export const auditPageQuerySchema = {
  actor: z
    .string()
    .min(1, '操作者不能为空')
    .max(200, '操作者 id 最长 200 个字符')
    .optional()
    .describe('只看该用户（令牌的 sub）的操作')
    .meta({ examples: ['staff-1'] }),
  from: bound('from', '2026-07-01').optional().describe('起始时间（含）：ISO 8601 时间（带时区），或日期 YYYY-MM-DD，指北京时间该日 0 时起'),
  to: bound('to', '2026-07-31T18:00:00+08:00').optional().describe('截止时间（含）：ISO 8601 时间（带时区），或日期 YYYY-MM-DD，指北京时间该日 24 时前'),
  limit: z.coerce
    .number({ error: '每页条数须为数字' })
    .int('每页条数须为整数')
    .min(1, `每页条数须为 1 至 ${AUDIT_LIMIT_MAX}`)
    .max(AUDIT_LIMIT_MAX, `每页条数须为 1 至 ${AUDIT_LIMIT_MAX}`)
    .optional()
    .describe(`每页条数，默认 ${AUDIT_LIMIT_DEFAULT}，最多 ${AUDIT_LIMIT_MAX}`),
  cursor: z
    .string()
    .min(1, BAD_CURSOR_MESSAGE)
    .max(2000, BAD_CURSOR_MESSAGE)
    .refine(isUsableCursor, BAD_CURSOR_MESSAGE)
    .optional()
    .describe('上一页答复中的 next，取下一页（更早的记录）'),
};

/** `GET /audit` also filters by workflow. */
export const auditQuerySchema = {
  workflowId: z
    .string()
    .min(1, '流程 id 不能为空')
    .max(300, '流程 id 最长 300 个字符')
    .optional()
    .describe('只看该流程，如 cycle/ganzhou-2022/2026、application/ganzhou-2022/2026/org-a、standing/ganzhou-2022/org-a')
    .meta({ examples: ['application/ganzhou-2022/2026/org-a'] }),
  ...auditPageQuerySchema,
};

/** `to` before `from` can match nothing: it is a mistake, said as such. */
const ordered = (query: { from?: Date | undefined; to?: Date | undefined }, ctx: z.RefinementCtx) => {
  if (query.from && query.to && query.to < query.from) ctx.addIssue({ code: 'custom', path: ['to'], message: '截止时间不能早于起始时间' });
};

// Unknown query parameters are refused, as on every other route.
export const auditQuery = z.strictObject(auditQuerySchema).superRefine(ordered);
export type AuditQuery = z.infer<typeof auditQuery>;

export const auditPageQuery = z.strictObject(auditPageQuerySchema).superRefine(ordered);
export type AuditPageQuery = z.infer<typeof auditPageQuery>;
