/**
 * Schema migrations, in order, each applied once and recorded in `schema_migrations`. The worker
 * and the API both run them at start; an advisory lock lets several processes start together.
 * Never edit a migration that has shipped: add the next one.
 */
import type { Database } from './database';

export interface Migration {
  id: string;
  sql: string;
}

export const MIGRATIONS: readonly Migration[] = [
  {
    id: '001_notices',
    sql: `
      CREATE TABLE notices (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        workflow_id text NOT NULL,
        jurisdiction text,
        cycle text,
        kind text NOT NULL,
        title text NOT NULL,
        body text NOT NULL,
        published_at timestamptz NOT NULL,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb
      );
      CREATE INDEX notices_by_jurisdiction_cycle ON notices (jurisdiction, cycle, published_at DESC, id DESC);
      CREATE INDEX notices_by_workflow ON notices (workflow_id, published_at DESC, id DESC);
    `,
  },
  {
    id: '002_mail_outbox',
    sql: `
      CREATE TABLE mail_outbox (
        id bigserial PRIMARY KEY,
        idempotency_key text NOT NULL UNIQUE,
        workflow_id text,
        recipient text NOT NULL,
        subject text NOT NULL,
        body text NOT NULL,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0,
        last_error text,
        created_at timestamptz NOT NULL DEFAULT now(),
        sent_at timestamptz,
        smtp_message_id text
      );
      CREATE INDEX mail_outbox_unsent ON mail_outbox (status, created_at) WHERE status <> 'sent';
    `,
  },
  {
    id: '003_award_applications',
    sql: `
      CREATE TABLE award_applications (
        policy_key text NOT NULL,
        year integer NOT NULL,
        org_id text NOT NULL,
        workflow_id text NOT NULL,
        organisation_name text NOT NULL,
        category text NOT NULL,
        status text NOT NULL,
        tier_id text,
        material_score double precision,
        on_site_score double precision,
        total_score double precision,
        reviewers text[] NOT NULL DEFAULT '{}',
        report jsonb NOT NULL,
        seq integer NOT NULL,
        registered_at timestamptz NOT NULL,
        updated_at timestamptz NOT NULL,
        PRIMARY KEY (policy_key, year, org_id)
      );
      CREATE INDEX award_applications_by_status ON award_applications (policy_key, year, status);
      CREATE INDEX award_applications_by_reviewer ON award_applications USING gin (reviewers);
    `,
  },
  {
    id: '004_calendar_years',
    sql: `
      CREATE TABLE calendar_years (
        year integer NOT NULL,
        revision integer NOT NULL,
        holidays jsonb NOT NULL,
        makeup_workdays jsonb NOT NULL,
        notice jsonb NOT NULL,
        entered_by text NOT NULL,
        entered_role text NOT NULL,
        entered_at timestamptz NOT NULL DEFAULT now(),
        overrides_package boolean NOT NULL DEFAULT false,
        PRIMARY KEY (year, revision)
      );
      CREATE TABLE calendar_blocked_deadlines (
        workflow_id text NOT NULL,
        deadline_key text NOT NULL,
        date text NOT NULL,
        year integer NOT NULL,
        first_seen timestamptz NOT NULL DEFAULT now(),
        last_seen timestamptz NOT NULL DEFAULT now(),
        attempts integer NOT NULL DEFAULT 1,
        PRIMARY KEY (workflow_id, deadline_key)
      );
    `,
  },
  {
    id: '005_idempotency_keys',
    sql: `
      CREATE TABLE idempotency_keys (
        scope text NOT NULL,
        key text NOT NULL,
        fingerprint text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (scope, key)
      );
    `,
  },
  {
    id: '006_application_drafts',
    sql: `
      CREATE TABLE application_drafts (
        policy_key text NOT NULL,
        year integer NOT NULL,
        org_id text NOT NULL,
        body jsonb NOT NULL,
        saved_by text NOT NULL,
        saved_role text NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        updated_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (policy_key, year, org_id)
      );
    `,
  },
  {
    // The records that outlive Temporal's retention: who moved which workflow from which stage to
    // which, and each closed workflow's final view with the day until which it must be kept.
    id: '007_audit_trail_and_archive',
    sql: `
      CREATE TABLE audit_trail (
        workflow_id text NOT NULL,
        chain_id text NOT NULL,
        seq integer NOT NULL,
        machine text NOT NULL,
        policy_key text,
        org_id text,
        event text NOT NULL,
        stage_before text NOT NULL,
        stage_after text NOT NULL,
        actor_id text,
        actor_role text,
        at timestamptz NOT NULL,
        reason text,
        update_id text,
        message_id text,
        recorded_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (workflow_id, chain_id, seq)
      );
      CREATE INDEX audit_trail_by_time ON audit_trail (at DESC, workflow_id DESC, seq DESC);
      CREATE INDEX audit_trail_by_workflow ON audit_trail (workflow_id, at DESC, seq DESC);
      CREATE INDEX audit_trail_by_actor ON audit_trail (actor_id, at DESC);
      CREATE INDEX audit_trail_by_org ON audit_trail (org_id, at DESC);

      CREATE TABLE archived_records (
        workflow_id text PRIMARY KEY,
        chain_id text NOT NULL,
        machine text NOT NULL,
        policy_key text,
        year integer,
        org_id text,
        stage text NOT NULL,
        view jsonb NOT NULL,
        closed_at timestamptz NOT NULL,
        keep_until date NOT NULL,
        retention_source text NOT NULL CHECK (retention_source IN ('policy', 'default')),
        archived_at timestamptz NOT NULL DEFAULT now()
      );
      CREATE INDEX archived_records_by_keep_until ON archived_records (keep_until);
      CREATE INDEX archived_records_by_policy ON archived_records (machine, policy_key, year);
    `,
  },
];

/** An arbitrary constant shared by every process of this system: the advisory lock's key. */
const MIGRATION_LOCK = 72_331_025;

/** Applies the migrations not yet recorded; returns the ids it applied (none on a second run). */
export async function migrate(db: Database, migrations: readonly Migration[] = MIGRATIONS): Promise<string[]> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [MIGRATION_LOCK]);
    await tx.query(`
      CREATE TABLE IF NOT EXISTS schema_migrations (
        id text PRIMARY KEY,
        applied_at timestamptz NOT NULL DEFAULT now()
      )`);
    const done = new Set((await tx.query<{ id: string }>('SELECT id FROM schema_migrations')).map((row) => row.id));
    const applied: string[] = [];
    for (const migration of migrations) {
      if (done.has(migration.id)) continue;
      await tx.query(migration.sql);
      await tx.query('INSERT INTO schema_migrations (id) VALUES ($1)', [migration.id]);
      applied.push(migration.id);
    }
    return applied;
  });
}
