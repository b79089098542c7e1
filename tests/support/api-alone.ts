/**
 * The real Nest app over HTTP, pointed at a Temporal address nobody listens on, with the run's
 * PostgreSQL: for what the API decides before Temporal is touched (authentication, roles,
 * validation, the edge's limits) and for routes that need only the database.
 */
import { startApi, type ApiServer } from '../../api/server';
import { signToken } from '../../api/auth/tokens';
import type { Role } from '../../api/auth/roles';
import { freePort } from '../../scripts/lib/server-process';
import { migrate, openDatabase, type Database } from '../../db';
import { testServices } from './services';

export interface ApiAlone {
  api: ApiServer;
  records: Database;
  token(role: Role, extra?: { org?: string; expiresInSeconds?: number; now?: number }): string;
  /** `body` is sent as JSON unless it is a string (sent as is, with whatever content type `headers` give). */
  call(method: string, path: string, options?: { token?: string; body?: unknown; headers?: Record<string, string> }): Promise<{ status: number; body: any; headers: Headers }>;
  stop(): Promise<void>;
}

export async function startApiAlone(secret: string, taskQueue = 'api-alone'): Promise<ApiAlone> {
  const port = await freePort();
  const records = openDatabase(testServices().databaseUrl, { allowExitOnIdle: true });
  await migrate(records);
  const api = await startApi({ address: `127.0.0.1:${port}`, namespace: 'default', taskQueue, external: true }, 0, { authSecret: secret, records });
  return {
    api,
    records,
    token: (role, extra = {}) => signToken({ sub: `${role}-1`, role, ...(extra.org ? { org: extra.org } : {}) }, secret, extra),
    async call(method, path, options = {}) {
      const raw = typeof options.body === 'string';
      const response = await fetch(`${api.url}${path}`, {
        method,
        headers: {
          ...(options.body === undefined || raw ? {} : { 'content-type': 'application/json' }),
          ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
          ...options.headers,
        },
        body: options.body === undefined ? undefined : raw ? (options.body as string) : JSON.stringify(options.body),
      });
      const text = await response.text();
      let body: any = text;
      try {
        body = JSON.parse(text);
      } catch {
        // HTML or empty
      }
      return { status: response.status, body, headers: response.headers };
    },
    async stop() {
      await api.app.close();
      await records.close();
    },
  };
}
