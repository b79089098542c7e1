/**
 * The benchmark's side of the system process (scripts/bench/system-main.ts): spawns it with tsx,
 * waits for its `ready` line, connects a Temporal client to its dev server (for histories, queries
 * and visibility), relays its stderr (first occurrences of worker/API warnings) as it comes, and
 * stops it: SIGTERM, its log counts, its exit.
 *
 * No orphans: the child gets its own process group, so a Ctrl-C in the terminal reaches only the
 * benchmark, which then stops the child in order; the benchmark's exit, however it happens, sends
 * the child SIGTERM; and if the benchmark is killed outright, the child sees its stdin end and stops
 * itself (`--exit-with-stdin`). A child that does not stop in time is killed with its process group.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Client, Connection } from '@temporalio/client';
import type { SystemMessage } from './system-main';

const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const MAIN = join(__dirname, 'system-main.ts');
/** Bundling the workflows and starting three servers takes a while on two cores. */
const READY_TIMEOUT_MS = 300_000;
/** System.stop gives each of its parts 20 s; beyond this the child is killed. */
const STOP_TIMEOUT_MS = 180_000;

type Ready = Extract<SystemMessage, { benchSystem: 'ready' }>;
export type SystemLogs = Extract<SystemMessage, { benchSystem: 'logs' }>;

export interface StopReport {
  /** The child's log counts, unless it ended without saying them. */
  logs?: SystemLogs;
  /** What the child wrote on stderr after it was asked to stop: its log summary, its stop messages. */
  lines: string[];
  /** `exit 0`, `SIGKILL`, … */
  exit: string;
}

export interface SystemProcess {
  base: string;
  authSecret: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** The system process (its tsx launcher). */
  pid: number;
  /** Connected to the child's dev server, in this process. */
  client: Client;
  /** Called once if the child ends before `stop()` asked it to. */
  onUnexpectedExit(listener: (exit: string) => void): void;
  stop(): Promise<StopReport>;
}

const describeExit = (code: number | null, signal: NodeJS.Signals | null): string => (signal ? signal : `exit ${code}`);

export async function spawnSystem(opts: { periodSeconds: number }): Promise<SystemProcess> {
  const child: ChildProcess = spawn(TSX, [MAIN, '--exit-with-stdin'], {
    cwd: ROOT,
    detached: true,
    stdio: ['pipe', 'pipe', 'pipe'],
    env: { ...process.env, BENCH_PERIOD_SECONDS: String(opts.periodSeconds) },
  });
  let exit: string | undefined;
  const closed = new Promise<string>((resolveClosed) => {
    child.once('error', (error) => {
      exit ??= `failed to start: ${error.message}`;
      resolveClosed(exit);
    });
    child.once('close', (code, signal) => {
      exit ??= describeExit(code, signal);
      resolveClosed(exit);
    });
  });
  child.once('exit', (code, signal) => (exit ??= describeExit(code, signal)));
  // If this process ends in any way without having stopped the child, the child stops itself.
  const killOnExit = () => {
    if (exit === undefined) child.kill('SIGTERM');
  };
  process.on('exit', killOnExit);
  void closed.then(() => process.removeListener('exit', killOnExit));
  child.stdin!.on('error', () => undefined);

  // stderr: relayed as it comes until the stop; then kept for the caller to print in its place.
  let stopLines: string[] | undefined;
  const tail: string[] = [];
  createInterface({ input: child.stderr! }).on('line', (line) => {
    tail.push(line);
    if (tail.length > 40) tail.shift();
    if (stopLines) stopLines.push(line);
    else console.error(line);
  });

  // stdout: the protocol; anything else is relayed to stderr.
  let onReady: (ready: Ready) => void = () => undefined;
  let logs: SystemLogs | undefined;
  createInterface({ input: child.stdout! }).on('line', (line) => {
    let message: SystemMessage | undefined;
    if (line.startsWith('{')) {
      try {
        const parsed = JSON.parse(line) as Partial<SystemMessage>;
        if (typeof parsed.benchSystem === 'string') message = parsed as SystemMessage;
      } catch {
        // Not ours.
      }
    }
    if (message?.benchSystem === 'ready') onReady(message);
    else if (message?.benchSystem === 'logs') logs = message;
    else console.error(line);
  });

  const killGroup = () => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // The group is empty already.
    }
  };

  let timer: NodeJS.Timeout | undefined;
  let ready: Ready;
  try {
    ready = await Promise.race([
      new Promise<Ready>((resolveReady) => (onReady = resolveReady)),
      closed.then((how) => Promise.reject(new Error(`the system process ended before it was ready (${how}):\n${tail.join('\n')}`))),
      new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`the system process was not ready within ${READY_TIMEOUT_MS / 1000} s:\n${tail.join('\n')}`)), READY_TIMEOUT_MS))),
    ]);
  } catch (error) {
    if (exit === undefined) {
      child.kill('SIGTERM');
      const timedOut = setTimeout(killGroup, STOP_TIMEOUT_MS);
      await closed;
      clearTimeout(timedOut);
    }
    throw error;
  } finally {
    clearTimeout(timer);
  }

  let connection: Connection;
  try {
    connection = await Connection.connect({ address: ready.temporalAddress });
  } catch (error) {
    child.kill('SIGTERM');
    await closed;
    throw error;
  }

  let stopRequested = false;
  const unexpected: Array<(exit: string) => void> = [];
  void closed.then((how) => {
    if (stopRequested) return;
    // Whatever of its group outlived it (the dev server, when it could not stop it) goes with it.
    killGroup();
    for (const listener of unexpected) listener(how);
  });

  let stopping: Promise<StopReport> | undefined;
  const stop = (): Promise<StopReport> =>
    (stopping ??= (async () => {
      stopRequested = true;
      stopLines = [];
      await connection.close().catch(() => undefined);
      if (exit === undefined) child.kill('SIGTERM');
      const gaveUp = setTimeout(() => {
        stopLines?.push(`[bench] the system process did not stop within ${STOP_TIMEOUT_MS / 1000} s: killed with its process group`);
        killGroup();
      }, STOP_TIMEOUT_MS);
      const how = await closed;
      clearTimeout(gaveUp);
      // The logs line, if the child said it, has been read by now: its stdout is closed.
      return { ...(logs ? { logs } : {}), lines: stopLines, exit: how };
    })());

  return {
    base: ready.base,
    authSecret: ready.authSecret,
    temporalAddress: ready.temporalAddress,
    namespace: ready.namespace,
    taskQueue: ready.taskQueue,
    pid: child.pid!,
    client: new Client({ connection, namespace: ready.namespace }),
    onUnexpectedExit: (listener) => void unexpected.push(listener),
    stop,
  };
}
