/**
 * A time-skipping test server with the real worker on it: the real activities on the given
 * PostgreSQL and SMTP connections, and the shared workflow bundle. One per test file; also used by
 * the history recorder, so nothing here imports vitest.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ConnectedDeps } from '../../activities';
import { createWorker, type CreateWorkerOptions } from '../../worker/worker';
import { timeSkippingEnv, workflowBundle } from './temporal';

export interface TimeSkippingWorker {
  env: TestWorkflowEnvironment;
  deps: ConnectedDeps;
  taskQueue: string;
  stop(): Promise<void>;
}

/** Takes ownership of `deps`: `stop()` closes them. */
export async function startTimeSkippingWorker(
  taskQueue: string,
  deps: ConnectedDeps,
  activities?: CreateWorkerOptions['activities'],
): Promise<TimeSkippingWorker> {
  const env = await timeSkippingEnv();
  const worker = await createWorker({
    connection: env.nativeConnection,
    namespace: env.namespace ?? 'default',
    taskQueue,
    workflowBundle: await workflowBundle(),
    deps,
    ...(activities ? { activities } : {}),
  });
  const running = worker.run();
  return {
    env,
    deps,
    taskQueue,
    async stop() {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await running;
      await env.teardown();
      await deps.close();
    },
  };
}
