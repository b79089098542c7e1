/**
 * A time-skipping test server with the real worker on it: the real activities on the run's
 * PostgreSQL and SMTP sink, and the shared workflow bundle. One per test file.
 */
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ConnectedDeps } from '../../activities';
import { createWorker, type CreateWorkerOptions } from '../../worker/worker';
import { testActivityDeps } from './services';
import { timeSkippingEnv, workflowBundle } from './temporal';

export interface TimeSkippingWorker {
  env: TestWorkflowEnvironment;
  deps: ConnectedDeps;
  taskQueue: string;
  stop(): Promise<void>;
}

export async function startTimeSkippingWorker(
  taskQueue: string,
  activities?: CreateWorkerOptions['activities'],
): Promise<TimeSkippingWorker> {
  const env = await timeSkippingEnv();
  const deps = await testActivityDeps();
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
