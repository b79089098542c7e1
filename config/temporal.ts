/**
 * How every process reaches Temporal. With TEMPORAL_ADDRESS unset, `npm start` runs an embedded
 * dev server on 127.0.0.1:TEMPORAL_PORT, and every process (worker, API, `npm run worker`) reaches
 * it there; set TEMPORAL_ADDRESS (with TLS or an API key) for a cluster or Temporal Cloud.
 */
import { wholeNumberFromEnv } from './env';
import { readFileSync } from 'node:fs';
import type { ConnectionOptions } from '@temporalio/client';

export interface TemporalSettings {
  address: string;
  namespace: string;
  taskQueue: string;
  /** True when TEMPORAL_ADDRESS was given: no embedded server is started. */
  external: boolean;
  tls?: ConnectionOptions['tls'];
  apiKey?: string;
}

export const DEFAULT_EMBEDDED_PORT = 7233;
export const DEFAULT_ADDRESS = `127.0.0.1:${DEFAULT_EMBEDDED_PORT}`;
export const DEFAULT_TASK_QUEUE = 'quality-award';

/** The embedded dev server's ports; only `npm start` without TEMPORAL_ADDRESS binds them. */
export interface EmbeddedTemporalPorts {
  /** Frontend gRPC, TEMPORAL_PORT. */
  grpc: number;
  /** Web UI, TEMPORAL_UI_PORT; by default the gRPC port + 1000, as the Temporal CLI does. */
  ui: number;
}

function tcpPort(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  return wholeNumberFromEnv(env, name, fallback, { min: 1, max: 65_535, what: 'a TCP port' });
}

export function embeddedTemporalPorts(env: NodeJS.ProcessEnv = process.env): EmbeddedTemporalPorts {
  const grpc = tcpPort(env, 'TEMPORAL_PORT', DEFAULT_EMBEDDED_PORT);
  // Past 64535 the CLI's own rule would give no port at all.
  const ui = tcpPort(env, 'TEMPORAL_UI_PORT', grpc + 1000 <= 65_535 ? grpc + 1000 : grpc - 1000);
  return { grpc, ui };
}

export function temporalSettings(env: NodeJS.ProcessEnv = process.env): TemporalSettings {
  const certPath = env.TEMPORAL_TLS_CERT;
  const keyPath = env.TEMPORAL_TLS_KEY;
  if (Boolean(certPath) !== Boolean(keyPath)) {
    throw new Error('TEMPORAL_TLS_CERT and TEMPORAL_TLS_KEY must be set together (client certificate and its key).');
  }
  const apiKey = env.TEMPORAL_API_KEY || undefined;
  const tls: ConnectionOptions['tls'] =
    certPath && keyPath
      ? { clientCertPair: { crt: readFileSync(certPath), key: readFileSync(keyPath) } }
      : apiKey || env.TEMPORAL_TLS === 'true'
        ? true
        : undefined;
  return {
    address: env.TEMPORAL_ADDRESS || `127.0.0.1:${tcpPort(env, 'TEMPORAL_PORT', DEFAULT_EMBEDDED_PORT)}`,
    namespace: env.TEMPORAL_NAMESPACE || 'default',
    taskQueue: env.TEMPORAL_TASK_QUEUE || DEFAULT_TASK_QUEUE,
    external: Boolean(env.TEMPORAL_ADDRESS),
    tls,
    apiKey,
  };
}

/** Options accepted by both the client's Connection and the worker's NativeConnection. */
export function connectionOptions(settings: TemporalSettings): { address: string; tls: TemporalSettings['tls']; apiKey?: string } {
  return { address: settings.address, tls: settings.tls, apiKey: settings.apiKey };
}

/** How long the embedded dev server keeps closed workflows (days); the dev server's own default is one. */
export const DEFAULT_RETENTION_DAYS = 30;

/**
 * TEMPORAL_RETENTION_DAYS: the namespace retention `npm start` sets on its embedded dev server. A
 * cluster's (TEMPORAL_ADDRESS) is its operator's to set; what outlives it is in PostgreSQL.
 */
export function temporalRetentionDays(env: NodeJS.ProcessEnv = process.env): number {
  return wholeNumberFromEnv(env, 'TEMPORAL_RETENTION_DAYS', DEFAULT_RETENTION_DAYS, { min: 1, max: 3650, what: 'a whole number of days' });
}
