/**
 * Which request each `Idempotency-Key` was first used for. Temporal answers a repeated update id
 * with the first result whatever the new request says; this table lets the API tell a retry (same
 * request) from a mistake (same key, another request) and refuse the latter.
 */
import type { Queryable } from './database';

export type KeyClaim = 'new' | 'same-request' | 'other-request';

/** Records `fingerprint` for the key unless it is known; says whether the key is new, a retry or a reuse. */
export async function claimIdempotencyKey(db: Queryable, claim: { scope: string; key: string; fingerprint: string }): Promise<KeyClaim> {
  const inserted = await db.query(
    `INSERT INTO idempotency_keys (scope, key, fingerprint) VALUES ($1, $2, $3) ON CONFLICT (scope, key) DO NOTHING RETURNING key`,
    [claim.scope, claim.key, claim.fingerprint],
  );
  if (inserted.length > 0) return 'new';
  const rows = await db.query<{ fingerprint: string }>('SELECT fingerprint FROM idempotency_keys WHERE scope = $1 AND key = $2', [claim.scope, claim.key]);
  return rows[0]?.fingerprint === claim.fingerprint ? 'same-request' : 'other-request';
}

/** Forgets a key whose request was refused before anything ran (bad input), so it can be used again. */
export async function releaseIdempotencyKey(db: Queryable, claim: { scope: string; key: string; fingerprint: string }): Promise<void> {
  await db.query('DELETE FROM idempotency_keys WHERE scope = $1 AND key = $2 AND fingerprint = $3', [claim.scope, claim.key, claim.fingerprint]);
}
