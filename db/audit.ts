/**
 * The audit trail: every accepted transition of every machine-backed workflow, one row per
 * (workflow, chain, seq). Workflows hand their transitions over in batches (workflows/runtime/
 * audit-trail.ts); a batch written twice (a retried activity, a replayed task, a worker that died
 * after writing) adds nothing the second time.
 */
import type { Queryable } from './database';
import { SqlParams } from './sql-params';

/** One transition as the workflow reports it; `at` is workflow time (epoch ms). */
export interface TransitionRecord {
  seq: number;
  event: string;
  stageBefore: string;
  stageAfter: string;
  actor?: { id: string; role: string } | null;
  at: number;
  reason?: string | null;
  updateId?: string | null;
  messageId?: string | null;
}

export interface TransitionBatch {
  workflowId: string;
  /** The first run id of the workflow's chain: one id reused by another chain never mixes. */
  chainId: string;
  machine: string;
  policyKey: string | null;
  orgId: string | null;
  transitions: TransitionRecord[];
}

export interface AuditEntry {
  workflowId: string;
  machine: string;
  seq: number;
  event: string;
  stageBefore: string;
  stageAfter: string;
  actor: { id: string; role: string } | null;
  at: string;
  reason: string | null;
  updateId: string | null;
  messageId: string | null;
  policyKey: string | null;
  orgId: string | null;
  recordedAt: string;
}

interface AuditRow {
  workflow_id: string;
  chain_id: string;
  seq: number;
  machine: string;
  policy_key: string | null;
  org_id: string | null;
  event: string;
  stage_before: string;
  stage_after: string;
  actor_id: string | null;
  actor_role: string | null;
  at: Date;
  reason: string | null;
  update_id: string | null;
  message_id: string | null;
  recorded_at: Date;
}

const toEntry = (row: AuditRow): AuditEntry => ({
  workflowId: row.workflow_id,
  machine: row.machine,
  seq: row.seq,
  event: row.event,
  stageBefore: row.stage_before,
  stageAfter: row.stage_after,
  actor: row.actor_id !== null && row.actor_role !== null ? { id: row.actor_id, role: row.actor_role } : null,
  at: row.at.toISOString(),
  reason: row.reason,
  updateId: row.update_id,
  messageId: row.message_id,
  policyKey: row.policy_key,
  orgId: row.org_id,
  recordedAt: row.recorded_at.toISOString(),
});

/** Writes the batch's transitions not yet written; returns how many were new. One statement, one round trip. */
export async function recordTransitions(db: Queryable, batch: TransitionBatch): Promise<number> {
  if (batch.transitions.length === 0) return 0;
  const rows = batch.transitions.map((t) => ({
    seq: t.seq,
    event: t.event,
    stage_before: t.stageBefore,
    stage_after: t.stageAfter,
    actor_id: t.actor?.id ?? null,
    actor_role: t.actor?.role ?? null,
    at: new Date(t.at).toISOString(),
    reason: t.reason ?? null,
    update_id: t.updateId ?? null,
    message_id: t.messageId ?? null,
  }));
  const inserted = await db.query<{ seq: number }>(
    `INSERT INTO audit_trail (workflow_id, chain_id, machine, policy_key, org_id, seq, event, stage_before, stage_after, actor_id, actor_role, at, reason, update_id, message_id)
     SELECT $1, $2, $3, $4, $5, r.seq, r.event, r.stage_before, r.stage_after, r.actor_id, r.actor_role, r.at, r.reason, r.update_id, r.message_id
     FROM jsonb_to_recordset($6::jsonb) AS r(seq integer, event text, stage_before text, stage_after text, actor_id text, actor_role text, at timestamptz, reason text, update_id text, message_id text)
     ON CONFLICT (workflow_id, chain_id, seq) DO NOTHING
     RETURNING seq`,
    [batch.workflowId, batch.chainId, batch.machine, batch.policyKey, batch.orgId, JSON.stringify(rows)],
  );
  return inserted.length;
}

export interface AuditFilter {
  workflowId?: string;
  /** The user id of whoever sent the event. */
  actorId?: string;
  /** Only the workflows of this organisation (its applications and standings). */
  orgId?: string;
  /** Inclusive bounds on the transition's workflow time. */
  from?: Date;
  to?: Date;
  limit?: number;
  /** The `next` of the previous page. */
  cursor?: string;
}

export interface AuditPage {
  items: AuditEntry[];
  /** Pass as `cursor` for the next (older) page; null on the last one. */
  next: string | null;
}

interface Cursor {
  at: string;
  workflowId: string;
  seq: number;
}

export function encodeAuditCursor(entry: Pick<AuditEntry, 'at' | 'workflowId' | 'seq'>): string {
  return Buffer.from(JSON.stringify({ at: entry.at, workflowId: entry.workflowId, seq: entry.seq } satisfies Cursor)).toString('base64url');
}

/** The cursor's position, or undefined when it is not one this module wrote. */
export function decodeAuditCursor(cursor: string): Cursor | undefined {
  try {
    const value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Partial<Cursor>;
    if (typeof value.at !== 'string' || Number.isNaN(Date.parse(value.at)) || typeof value.workflowId !== 'string' || !Number.isInteger(value.seq)) return undefined;
    return value as Cursor;
  } catch {
    return undefined;
  }
}

/** Newest first (by workflow time), keyset-paginated so a page costs the same however deep. */
export async function listAudit(db: Queryable, filter: AuditFilter = {}): Promise<AuditPage> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), 500);
  const where: string[] = [];
  const params = new SqlParams();
  if (filter.workflowId !== undefined) where.push(`workflow_id = ${params.add(filter.workflowId)}`);
  if (filter.actorId !== undefined) where.push(`actor_id = ${params.add(filter.actorId)}`);
  if (filter.orgId !== undefined) where.push(`org_id = ${params.add(filter.orgId)}`);
  if (filter.from !== undefined) where.push(`at >= ${params.add(filter.from.toISOString())}`);
  if (filter.to !== undefined) where.push(`at <= ${params.add(filter.to.toISOString())}`);
  if (filter.cursor !== undefined) {
    const position = decodeAuditCursor(filter.cursor);
    if (!position) throw new RangeError('cursor is not one this API returned');
    where.push(`(at, workflow_id, seq) < (${params.add(position.at)}::timestamptz, ${params.add(position.workflowId)}, ${params.add(position.seq)})`);
  }
  const rows = await db.query<AuditRow>(
    `SELECT * FROM audit_trail ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY at DESC, workflow_id DESC, seq DESC LIMIT ${params.add(limit + 1)}`,
    params.values,
  );
  const items = rows.slice(0, limit).map(toEntry);
  return { items, next: rows.length > limit ? encodeAuditCursor(items[items.length - 1]!) : null };
}

/** Every transition of one workflow, oldest first (for archives and tests). */
export async function auditOf(db: Queryable, workflowId: string): Promise<AuditEntry[]> {
  const rows = await db.query<AuditRow>('SELECT * FROM audit_trail WHERE workflow_id = $1 ORDER BY at, seq', [workflowId]);
  return rows.map(toEntry);
}
