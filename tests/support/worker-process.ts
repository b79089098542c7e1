/**
 * A worker as its own process (`worker/main.ts`, as `npm run worker` runs it), in a process group
 * of its own so that SIGKILL reaches tsx and the node it runs: for tests of what survives a worker
 * that dies without a chance to clean up.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { NativeConnection } from '@temporalio/worker';
import { connectActivityDeps, type ConnectedDeps } from '../../activities';
import { createWorker } from '../../worker/worker';
import { testMailSettings, testRecordsSettings, testServices, TEST_ROLES } from './services';
import { workflowBundle } from './temporal';

const ROOT = join(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
export const TEST_ADMIN = 'admin@example.gov.cn';

export interface WorkerProcess {
  child: ChildProcess;
  /** Resolves once the worker polls its task queue. */
  ready: Promise<void>;
  output: string[];
  /** SIGKILL to the whole group; resolves when the process has exited. */
  kill(): Promise<void>;
}

/** A worker on `taskQueue` of the Temporal at `address`, with the run's PostgreSQL and the given SMTP server. */
export function spawnWorker(options: { address: string; taskQueue: string; smtpUrl?: string }): WorkerProcess {
  const services = testServices();
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    TEMPORAL_ADDRESS: options.address,
    TEMPORAL_NAMESPACE: 'default',
    TEMPORAL_TASK_QUEUE: options.taskQueue,
    DATABASE_URL: services.databaseUrl,
    SMTP_URL: options.smtpUrl ?? services.smtpUrl,
    MAIL_OFFICE: TEST_ROLES.office,
    MAIL_COMMITTEE: TEST_ROLES.committee,
    // The calendar watch every worker starts writes to the administrator.
    MAIL_ADMIN: TEST_ADMIN,
  };
  const child = spawn(TSX, ['worker/main.ts'], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const ready = new Promise<void>((resolve, reject) => {
    const onLine = (line: string) => {
      output.push(line);
      if (line.includes('[worker] polling task queue')) resolve();
    };
    createInterface({ input: child.stdout! }).on('line', onLine);
    createInterface({ input: child.stderr! }).on('line', onLine);
    child.once('exit', (code, signal) => reject(new Error(`the worker process ended (${signal ?? code}) before polling:\n${output.join('\n')}`)));
  });
  ready.catch(() => undefined);
  return {
    child,
    ready,
    output,
    async kill() {
      if (child.pid !== undefined && child.exitCode === null && child.signalCode === null) process.kill(-child.pid, 'SIGKILL');
      await exited;
    },
  };
}

export interface InProcessWorker {
  deps: ConnectedDeps;
  stop(): Promise<void>;
}

/** The worker that takes over: in this process, on the run's PostgreSQL and the given SMTP server. */
export async function startTakeOverWorker(options: { address: string; taskQueue: string; smtpUrl?: string }): Promise<InProcessWorker> {
  const deps = await connectActivityDeps(
    testRecordsSettings(),
    testMailSettings(undefined, { ...(options.smtpUrl ? { smtpUrl: options.smtpUrl } : {}), roles: { ...TEST_ROLES, admin: TEST_ADMIN } }),
    { allowExitOnIdle: true },
  );
  const connection = await NativeConnection.connect({ address: options.address });
  const worker = await createWorker({ connection, namespace: 'default', taskQueue: options.taskQueue, workflowBundle: await workflowBundle(), deps });
  const running = worker.run();
  return {
    deps,
    async stop() {
      worker.shutdown();
      await running;
      await connection.close();
      await deps.close();
    },
  };
}
