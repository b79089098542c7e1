/**
 * The applications table of each cycle: one row per application, written by the application's own
 * `reportToCycle` activity at every report, read by the API (lists, counts, names) and by the
 * cycle's activities (broadcast rosters, names in notices). The cycle workflow keeps only what its
 * decisions need, so this table is where a cycle of thousands of applications is listed and paged.
 *
 * A row changes only for a newer report (`seq` is the application's transition number), so a
 * retried, duplicated or late report never takes it back.
 */
import { FINAL_APPLICATION_STATUSES as FINISHED, RANKED_APPLICATION_STATUSES as RANKED } from '../workflows/machines/application/types';
import type { Queryable } from './database';
import { SqlParams } from './sql-params';

export interface ApplicationRowInput {
  policyKey: string;
  year: number;
  orgId: string;
  workflowId: string;
  organisationName: string;
  category: string;
  status: string;
  tierId?: string;
  materialScore?: number;
  onSiteScore?: number;
  totalScore?: number;
  reviewers: string[];
  /** The whole report as the application sent it (eligibility failures, reasons, outcome…). */
  report: Record<string, unknown>;
  seq: number;
  registeredAt: Date;
  updatedAt: Date;
}

/** A row as the API lists it: the report's fields, with the ranking where it applies. */
export interface ApplicationRow extends Record<string, unknown> {
  orgId: string;
  organisationName: string;
  category: string;
  status: string;
  rank: number | null;
  registeredAt: string;
  updatedAt: string;
}

export interface ApplicationFilter {
  policyKey: string;
  year: number;
  status?: string;
  tierId?: string;
  orgId?: string;
  /** Only applications this reviewer is assigned to and not conflicted with. */
  reviewer?: string;
  /** Default 50, at most 500. */
  limit?: number;
  offset?: number;
}

export interface ApplicationPage {
  items: ApplicationRow[];
  total: number;
  limit: number;
  offset: number;
}

export async function upsertApplicationRow(db: Queryable, row: ApplicationRowInput): Promise<void> {
  await db.query(
    `INSERT INTO award_applications AS a (policy_key, year, org_id, workflow_id, organisation_name, category, status, tier_id,
       material_score, on_site_score, total_score, reviewers, report, seq, registered_at, updated_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
     ON CONFLICT (policy_key, year, org_id) DO UPDATE SET
       workflow_id = EXCLUDED.workflow_id, organisation_name = EXCLUDED.organisation_name, category = EXCLUDED.category,
       status = EXCLUDED.status, tier_id = EXCLUDED.tier_id, material_score = EXCLUDED.material_score,
       on_site_score = EXCLUDED.on_site_score, total_score = EXCLUDED.total_score, reviewers = EXCLUDED.reviewers,
       report = EXCLUDED.report, seq = EXCLUDED.seq, updated_at = EXCLUDED.updated_at,
       registered_at = LEAST(a.registered_at, EXCLUDED.registered_at)
     WHERE a.seq < EXCLUDED.seq`,
    [
      row.policyKey,
      row.year,
      row.orgId,
      row.workflowId,
      row.organisationName,
      row.category,
      row.status,
      row.tierId ?? null,
      row.materialScore ?? null,
      row.onSiteScore ?? null,
      row.totalScore ?? null,
      row.reviewers,
      JSON.stringify(row.report),
      row.seq,
      row.registeredAt,
      row.updatedAt,
    ],
  );
}

