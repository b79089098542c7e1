/**
 * Public notices (公告、公示) as published by workflows. A notice is stored once per idempotency
 * key: a retried or replayed effect finds the row it already wrote.
 */
import type { Queryable } from './database';
import { SqlParams } from './sql-params';

export interface Notice {
  id: string;
  idempotencyKey: string;
  workflowId: string;
  jurisdiction: string | null;
  cycle: string | null;
  kind: string;
  title: string;
  body: string;
  publishedAt: Date;
  payload: Record<string, unknown>;
}

export interface NewNotice {
  idempotencyKey: string;
  workflowId: string;
  jurisdiction?: string | null;
  cycle?: string | null;
  kind: string;
  title: string;
  body: string;
  publishedAt: Date;
  payload?: Record<string, unknown>;
}

export interface NoticeFilter {
  jurisdiction?: string;
  cycle?: string;
  kind?: string;
  workflowId?: string;
  /** Default 50, at most 200. */
  limit?: number;
  offset?: number;
}

export interface NoticePage {
  items: Notice[];
  total: number;
  limit: number;
  offset: number;
}

interface NoticeRow {
  id: string;
  idempotency_key: string;
  workflow_id: string;
  jurisdiction: string | null;
  cycle: string | null;
  kind: string;
  title: string;
  body: string;
  published_at: Date;
  payload: Record<string, unknown>;
}

const toNotice = (row: NoticeRow): Notice => ({
  id: String(row.id),
  idempotencyKey: row.idempotency_key,
  workflowId: row.workflow_id,
  jurisdiction: row.jurisdiction,
  cycle: row.cycle,
  kind: row.kind,
  title: row.title,
  body: row.body,
  publishedAt: row.published_at,
  payload: row.payload,
});

/**
 * Stores the notice unless one with its key exists, and returns the stored row either way; the
 * first write wins, so a retry with different text cannot rewrite what the public has seen.
 */
export async function insertNoticeIfAbsent(db: Queryable, notice: NewNotice): Promise<{ notice: Notice; created: boolean }> {
  const inserted = await db.query<NoticeRow>(
    `INSERT INTO notices (idempotency_key, workflow_id, jurisdiction, cycle, kind, title, body, published_at, payload)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING *`,
    [
      notice.idempotencyKey,
      notice.workflowId,
      notice.jurisdiction ?? null,
      notice.cycle ?? null,
      notice.kind,
      notice.title,
      notice.body,
      notice.publishedAt,
      JSON.stringify(notice.payload ?? {}),
    ],
  );
  if (inserted[0]) return { notice: toNotice(inserted[0]), created: true };
  const existing = await findNoticeByKey(db, notice.idempotencyKey);
  // Only a concurrent delete between the two statements could get here; nothing deletes notices.
  if (!existing) throw new Error(`notice ${notice.idempotencyKey} conflicted but cannot be read back`);
  return { notice: existing, created: false };
}

export async function findNoticeByKey(db: Queryable, idempotencyKey: string): Promise<Notice | undefined> {
  const rows = await db.query<NoticeRow>('SELECT * FROM notices WHERE idempotency_key = $1', [idempotencyKey]);
  return rows[0] ? toNotice(rows[0]) : undefined;
}

export async function findNotice(db: Queryable, id: string): Promise<Notice | undefined> {
  if (!/^\d+$/.test(id)) return undefined;
  const rows = await db.query<NoticeRow>('SELECT * FROM notices WHERE id = $1', [id]);
  return rows[0] ? toNotice(rows[0]) : undefined;
}

export const MAX_PAGE = 200;

/** Newest first; `total` counts every notice matching the filter, for paging. */
export async function listNotices(db: Queryable, filter: NoticeFilter = {}): Promise<NoticePage> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), MAX_PAGE);
  const offset = Math.max(Math.trunc(filter.offset ?? 0), 0);
  const conditions: string[] = [];
  const params = new SqlParams();
  const columns: Array<[keyof NoticeFilter, string]> = [
    ['jurisdiction', 'jurisdiction'],
    ['cycle', 'cycle'],
    ['kind', 'kind'],
    ['workflowId', 'workflow_id'],
  ];
  for (const [field, column] of columns) {
    const value = filter[field];
    if (value === undefined) continue;
    conditions.push(`${column} = ${params.add(value)}`);
  }
  const where = conditions.length > 0 ? `WHERE ${conditions.join(' AND ')}` : '';
  const filtered = [...params.values];
  const rows = await db.query<NoticeRow & { total: string }>(
    `SELECT *, count(*) OVER () AS total FROM notices ${where}
     ORDER BY published_at DESC, id DESC
     LIMIT ${params.add(limit)} OFFSET ${params.add(offset)}`,
    params.values,
  );
  let total = rows[0] ? Number(rows[0].total) : 0;
  // Past the last page the window function has no row to report on.
  if (!rows[0] && offset > 0) {
    total = Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM notices ${where}`, filtered))[0]?.n ?? 0);
  }
  return { items: rows.map(toNotice), total, limit, offset };
}
