/**
 * Where records live. With DATABASE_URL unset, `npm start` runs an embedded PostgreSQL (data in
 * `<DATA_DIR>/postgres`, port PGPORT_EMBEDDED) and every process uses the URL below to reach it.
 */
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
