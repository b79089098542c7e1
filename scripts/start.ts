/**
 * `npm start`: the whole system in one process tree. Without TEMPORAL_ADDRESS it runs an embedded
 * Temporal dev server whose state lives in data/temporal.db (it survives restarts); without
 * DATABASE_URL an embedded PostgreSQL with its data in data/postgres; without SMTP_URL a local SMTP
 * sink that keeps mail in data/mail. Then the worker and the HTTP API. Ctrl-C stops the API and
 * the worker first, the servers last.
 */
import { join } from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { resolveAuthSecret, tokenInstructions } from '../api/auth/secret';
import { startApi } from '../api/server';
import { connectActivityDeps } from '../activities';
import { DEFAULT_SINK_PORT, mailSettings } from '../config/mail';
import { EMBEDDED_DATABASE, recordsSettings } from '../config/records';
import { openDatabase, redactUrl } from '../db';
import { connectionOptions, temporalSettings } from '../config/temporal';
import { ensureCalendarWatch } from '../worker/calendar-watch';
import { createWorker } from '../worker/worker';
import { CALENDAR_WATCH_WORKFLOW_ID } from '../workflows/calendar-watch-workflow';
import { startEmbeddedPostgres, type EmbeddedPostgres } from './postgres/embedded';
import { startSmtpSink, type SmtpSink } from './smtp/sink';
import { startDevServer, type DevServer } from './temporal/dev-server';
import { registerSearchAttributes } from './temporal/register-search-attributes';

const log = (message: string) => console.log(`[start] ${message}`);
const ROLES = ['office', 'reviewer', 'committee', 'admin'] as const;

async function main(): Promise<void> {
  const settings = temporalSettings();
  const records = recordsSettings();
  const mail = mailSettings();
  const port = Number(process.env.PORT ?? 3000);
  const dataDir = process.env.DATA_DIR ?? join(__dirname, '..', 'data');
  let devServer: DevServer | undefined;
  let postgres: EmbeddedPostgres | undefined;
  let sink: SmtpSink | undefined;

  if (!settings.external) {
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

  if (!records.external) {
    postgres = await startEmbeddedPostgres({ dataDir: join(dataDir, 'postgres'), port: records.embeddedPort, database: EMBEDDED_DATABASE, log });
    log(`embedded PostgreSQL on 127.0.0.1:${postgres.port}, data in ${join(dataDir, 'postgres')}`);
  } else {
    log(`using PostgreSQL at ${redactUrl(records.databaseUrl)}; no embedded server`);
  }
  if (!mail.external) {
    sink = await startSmtpSink({ port: DEFAULT_SINK_PORT, mailDir: join(dataDir, 'mail'), log });
    // Everything lands in the local sink anyway, so every role gets a placeholder address.
    for (const role of ROLES) mail.roles[role] ??= `${role}@quality-award.localhost`;
    log(`SMTP sink on ${sink.url}; mail is kept in ${join(dataDir, 'mail')}`);
  } else {
    log(`sending mail through ${redactUrl(mail.smtpUrl)}`);
    const unmapped = ROLES.filter((role) => !mail.roles[role]);
    if (unmapped.length > 0) log(`no address for ${unmapped.join(', ')}: reminders to them are retried until you set ${unmapped.map((r) => `MAIL_${r.toUpperCase()}`).join(', ')}`);
  }

  const deps = await connectActivityDeps(records, mail);
  const workerConnection = await NativeConnection.connect(connectionOptions(settings));
  const worker = await createWorker({ connection: workerConnection, namespace: settings.namespace, taskQueue: settings.taskQueue, deps });
  const workerRun = worker.run();
  log(`worker polling task queue ${settings.taskQueue}`);
  log(`calendar watch ${await ensureCalendarWatch(workerConnection, settings.namespace, settings.taskQueue)} (workflow ${CALENDAR_WATCH_WORKFLOW_ID})`);

  const auth = resolveAuthSecret();
  // The API reads through its own pool, so reads on deadline day do not wait behind the activities' writes.
  const apiRecords = openDatabase(records.databaseUrl, { applicationName: 'quality-award-api' });
  const api = await startApi(settings, port, { records: apiRecords, authSecret: auth.secret });
  log(`API on ${api.url} (health: ${api.url}/health, OpenAPI: ${api.url}/docs)`);
  tokenInstructions(auth).forEach(log);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    log(`${signal}: stopping the API, the worker and the servers`);
    await api.app.close();
    // The SDK's runtime also reacts to SIGINT/SIGTERM and may already be draining the worker.
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await workerRun.catch(() => undefined);
    await workerConnection.close();
    await deps.close();
    await apiRecords.close();
    await sink?.stop();
    await postgres?.stop();
    await devServer?.stop();
    process.exit(0);
  };
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
  workerRun.catch(async (error) => {
    console.error('[start] the worker stopped:', error);
    await sink?.stop();
    await postgres?.stop();
    await devServer?.stop();
    process.exit(1);
  });
}

main().catch((error) => {
  console.error(`[start] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
});
