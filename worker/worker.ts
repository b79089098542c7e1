import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { NativeConnection, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities, type ActivityDeps } from '../activities';
import { allPolicies } from '../workflows/policy/index.js';

/** The bundle's entry: the TypeScript source when run from a checkout, the JS when compiled. */
export const WORKFLOWS_PATH = [join(__dirname, '..', 'workflows', 'index.ts'), join(__dirname, '..', 'workflows', 'index.js')].find(
  (candidate) => existsSync(candidate),
)!;

export interface CreateWorkerOptions {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  /** A prebuilt bundle (tests share one); otherwise the workflows are bundled at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
  /** The records database and the mailer the activities use (see `connectActivityDeps`). */
  deps: ActivityDeps;
  /** Extra or replacement activities. */
  activities?: Record<string, (...args: never[]) => Promise<unknown>>;
}

export function createWorker(options: CreateWorkerOptions): Promise<Worker> {
  // A policy that does not validate stops the worker here, not a workflow later.
  allPolicies();
  return Worker.create({
    connection: options.connection,
    namespace: options.namespace,
    taskQueue: options.taskQueue,
    ...(options.workflowBundle ? { workflowBundle: options.workflowBundle } : { workflowsPath: WORKFLOWS_PATH }),
    activities: { ...createActivities(options.deps), ...options.activities },
  });
}
