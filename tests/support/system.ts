/**
 * The whole system as `npm start` runs it, on a throwaway dev server with random ports:
 * Temporal dev server, worker with the real activities (on the run's PostgreSQL and SMTP sink), and the HTTP API.
 */
import { randomUUID } from 'node:crypto';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Role } from '../../api/auth/roles';
import { signToken } from '../../api/auth/tokens';
import { startApi, type ApiServer } from '../../api/server';
import type { Database } from '../../db';
import type { TemporalSettings } from '../../config/temporal';
import type { DevServer } from '../../scripts/temporal/dev-server';
import { createWorker, type CreateWorkerOptions } from '../../worker/worker';
import { testActivityDeps, type TestServices } from './services';
import { devServer, workflowBundle } from './temporal';

export interface RunningSystem {
  server: DevServer;
  settings: TemporalSettings;
  api: ApiServer;
  /** The API's token secret for this run, and a bearer token for `role` (`org` for applicants). */
  authSecret: string;
  /** The records database the worker's activities and the API share. */
  records: Database;
  token(role: Role, org?: string): string;
  stop(): Promise<void>;
}

/**
 * `services`: the run's servers by default; a database of the file's own (servicesWithOwnDatabase) keeps its rows out of other files' tables.
 * `activities`: replacements for some of the worker's activities (say why in the test).
 */
export async function startSystem(options: { services?: TestServices; activities?: CreateWorkerOptions['activities'] } = {}): Promise<RunningSystem> {
  const server = await devServer();
  const settings: TemporalSettings = {
    address: server.address,
    namespace: 'default',
    taskQueue: `e2e-${randomUUID()}`,
    external: true,
  };
  const deps = await testActivityDeps(options.services);
  const connection = await NativeConnection.connect({ address: server.address });
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let api: ApiServer | undefined;
  const authSecret = `${randomUUID()}${randomUUID()}`;
  try {
    worker = await createWorker({
      connection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      workflowBundle: await workflowBundle(),
      deps,
      ...(options.activities ? { activities: options.activities } : {}),
    });
    running = worker.run();
    api = await startApi(settings, 0, { authSecret, records: deps.db });
  } catch (error) {
    await server.stop();
    await deps.close();
    throw error;
  }
  return {
    server,
    settings,
    api,
    authSecret,
    records: deps.db,
    token: (role, org) => signToken({ sub: `${role}-e2e`, role, ...(org ? { org } : {}) }, authSecret),
    async stop() {
      await api?.app.close();
      if (worker?.getState() === 'RUNNING') worker.shutdown();
      await running;
      await connection.close();
      await server.stop();
      await deps.close();
    },
  };
}

export interface HttpResult<T = any> {
  status: number;
  body: T;
}

export async function http<T = any>(
  base: string,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<HttpResult<T>> {
  const response = await fetch(`${base}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
    body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}
