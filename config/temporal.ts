/**
 * How every process reaches Temporal. With TEMPORAL_ADDRESS unset, `npm start` runs an embedded
 * dev server on the default address; set it (with TLS or an API key) for a cluster or Temporal Cloud.
 */
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

export const DEFAULT_ADDRESS = '127.0.0.1:7233';
export const DEFAULT_TASK_QUEUE = 'quality-award';

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
    address: env.TEMPORAL_ADDRESS || DEFAULT_ADDRESS,
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