export async function listApplicationRows(db: Queryable, filter: ApplicationFilter): Promise<ApplicationPage> {
  const limit = Math.min(Math.max(filter.limit ?? 50, 1), 500);
  const offset = Math.max(filter.offset ?? 0, 0);
  const params = new SqlParams();
  const clauses = [`policy_key = ${params.add(filter.policyKey)}`, `year = ${params.add(filter.year)}`];
  if (filter.status) clauses.push(`status = ${params.add(filter.status)}`);
  if (filter.tierId) clauses.push(`tier_id = ${params.add(filter.tierId)}`);
  if (filter.orgId) clauses.push(`org_id = ${params.add(filter.orgId)}`);
  if (filter.reviewer) clauses.push(`reviewers @> ARRAY[${params.add(filter.reviewer)}]::text[]`);
  const where = clauses.join(' AND ');
  const filtered = [...params.values];
  const ranked = params.add(RANKED);
  // One round trip: the page, the filtered total beside each row, and the rank over the whole
  // cycle (not the page or the filter), so a filtered list keeps real ranks.
  const rows = await db.query<{ report: Record<string, unknown>; org_id: string; organisation_name: string; category: string; status: string; rank: string | null; total: string; registered_at: Date; updated_at: Date }>(
    `SELECT r.*, count(*) OVER () AS total FROM (
       SELECT a.*, CASE WHEN status = ANY(${ranked}::text[]) AND total_score IS NOT NULL
         THEN rank() OVER (PARTITION BY (status = ANY(${ranked}::text[]) AND total_score IS NOT NULL)
                           ORDER BY total_score DESC, on_site_score DESC NULLS LAST) END AS rank
       FROM award_applications a WHERE policy_key = $1 AND year = $2
     ) r WHERE ${where}
     ORDER BY registered_at, org_id LIMIT ${limit} OFFSET ${offset}`,
    params.values,
  );
  // Past the last page there is no row to carry the total.
  const total = rows[0] ? Number(rows[0].total) : offset === 0 ? 0 : Number((await db.query<{ n: string }>(`SELECT count(*) AS n FROM award_applications WHERE ${where}`, filtered))[0]?.n ?? 0);
  return {
    items: rows.map((r) => ({
      ...withoutRouting(r.report),
      orgId: r.org_id,
      organisationName: r.organisation_name,
      category: r.category,
      status: r.status,
      rank: r.rank === null ? null : Number(r.rank),
      registeredAt: r.registered_at.toISOString(),
      updatedAt: r.updated_at.toISOString(),
    })),
    total,
    limit,
    offset,
  };
}

/** Fields of a report that route it, not describe the application. */
function withoutRouting(report: Record<string, unknown>): Record<string, unknown> {
  const { cycleWorkflowId: _c, policyKey: _p, year: _y, notifyCycle: _n, reviewers: _r, submittedAt: _s, ...rest } = report;
  return rest;
}

/** How many applications are in each status. */
export async function countApplicationsByStatus(db: Queryable, policyKey: string, year: number): Promise<Record<string, number>> {
  const rows = await db.query<{ status: string; n: string }>(
    'SELECT status, count(*) AS n FROM award_applications WHERE policy_key = $1 AND year = $2 GROUP BY status ORDER BY status',
    [policyKey, year],
  );
  return Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
}

/** Organisation names by id (ids without a row are absent). */
export async function organisationNames(db: Queryable, policyKey: string, year: number, orgIds: string[]): Promise<Map<string, string>> {
  if (orgIds.length === 0) return new Map();
  const rows = await db.query<{ org_id: string; organisation_name: string }>(
    'SELECT org_id, organisation_name FROM award_applications WHERE policy_key = $1 AND year = $2 AND org_id = ANY($3::text[])',
    [policyKey, year, orgIds],
  );
  return new Map(rows.map((r) => [r.org_id, r.organisation_name]));
}

export async function namesWithStatus(db: Queryable, policyKey: string, year: number, status: string): Promise<string[]> {
  const rows = await db.query<{ organisation_name: string }>(
    'SELECT organisation_name FROM award_applications WHERE policy_key = $1 AND year = $2 AND status = $3 ORDER BY organisation_name',
    [policyKey, year, status],
  );
  return rows.map((r) => r.organisation_name);
}

/** Applications whose workflow is still running, as far as their last report says, with their workflow ids. */
export async function runningApplications(db: Queryable, policyKey: string, year: number, except: string[] = []): Promise<Array<{ orgId: string; workflowId: string }>> {
  const rows = await db.query<{ org_id: string; workflow_id: string }>(
    `SELECT org_id, workflow_id FROM award_applications
     WHERE policy_key = $1 AND year = $2 AND NOT (status = ANY($3::text[])) AND NOT (org_id = ANY($4::text[]))
     ORDER BY org_id`,
    [policyKey, year, FINISHED, except],
  );
  return rows.map((r) => ({ orgId: r.org_id, workflowId: r.workflow_id }));
}
