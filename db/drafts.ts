/**
 * Applications kept as incomplete (申报草稿): what an organisation has entered for a cycle before it
 * may be submitted, e.g. while its recommendation is still being signed. One per organisation and
 * cycle; saving again replaces it, submitting removes it. Nothing here is a workflow's: the
 * application exists only once it is submitted.
 */
import type { Queryable } from './database';

export interface DraftKey {
  policyKey: string;
  year: number;
  orgId: string;
}

export interface StoredDraft extends DraftKey {
  body: Record<string, unknown>;
  savedBy: { id: string; role: string };
  createdAt: Date;
  updatedAt: Date;
}

interface DraftRow {
  policy_key: string;
  year: number;
  org_id: string;
  body: Record<string, unknown>;
  saved_by: string;
  saved_role: string;
  created_at: Date;
  updated_at: Date;
  created: boolean;
}

const toDraft = (row: DraftRow): StoredDraft => ({
  policyKey: row.policy_key,
  year: row.year,
  orgId: row.org_id,
  body: row.body,
  savedBy: { id: row.saved_by, role: row.saved_role },
  createdAt: row.created_at,
  updatedAt: row.updated_at,
});

/** Stores the draft, replacing the organisation's earlier one for the cycle; says whether it is new. */
export async function saveDraft(db: Queryable, draft: DraftKey & { body: Record<string, unknown>; savedBy: { id: string; role: string } }): Promise<{ draft: StoredDraft; created: boolean }> {
  // `xmax = 0` only for a row this statement inserted, not one it updated.
  const [row] = await db.query<DraftRow>(
    `INSERT INTO application_drafts (policy_key, year, org_id, body, saved_by, saved_role)
     VALUES ($1, $2, $3, $4, $5, $6)
     ON CONFLICT (policy_key, year, org_id)
     DO UPDATE SET body = EXCLUDED.body, saved_by = EXCLUDED.saved_by, saved_role = EXCLUDED.saved_role, updated_at = now()
     RETURNING *, (xmax = 0) AS created`,
    [draft.policyKey, draft.year, draft.orgId, JSON.stringify(draft.body), draft.savedBy.id, draft.savedBy.role],
  );
  return { draft: toDraft(row!), created: row!.created };
}

export async function findDraft(db: Queryable, key: DraftKey): Promise<StoredDraft | undefined> {
  const [row] = await db.query<DraftRow>('SELECT *, false AS created FROM application_drafts WHERE policy_key = $1 AND year = $2 AND org_id = $3', [
    key.policyKey,
    key.year,
    key.orgId,
  ]);
  return row ? toDraft(row) : undefined;
}

export async function deleteDraft(db: Queryable, key: DraftKey): Promise<void> {
  await db.query('DELETE FROM application_drafts WHERE policy_key = $1 AND year = $2 AND org_id = $3', [key.policyKey, key.year, key.orgId]);
}
