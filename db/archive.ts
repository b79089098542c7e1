/**
 * Closed workflows' final views, kept after Temporal has forgotten them: what `GET` answers once
 * the history is gone, and what keeps an id from being started again. Each record carries the day
 * until which it must be kept (`keep_until`); only `pruneArchive` removes one, and only after it.
 */
import type { Queryable } from './database';
import { SqlParams } from './sql-params';

export interface ArchivedRecord<TView = unknown> {
  workflowId: string;
  chainId: string;
  machine: string;
  policyKey: string | null;
  year: number | null;
  orgId: string | null;
  stage: string;
  /** The workflow's view (`stateQuery`'s answer) when it closed. */
  view: TView;
  closedAt: string;
  /** YYYY-MM-DD: the record and its audit trail are kept at least through this day. */
  keepUntil: string;
  retentionSource: 'policy' | 'default';
  archivedAt: string;
}

export type NewArchivedRecord = Omit<ArchivedRecord, 'archivedAt'>;

interface ArchiveRow {
  workflow_id: string;
  chain_id: string;
  machine: string;
  policy_key: string | null;
  year: number | null;
  org_id: string | null;
  stage: string;
  view: unknown;
  closed_at: Date;
  keep_until: string;
  retention_source: 'policy' | 'default';
  archived_at: Date;
}

const toRecord = (row: ArchiveRow): ArchivedRecord => ({
  workflowId: row.workflow_id,
  chainId: row.chain_id,
  machine: row.machine,
  policyKey: row.policy_key,
  year: row.year,
  orgId: row.org_id,
  stage: row.stage,
  view: row.view,
  closedAt: row.closed_at.toISOString(),
  keepUntil: row.keep_until,
  retentionSource: row.retention_source,
  archivedAt: row.archived_at.toISOString(),
});

// keep_until as text: a calendar day, not an instant in the server's time zone.
const COLUMNS = `workflow_id, chain_id, machine, policy_key, year, org_id, stage, view, closed_at, to_char(keep_until, 'YYYY-MM-DD') AS keep_until, retention_source, archived_at`;

/**
 * Stores the closed workflow's record. A second call for the same chain (a retried activity) keeps
 * the first; a record never moves its keep-until day earlier.
 */
export async function archiveRecord(db: Queryable, record: NewArchivedRecord): Promise<{ created: boolean }> {
  const rows = await db.query<{ created: boolean }>(
    `INSERT INTO archived_records (workflow_id, chain_id, machine, policy_key, year, org_id, stage, view, closed_at, keep_until, retention_source)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8::jsonb, $9, $10::date, $11)
     ON CONFLICT (workflow_id) DO UPDATE SET keep_until = GREATEST(archived_records.keep_until, EXCLUDED.keep_until)
     RETURNING (xmax = 0) AS created`,
    [
      record.workflowId,
      record.chainId,
      record.machine,
      record.policyKey,
      record.year,
      record.orgId,
      record.stage,
      JSON.stringify(record.view),
      record.closedAt,
      record.keepUntil,
      record.retentionSource,
    ],
  );
  return { created: rows[0]?.created === true };
}

export async function findArchived<TView = unknown>(db: Queryable, workflowId: string): Promise<ArchivedRecord<TView> | undefined> {
  const rows = await db.query<ArchiveRow>(`SELECT ${COLUMNS} FROM archived_records WHERE workflow_id = $1`, [workflowId]);
  return rows[0] ? (toRecord(rows[0]) as ArchivedRecord<TView>) : undefined;
}

export interface ArchiveFilter {
  machine?: string;
  policyKey?: string;
  year?: number;
  orgId?: string;
  limit?: number;
}

export async function listArchived(db: Queryable, filter: ArchiveFilter = {}): Promise<ArchivedRecord[]> {
  const where: string[] = [];
  const params = new SqlParams();
  if (filter.machine !== undefined) where.push(`machine = ${params.add(filter.machine)}`);
  if (filter.policyKey !== undefined) where.push(`policy_key = ${params.add(filter.policyKey)}`);
  if (filter.year !== undefined) where.push(`year = ${params.add(filter.year)}`);
  if (filter.orgId !== undefined) where.push(`org_id = ${params.add(filter.orgId)}`);
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 100), 1), 1000);
  const rows = await db.query<ArchiveRow>(
    `SELECT ${COLUMNS} FROM archived_records ${where.length ? `WHERE ${where.join(' AND ')}` : ''} ORDER BY closed_at DESC, workflow_id LIMIT ${params.add(limit)}`,
    params.values,
  );
  return rows.map(toRecord);
}

export interface Prunable {
  workflowId: string;
  machine: string;
  keepUntil: string;
  closedAt: string;
  auditEntries: number;
}

/** Records whose keep-until day is before `today` (YYYY-MM-DD), with how many audit entries go with each. */
export async function prunableRecords(db: Queryable, today: string, limit = 10_000): Promise<Prunable[]> {
  const rows = await db.query<{ workflow_id: string; machine: string; keep_until: string; closed_at: Date; audit_entries: string }>(
    `SELECT a.workflow_id, a.machine, to_char(a.keep_until, 'YYYY-MM-DD') AS keep_until, a.closed_at,
            (SELECT count(*) FROM audit_trail t WHERE t.workflow_id = a.workflow_id AND t.chain_id = a.chain_id) AS audit_entries
     FROM archived_records a WHERE a.keep_until < $1::date ORDER BY a.keep_until, a.workflow_id LIMIT $2`,
    [today, limit],
  );
  return rows.map((r) => ({ workflowId: r.workflow_id, machine: r.machine, keepUntil: r.keep_until, closedAt: r.closed_at.toISOString(), auditEntries: Number(r.audit_entries) }));
}

/**
 * Removes the records (and their audit trails) whose keep-until day is before `today`. The day is
 * checked again in the statement itself, so nothing kept is removed whatever the caller passed.
 */
export async function pruneArchive(db: Queryable, today: string, workflowIds: readonly string[]): Promise<{ records: number; auditEntries: number }> {
  if (workflowIds.length === 0) return { records: 0, auditEntries: 0 };
  const rows = await db.query<{ records: string; audit_entries: string }>(
    `WITH gone AS (
       DELETE FROM archived_records WHERE workflow_id = ANY($2::text[]) AND keep_until < $1::date RETURNING workflow_id, chain_id
     ), trail AS (
       DELETE FROM audit_trail t USING gone WHERE t.workflow_id = gone.workflow_id AND t.chain_id = gone.chain_id RETURNING 1
     )
     SELECT (SELECT count(*) FROM gone) AS records, (SELECT count(*) FROM trail) AS audit_entries`,
    [today, workflowIds],
  );
  return { records: Number(rows[0]?.records ?? 0), auditEntries: Number(rows[0]?.audit_entries ?? 0) };
}
