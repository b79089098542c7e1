/** Runs a worker alone, against TEMPORAL_ADDRESS; start more of these to scale out. */
import { NativeConnection } from '@temporalio/worker';
import { connectActivityDeps } from '../activities';
import { mailSettings } from '../config/mail';
import { recordsSettings } from '../config/records';
import { connectionOptions, temporalSettings } from '../config/temporal';
import { ensureCalendarWatch } from './calendar-watch';
import { createWorker } from './worker';

async function main(): Promise<void> {
  const settings = temporalSettings();
  const deps = await connectActivityDeps(recordsSettings(), mailSettings());
  const connection = await NativeConnection.connect(connectionOptions(settings));
  const worker = await createWorker({ connection, namespace: settings.namespace, taskQueue: settings.taskQueue, deps });
  await ensureCalendarWatch(connection, settings.namespace, settings.taskQueue);
  console.log(`[worker] polling task queue ${settings.taskQueue} on ${settings.address} (${settings.namespace})`);
  await worker.run();
  await connection.close();
  await deps.close();
}

main().catch((error) => {
  console.error('[worker]', error);
  process.exit(1);
});
