/**
 * `npm start`: the whole system in one process tree. Without TEMPORAL_ADDRESS it runs an embedded
 * Temporal dev server whose state lives in data/temporal.db (it survives restarts), then the worker
 * and the HTTP API. Ctrl-C stops all three, the server last.
 */
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { startApi } from '../api/server';
import { connectionOptions, temporalSettings } from '../config/temporal';
import { createWorker } from '../worker/worker';
import { startDevServer, type DevServer } from './temporal/dev-server';
import { registerSearchAttributes } from './temporal/register-search-attributes';

const log = (message: string) => console.log(`[start] ${message}`);

async function main(): Promise<void> {
  const settings = temporalSettings();
  const port = Number(process.env.PORT ?? 3000);
  let devServer: DevServer | undefined;

  if (!settings.external) {
    const dataDir = process.env.DATA_DIR ?? join(__dirname, '..', 'data');
    const [, grpcPort] = settings.address.split(':');
    devServer = await startDevServer({
      port: Number(grpcPort),
      uiPort: Number(process.env.TEMPORAL_UI_PORT ?? 8233),
      dbFile: join(dataDir, 'temporal.db'),
      namespace: settings.namespace,
      log,
    });
    log(`Temporal dev server on ${devServer.address}, Web UI ${devServer.uiUrl}, data in ${join(dataDir, 'temporal.db')}`);
  } else {
    log(`using Temporal at ${settings.address} (namespace ${settings.namespace}); no embedded server`);
    const connection = await Connection.connect(connectionOptions(settings));
    try {
      const added = await registerSearchAttributes(connection, settings.namespace);
      if (added.length > 0) log(`registered search attributes ${added.join(', ')}`);
    } catch (error) {
      log(`could not register search attributes (needs operator rights; see README): ${String(error)}`);
    } finally {
      await connection.close();
    }
  }

  const workerConnection = await NativeConnection.connect(connectionOptions(settings));
  const worker = await createWorker({ connection: workerConnection, namespace: settings.namespace, taskQueue: settings.taskQueue });
  const workerRun = worker.run();
  log(`worker polling task queue ${settings.taskQueue}`);

  const api = await startApi(settings, port);
  log(`API on ${api.url} (health: ${api.url}/health)`);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the API, the worker and the server`);
    await api.app.close();
    // The SDK's runtime also reacts to SIGINT/SIGTERM and may already be draining the worker.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun.catch(() => undefined);
    await workerConnection.close();
    await devServer?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  workerRun.catch(async (error) => {
    console.error('[start] the worker stopped:', error);
    await devServer?.stop();
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
