/**
 * `npm start`: the whole system in one process tree. Without TEMPORAL_ADDRESS it runs an embedded
 * Temporal dev server whose state lives in data/temporal.db (it survives restarts) and whose
 * namespace keeps closed workflows TEMPORAL_RETENTION_DAYS days (30 by default); without
 * DATABASE_URL an embedded PostgreSQL with its data in data/postgres; without SMTP_URL a local SMTP
 * sink that keeps mail in data/mail. Then the worker and the HTTP API.
 *
 * Ctrl-C, SIGTERM, SIGHUP, or the end of the npm or tsx process that launched us, stop the API
 * and the worker first, the servers last. Servers we spawned go down with us even if we are killed
 * outright (scripts/lib/watchdog.ts), and what an earlier start killed that way left running on
 * DATA_DIR is stopped before we start. Every port is checked before anything starts.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { NativeConnection, Runtime } from '@temporalio/worker';
import { resolveAuthSecret, tokenInstructions } from '../api/auth/secret';
import { startApi } from '../api/server';
import { connectActivityDeps } from '../activities';
import { mailSettings, smtpSinkPort } from '../config/mail';
import { EMBEDDED_DATABASE, recordsSettings } from '../config/records';
import { openDatabase, redactUrl } from '../db';
import { connectionOptions, embeddedTemporalPorts, temporalRetentionDays, temporalSettings } from '../config/temporal';
import { ensureCalendarWatch } from '../worker/calendar-watch';
import { createWorker } from '../worker/worker';
import { CALENDAR_WATCH_WORKFLOW_ID } from '../workflows/calendar-watch-workflow';
import { makePrivate } from './lib/data-dir';
import { launchers, watchLaunchers } from './lib/launcher';
import { commandLine, parentOf } from './lib/processes';
import { assertPortsFree, type PlannedPort } from './lib/server-process';
import { postgresRunningOn, runAs, startEmbeddedPostgres, stopLeftoverPostgres } from './postgres/embedded';
import { startSmtpSink } from './smtp/sink';
import { devServersOn, namespaceRetentionDays, startDevServer, stopLeftoverDevServer } from './temporal/dev-server';
import { registerSearchAttributes } from './temporal/register-search-attributes';

const log = (message: string) => console.log(`[start] ${message}`);
const ROLES = ['office', 'reviewer', 'committee', 'admin'] as const;
const STOP_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;

/** What has started, each with how to stop it; stopped in reverse order (API, worker, servers). */
const parts: Array<{ what: string; stop: () => Promise<void> }> = [];
let stopping = false;

