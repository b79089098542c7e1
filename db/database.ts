/**
 * The records database: one `pg` pool and a small typed wrapper, so repositories take a
 * `Queryable` and run the same inside or outside a transaction.
 */
import { Pool, type PoolClient, type PoolConfig, type QueryResultRow } from 'pg';

export interface Queryable {
  query<R extends QueryResultRow = QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<R[]>;
}

export interface Database extends Queryable {
  /** Runs `work` in one transaction on one connection; commits when it resolves, rolls back when it throws. */
  transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T>;
  close(): Promise<void>;
  readonly pool: Pool;
}

export interface OpenDatabaseOptions {
  /** At most this many connections (pg's default is 10). */
  max?: number;
  /**
   * Let the process exit while idle connections remain; tests set it so a forgotten `close()`
   * does not keep a vitest worker alive.
   */
  allowExitOnIdle?: boolean;
  applicationName?: string;
}

export function openDatabase(url: string, options: OpenDatabaseOptions = {}): Database {
  const config: PoolConfig = {
    connectionString: url,
    max: options.max ?? 10,
    allowExitOnIdle: options.allowExitOnIdle ?? false,
    application_name: options.applicationName ?? 'quality-award',
    // A database that does not answer must fail the activity (Temporal retries it), not hang it.
    connectionTimeoutMillis: 10_000,
  };
  const pool = new Pool(config);
  // An idle client losing its server (a restart) must not crash the process; the next query reconnects.
  pool.on('error', (error) => console.error('[records] idle connection lost:', error.message));

  const queryOn =
    (target: Pool | PoolClient) =>
    async <R extends QueryResultRow>(sql: string, params?: readonly unknown[]): Promise<R[]> =>
      (await target.query<R>(sql, params as unknown[] | undefined)).rows;

  return {
    pool,
    query: queryOn(pool),
    async transaction<T>(work: (tx: Queryable) => Promise<T>): Promise<T> {
      const client = await pool.connect();
      try {
        await client.query('BEGIN');
        const result = await work({ query: queryOn(client) });
        await client.query('COMMIT');
        return result;
      } catch (error) {
        await client.query('ROLLBACK').catch(() => undefined);
        throw error;
      } finally {
        client.release();
      }
    },
    close: () => pool.end(),
  };
}

/** The URL without its password, for logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparseable URL)';
  }
}
