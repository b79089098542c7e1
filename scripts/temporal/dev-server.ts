/**
 * Starts a Temporal dev server (`temporal server start-dev`) with the runtime's search attributes
 * registered; used by `npm start`, the end-to-end tests and the benchmark.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { Connection } from '@temporalio/client';
import { msNumberToTs, tsToMs } from '@temporalio/common/lib/time';
import { TestWorkflowEnvironment } from '@temporalio/testing';
import { ALL_SEARCH_ATTRIBUTES } from '../../workflows/runtime/search-attributes';
import { ensureBinary } from './binaries';
import { commandIncludes, findProcesses, stopProcess } from '../lib/processes';
import { assertPortFree, captureOutput, endWithThisProcess, freePort } from '../lib/server-process';

export interface DevServerOptions {
  /** gRPC port; 0 picks a free one. */
  port: number;
  /** Web UI port, or null for none. */
  uiPort: number | null;
  /** SQLite file that keeps the server's state across restarts; in memory when absent. */
  dbFile?: string;
  namespace?: string;
  /**
   * Days the namespace keeps closed workflows, set once the server answers (on a kept dbFile too);
   * left as the server has it (one day for a new dev server) when absent.
   */
  retentionDays?: number;
  log?: (message: string) => void;
}

export interface DevServer {
  address: string;
  uiUrl: string | null;
  /** The server process; undefined when the SDK runs it (no binary from any registry). */
  pid: number | undefined;
  /** The namespace's retention in days as the server reports it after `retentionDays` was set; undefined when not asked. */
  retentionDays: number | undefined;
  stop(): Promise<void>;
}

const SEARCH_ATTRIBUTE_TYPE_NAMES: Record<string, string> = { KEYWORD: 'Keyword', DATETIME: 'Datetime', TEXT: 'Text', INT: 'Int' };

export async function startDevServer(options: DevServerOptions): Promise<DevServer> {
  const log = options.log ?? (() => undefined);
  const namespace = options.namespace ?? 'default';
  const port = options.port === 0 ? await freePort() : options.port;
  await assertPortFree(port, 'Temporal gRPC');
  if (options.uiPort !== null) await assertPortFree(options.uiPort, 'Temporal Web UI');
  if (options.dbFile) mkdirSync(dirname(options.dbFile), { recursive: true });

  const executable = ensureBinary('cli', log, !process.env.CI);
  if (executable.type === 'cached-download') {
    // No binary from any registry: let the SDK download the CLI and run it the same way.
    const env = await TestWorkflowEnvironment.createLocal({
      server: {
        executable: { type: 'cached-download' },
        ip: '127.0.0.1',
        port,
        namespace,
        dbFilename: options.dbFile,
        ...(options.uiPort !== null ? { ui: true, uiPort: options.uiPort } : {}),
        searchAttributes: ALL_SEARCH_ATTRIBUTES,
      },
    });
    const address = `127.0.0.1:${port}`;
    const retentionDays = await withRetention(address, namespace, options.retentionDays, () => env.teardown());
    return { address, uiUrl: uiUrl(options.uiPort), pid: undefined, retentionDays, stop: () => env.teardown() };
  }

  const args = [
    'server',
    'start-dev',
    '--ip',
    '127.0.0.1',
    '--port',
    String(port),
    '--namespace',
    namespace,
    '--log-level',
    'warn',
    ...(options.dbFile ? ['--db-filename', options.dbFile] : []),
    ...(options.uiPort !== null ? ['--ui-port', String(options.uiPort)] : ['--headless']),
    ...ALL_SEARCH_ATTRIBUTES.flatMap((key) => ['--search-attribute', `${key.name}=${SEARCH_ATTRIBUTE_TYPE_NAMES[key.type]}`]),
  ];
  log(`starting ${executable.path} ${args.join(' ')}`);
  // Its own process group: a Ctrl-C in the terminal reaches the caller, which stops the server
  // after the worker has drained, instead of reaching the server first.
  const child = spawn(executable.path, args, { detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = captureOutput(child, 50);
  endWithThisProcess(child, 'SIGTERM', 'SIGKILL');

  const address = `127.0.0.1:${port}`;
  try {
    await waitUntilServing(address, child, output);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  const retentionDays = await withRetention(address, namespace, options.retentionDays, () => stopChild(child));
  return { address, uiUrl: uiUrl(options.uiPort), pid: child.pid, retentionDays, stop: () => stopChild(child) };
}

/** Sets the retention on a server just started; stops the server when that fails. */
async function withRetention(address: string, namespace: string, days: number | undefined, stop: () => Promise<void>): Promise<number | undefined> {
  if (days === undefined) return undefined;
  try {
    const connection = await Connection.connect({ address });
    try {
      await setNamespaceRetention(connection, namespace, days);
      const actual = await namespaceRetentionDays(connection, namespace);
      if (actual !== days) throw new Error(`namespace ${namespace} reports ${actual ?? 'no'} retention days after it was set to ${days}`);
      return actual;
    } finally {
      await connection.close();
    }
  } catch (error) {
    await stop().catch(() => undefined);
    throw new Error(`Could not set the retention of Temporal namespace ${namespace} to ${days} days: ${error instanceof Error ? error.message : String(error)}`);
  }
}

const DAY_MS = 86_400_000;

/** Sets how long the namespace keeps closed workflows (`temporal operator namespace update --retention <days>d`). */
export async function setNamespaceRetention(connection: Connection, namespace: string, days: number): Promise<void> {
  await connection.workflowService.updateNamespace({ namespace, config: { workflowExecutionRetentionTtl: msNumberToTs(days * DAY_MS) } });
}

/** How long the namespace keeps closed workflows, in days (fractional when not whole); undefined when it names none. */
export async function namespaceRetentionDays(connection: Connection, namespace: string): Promise<number | undefined> {
  const described = await connection.workflowService.describeNamespace({ namespace });
  const ttl = described.config?.workflowExecutionRetentionTtl;
  return ttl ? tsToMs(ttl) / DAY_MS : undefined;
}

/** Dev servers (`temporal server start-dev`) running on exactly this SQLite file. */
export function devServersOn(dbFile: string): number[] {
  const path = resolve(dbFile);
  return findProcesses((argv) => commandIncludes(argv, ['server', 'start-dev']) && commandIncludes(argv, ['--db-filename', path]));
}

/** Stops a dev server that is not our child (one an earlier start left behind). */
export async function stopLeftoverDevServer(pid: number, dbFile: string, log: (message: string) => void = () => undefined): Promise<void> {
  log(`stopping a Temporal dev server left running on ${resolve(dbFile)} (pid ${pid})`);
  if (!(await stopProcess(pid, 'SIGTERM', 'SIGKILL', 10_000))) throw new Error(`The Temporal dev server left running on ${resolve(dbFile)} (pid ${pid}) did not stop; stop it yourself.`);
}

function uiUrl(uiPort: number | null): string | null {
  return uiPort === null ? null : `http://127.0.0.1:${uiPort}`;
}

async function waitUntilServing(address: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited: number | null = null;
  child.once('exit', (code) => {
    exited = code ?? -1;
  });
  while (Date.now() < deadline) {
    if (exited !== null) {
      throw new Error(`temporal dev server exited with code ${exited} before serving:\n${output.join('').trim()}`);
    }
    try {
      const connection = await Connection.connect({ address, connectTimeout: 1_000 });
      try {
        await connection.workflowService.getSystemInfo({});
        return;
      } finally {
        await connection.close();
      }
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
  throw new Error(`temporal dev server did not answer on ${address} within 60 s:\n${output.join('').trim()}`);
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}
