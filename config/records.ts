/**
 * Where records live. With DATABASE_URL unset, `npm start` runs an embedded PostgreSQL (data in
 * `<DATA_DIR>/postgres`, port PGPORT_EMBEDDED) and every process uses the URL below to reach it.
 */
import { wholeNumberFromEnv } from './env';

export const DEFAULT_EMBEDDED_PORT = 5433;
export const EMBEDDED_DATABASE = 'quality_award';
export const EMBEDDED_USER = 'postgres';
/** Only guards a server bound to 127.0.0.1; set DATABASE_URL for anything shared. */
export const EMBEDDED_PASSWORD = 'quality-award';

export interface RecordsSettings {
  databaseUrl: string;
  /** True when DATABASE_URL was given: no embedded PostgreSQL is started. */
  external: boolean;
  embeddedPort: number;
}

export function embeddedDatabaseUrl(port: number, database = EMBEDDED_DATABASE): string {
  return `postgres://${EMBEDDED_USER}:${encodeURIComponent(EMBEDDED_PASSWORD)}@127.0.0.1:${port}/${database}`;
}

export function recordsSettings(env: NodeJS.ProcessEnv = process.env): RecordsSettings {
  const embeddedPort = Number(env.PGPORT_EMBEDDED || DEFAULT_EMBEDDED_PORT);
  if (!Number.isInteger(embeddedPort) || embeddedPort <= 0 || embeddedPort > 65_535) {
    throw new Error(`PGPORT_EMBEDDED must be a TCP port, not ${JSON.stringify(env.PGPORT_EMBEDDED)}.`);
  }
  return {
    databaseUrl: env.DATABASE_URL || embeddedDatabaseUrl(embeddedPort),
    external: Boolean(env.DATABASE_URL),
    embeddedPort,
  };
}

/** How long a closed workflow's record is kept where its policy says nothing (years). */
export const DEFAULT_RETENTION_YEARS = 10;

/**
 * RECORDS_RETENTION_YEARS: the retention for records whose policy names none. Daqing's 第三十六条
 * keeps review records ten years; the default follows the longest period any policy names.
 */
export function defaultRetentionYears(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFromEnv(env, 'RECORDS_RETENTION_YEARS', DEFAULT_RETENTION_YEARS, { min: 1, max: 100, what: 'a whole number of years' });
}