async function stop(reason: string, exitCode: number): Promise<void> {
  if (stopping) return;
  stopping = true;
  log(`${reason}: stopping the API, the worker and the servers`);
  while (parts.length > 0) {
    const part = parts.pop()!;
    try {
      await part.stop();
      log(`stopped ${part.what}`);
    } catch (error) {
      exitCode = 1;
      console.error(`[start] stopping ${part.what} failed: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  log('stopped');
  process.exit(exitCode);
}

function apiPort(): number {
  const raw = process.env.PORT;
  if (raw === undefined || raw === '') return 3000;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new Error(`PORT must be a TCP port (0-65535, 0 for any free one), not ${JSON.stringify(raw)}.`);
  return port;
}

/** Whether `pid` runs this script (under tsx: `node … scripts/start.ts`). */
function isStart(pid: number): boolean {
  return (commandLine(pid) ?? []).some((arg) => /(^|[\\/])start\.ts$/.test(arg));
}

/**
 * Stops what an earlier start, killed outright, left running on DATA_DIR: it would hold our ports,
 * PostgreSQL's data directory and Temporal's SQLite file. A server whose parent is a start still
 * running is that start's, not a leftover: then we refuse, and touch nothing.
 */
async function stopLeftovers(dataDir: string, temporalDb: string | undefined, postgresDir: string | undefined): Promise<void> {
  const found: Array<{ pid: number; stop: () => Promise<void> }> = [];
  if (temporalDb) for (const pid of devServersOn(temporalDb)) found.push({ pid, stop: () => stopLeftoverDevServer(pid, temporalDb, log) });
  const postgres = postgresDir === undefined ? undefined : postgresRunningOn(postgresDir, log);
  if (postgres !== undefined) found.push({ pid: postgres, stop: () => stopLeftoverPostgres(postgres, postgresDir!, log) });
  for (const { pid } of found) {
    const parent = parentOf(pid);
    if (parent !== undefined && parent !== process.pid && isStart(parent)) {
      throw new Error(`${dataDir} is in use by another npm start (pid ${parent}): stop it first, or set DATA_DIR to another directory.`);
    }
  }
  for (const { stop } of found) await stop();
}

/** Runs `fn` and takes back the signal listeners it added: the stop above decides what a signal does. */
async function withoutNewSignalListeners<T>(fn: () => Promise<T>): Promise<T> {
  const signals: NodeJS.Signals[] = ['SIGHUP', 'SIGINT', 'SIGQUIT', 'SIGTERM', 'SIGUSR2', 'SIGABRT', 'SIGILL', 'SIGTRAP', 'SIGBUS', 'SIGFPE', 'SIGSEGV'];
  const before = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
  const result = await fn();
  for (const signal of signals) {
    for (const listener of process.listeners(signal)) {
      if (!before.get(signal)!.has(listener)) process.removeListener(signal, listener as (...args: unknown[]) => void);
    }
  }
  return result;
}

async function main(): Promise<void> {
  for (const signal of STOP_SIGNALS) process.on(signal, () => void stop(signal, 0));
  // Our own handlers order the stop; the SDK's would start draining the worker before the API is closed.
  Runtime.install({ shutdownSignals: [] });
  const chain = launchers();
  watchLaunchers(chain, (launcher) => void stop(`${launcher.what} (pid ${launcher.pid}), which launched us, has ended`, 0));

  const settings = temporalSettings();
  // Only the embedded server's retention is ours to set; a cluster's is its operator's.
  const retentionDays = settings.external ? undefined : temporalRetentionDays();
  const records = recordsSettings();
  const mail = mailSettings();
  const port = apiPort();
  const temporalPorts = embeddedTemporalPorts();
  const sinkPort = smtpSinkPort();
  const dataDir = resolve(process.env.DATA_DIR ?? join(__dirname, '..', 'data'));
  const temporalDb = join(dataDir, 'temporal.db');
  const postgresDir = join(dataDir, 'postgres');
  log(`pid ${process.pid}, data in ${dataDir}`);

  await stopLeftovers(dataDir, settings.external ? undefined : temporalDb, records.external ? undefined : postgresDir);

  const planned: PlannedPort[] = [];
  // The API listens on every interface; a server on the loopback alone must not hide behind that.
  if (port !== 0) planned.push({ port, what: 'HTTP API', envVar: 'PORT', hosts: ['0.0.0.0', '127.0.0.1'] });
  if (!settings.external) {
    planned.push({ port: temporalPorts.grpc, what: 'Temporal dev server gRPC', envVar: 'TEMPORAL_PORT', hosts: ['127.0.0.1'] });
    planned.push({ port: temporalPorts.ui, what: 'Temporal Web UI', envVar: 'TEMPORAL_UI_PORT', hosts: ['127.0.0.1'] });
  }
  if (!records.external) planned.push({ port: records.embeddedPort, what: 'embedded PostgreSQL', envVar: 'PGPORT_EMBEDDED', hosts: ['127.0.0.1'] });
  if (!mail.external) planned.push({ port: sinkPort, what: 'SMTP sink', envVar: 'SMTP_SINK_PORT', hosts: ['127.0.0.1'] });
  await assertPortsFree(planned);

  const postgresUser = records.external ? {} : runAs(log);
  // Directories above DATA_DIR are created as the operator's umask has them: the postgres user may have to pass.
  mkdirSync(dirname(dataDir), { recursive: true });
  // Data files (temporal.db, mail, the auth secret) are for the owner only, also those our children create.
  process.umask(0o077);
  makePrivate(dataDir, postgresUser.gid);

  if (!settings.external) {
    const devServer = await startDevServer({ port: temporalPorts.grpc, uiPort: temporalPorts.ui, dbFile: temporalDb, namespace: settings.namespace, retentionDays, log });
    parts.push({ what: 'the Temporal dev server', stop: () => devServer.stop() });
    log(`Temporal dev server (pid ${devServer.pid ?? 'run by the SDK'}) on ${devServer.address}, Web UI ${devServer.uiUrl}, data in ${temporalDb}`);
    log(`Temporal namespace ${settings.namespace} keeps closed workflows ${devServer.retentionDays} days (TEMPORAL_RETENTION_DAYS); their records outlive that in PostgreSQL`);
  } else {
    log(`using Temporal at ${settings.address} (namespace ${settings.namespace}); no embedded server`);
    const connection = await Connection.connect(connectionOptions(settings));
    try {
      const added = await registerSearchAttributes(connection, settings.namespace);
      if (added.length > 0) log(`registered search attributes ${added.join(', ')}`);
    } catch (error) {
      log(`could not register search attributes (needs operator rights; see README): ${String(error)}`);
    }
    try {
      const days = await namespaceRetentionDays(connection, settings.namespace);
      log(`Temporal namespace ${settings.namespace} keeps closed workflows ${days === undefined ? '(no retention reported)' : `${days} days`} (set by the cluster's operator, not TEMPORAL_RETENTION_DAYS; see README)`);
    } catch (error) {
      log(`could not read the retention of Temporal namespace ${settings.namespace}: ${String(error)}`);
    } finally {
      await connection.close();
    }
  }

  if (!records.external) {
    const postgres = await startEmbeddedPostgres({ dataDir: postgresDir, port: records.embeddedPort, database: EMBEDDED_DATABASE, log });
    parts.push({ what: 'PostgreSQL', stop: () => postgres.stop() });
    log(`embedded PostgreSQL (pid ${postgres.pid}) on 127.0.0.1:${postgres.port}, data in ${postgresDir}`);
  } else {
    log(`using PostgreSQL at ${redactUrl(records.databaseUrl)}; no embedded server`);
  }
  if (!mail.external) {
    const sink = await startSmtpSink({ port: sinkPort, mailDir: join(dataDir, 'mail'), log });
    parts.push({ what: 'the SMTP sink', stop: () => sink.stop() });
    // Everything lands in the local sink anyway, so every role gets a placeholder address.
    for (const role of ROLES) mail.roles[role] ??= `${role}@quality-award.localhost`;
    log(`SMTP sink on ${sink.url}; mail is kept in ${join(dataDir, 'mail')}`);
  } else {
    log(`sending mail through ${redactUrl(mail.smtpUrl)}`);
    const unmapped = ROLES.filter((role) => !mail.roles[role]);
    if (unmapped.length > 0) log(`no address for ${unmapped.join(', ')}: reminders to them are retried until you set ${unmapped.map((r) => `MAIL_${r.toUpperCase()}`).join(', ')}`);
  }

  const deps = await connectActivityDeps(records, mail);
  parts.push({ what: "the activities' database pool and mailer", stop: () => deps.close() });
  const workerConnection = await NativeConnection.connect(connectionOptions(settings));
  parts.push({ what: "the worker's Temporal connection", stop: () => workerConnection.close() });
  const worker = await createWorker({ connection: workerConnection, namespace: settings.namespace, taskQueue: settings.taskQueue, deps });
  const workerRun = worker.run();
  parts.push({
    what: 'the worker',
    stop: async () => {
      if (worker.getState() === 'RUNNING') worker.shutdown();
      await workerRun;
    },
  });
  workerRun.catch((error) => {
    if (stopping) return;
    console.error('[start] the worker stopped:', error);
    void stop('the worker failed', 1);
  });
  log(`worker polling task queue ${settings.taskQueue}`);
  log(`calendar watch ${await ensureCalendarWatch(workerConnection, settings.namespace, settings.taskQueue)} (workflow ${CALENDAR_WATCH_WORKFLOW_ID})`);

  const auth = resolveAuthSecret();
  // The API reads through its own pool, so reads on deadline day do not wait behind the activities' writes.
  const apiRecords = openDatabase(records.databaseUrl, { applicationName: 'quality-award-api' });
  parts.push({ what: "the API's database pool", stop: () => apiRecords.close() });
  // Nest's shutdown hooks would close the API on a signal and raise it again, beside our own stop.
  const api = await withoutNewSignalListeners(() => startApi(settings, port, { records: apiRecords, authSecret: auth.secret }));
  parts.push({ what: 'the API', stop: () => api.app.close() });
  log(`API on ${api.url} (health: ${api.url}/health, OpenAPI: ${api.url}/docs)`);
  tokenInstructions(auth).forEach(log);
}

main().catch((error) => {
  // A stop during startup pulls servers from under the steps still running; it exits by itself.
  if (stopping) return;
  for (const line of (error instanceof Error ? error.message : String(error)).split('\n')) console.error(`[start] ${line}`);
  if (parts.length === 0) process.exit(1);
  void stop('start failed', 1);
});
