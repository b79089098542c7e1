/**
 * The whole system for the fuzz run, as tests/support/system.ts starts it (dev server, worker with
 * the real activities, HTTP API with a known secret), but on a PostgreSQL database of its own: the
 * fuzzer may create cycles, applications, notices and office calendar years that another file's
 * tables and deadlines must not see.
 */
import { randomUUID } from 'node:crypto';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { Role } from '../../api/auth/roles';
import { signToken } from '../../api/auth/tokens';
import { startApi, type ApiServer } from '../../api/server';
import { connectActivityDeps } from '../../activities';
import { createWorker } from '../../worker/worker';
import { DEFAULT_FROM } from '../../config/mail';
import type { TestServices } from '../support/services';
import { devServer, workflowBundle } from '../support/temporal';

export interface FuzzSystem {
  api: ApiServer;
  /** A bearer token for `role` (`org` for applicants), signed with this run's secret. */
  token(role: Role, org?: string): string;
  stop(): Promise<void>;
}

export async function startFuzzSystem(services: Pick<TestServices, 'databaseUrl' | 'smtpUrl'>): Promise<FuzzSystem> {
  const server = await devServer();
  const taskQueue = `fuzz-${randomUUID()}`;
  const settings = { address: server.address, namespace: 'default', taskQueue, external: true };
  // Built here rather than with services.ts's helpers, which import vitest: scripts/fuzz/run.ts runs this outside it.
  const deps = await connectActivityDeps(
    { databaseUrl: services.databaseUrl, external: true, embeddedPort: 0 },
    { smtpUrl: services.smtpUrl, external: true, from: DEFAULT_FROM, roles: { office: 'office@example.gov.cn', committee: 'committee@example.gov.cn' } },
    { allowExitOnIdle: true },
  );
  const connection = await NativeConnection.connect({ address: server.address });
  const authSecret = `${randomUUID()}${randomUUID()}`;
  let worker: Worker | undefined;
  let running: Promise<void> | undefined;
  let api: ApiServer | undefined;
  const stop = async () => {
    await api?.app.close();
    if (worker?.getState() === 'RUNNING') worker.shutdown();
    await running;
    await connection.close();
    await server.stop();
    await deps.close();
  };
  try {
    worker = await createWorker({ connection, namespace: settings.namespace, taskQueue, workflowBundle: await workflowBundle(), deps });
    running = worker.run();
    api = await startApi(settings, 0, { authSecret, records: deps.db });
  } catch (error) {
    await stop().catch(() => undefined);
    throw error;
  }
  return {
    api,
    token: (role, org) => signToken({ sub: `${role}-fuzz`, role, ...(org ? { org } : {}) }, authSecret),
    stop,
  };
}
