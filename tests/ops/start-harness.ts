/**
 * Runs the real `npm start` entry (through npm, or through tsx as npm does) in its own process
 * group, on ports and a DATA_DIR chosen by the test, and reads what it prints.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { isRunning } from '../../scripts/lib/processes';
import { isPortFree } from '../../scripts/lib/server-process';

export const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');

export interface Ports {
  api: number;
  temporal: number;
  temporalUi: number;
  postgres: number;
  smtp: number;
}

/**
 * Free ports below Linux's ephemeral range (32768+), where the suite's own servers (port 0) and
 * outgoing connections take theirs, so a port cannot be taken between the pick and the start.
 */
export async function pickPorts(): Promise<Ports> {
  const picked = new Set<number>();
  while (picked.size < 5) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    if (!picked.has(port) && (await isPortFree(port, '127.0.0.1')) && (await isPortFree(port, '0.0.0.0'))) picked.add(port);
  }
  const [api, temporal, temporalUi, postgres, smtp] = [...picked] as [number, number, number, number, number];
  return { api, temporal, temporalUi, postgres, smtp };
}

export function startEnv(dataDir: string, ports: Ports): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: String(ports.api),
    TEMPORAL_PORT: String(ports.temporal),
    TEMPORAL_UI_PORT: String(ports.temporalUi),
    PGPORT_EMBEDDED: String(ports.postgres),
    SMTP_SINK_PORT: String(ports.smtp),
  };
  // The embedded servers are what is under test.
  for (const name of ['TEMPORAL_ADDRESS', 'DATABASE_URL', 'SMTP_URL', 'AUTH_SECRET']) delete env[name];
  return env;
}

export interface Exit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface StartRun {
  /** The process we spawned: npm, or tsx. */
  launcher: ChildProcess;
  lines: string[];
  /** Resolves once the launcher has exited and everything that shares its output has closed it. */
  closed: Promise<Exit>;
  waitFor(pattern: RegExp, timeoutMs: number): Promise<RegExpMatchArray>;
  output(): string;
}

export function launch(how: 'npm' | 'tsx', env: NodeJS.ProcessEnv): StartRun {
  const [command, args] = how === 'npm' ? ['npm', ['start']] : [TSX, ['scripts/start.ts']];
  const launcher = spawn(command, args as string[], { cwd: ROOT, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  const waiters = new Set<() => void>();
  const onLine = (line: string) => {
    lines.push(line);
    for (const wake of waiters) wake();
  };
  createInterface({ input: launcher.stdout! }).on('line', onLine);
  createInterface({ input: launcher.stderr! }).on('line', onLine);
  let exit: Exit | undefined;
  const closed = new Promise<Exit>((resolveClosed, reject) => {
    launcher.once('error', reject);
    launcher.once('close', (code, signal) => {
      exit = { code, signal };
      for (const wake of waiters) wake();
      resolveClosed(exit);
    });
  });
  closed.catch(() => undefined);
  const output = () => lines.join('\n');
  return {
    launcher,
    lines,
    closed,
    output,
    waitFor(pattern, timeoutMs) {
      return new Promise((resolveMatch, reject) => {
        const check = () => {
          for (const line of lines) {
            const match = pattern.exec(line);
            if (match) return finish(() => resolveMatch(match));
          }
          if (exit) finish(() => reject(new Error(`npm start ended (${exit!.signal ?? `exit ${exit!.code}`}) before printing ${pattern}:\n${output()}`)));
        };
        const timer = setTimeout(() => finish(() => reject(new Error(`no ${pattern} within ${timeoutMs / 1000} s:\n${output()}`))), timeoutMs);
        const finish = (settle: () => void) => {
          clearTimeout(timer);
          waiters.delete(check);
          settle();
        };
        waiters.add(check);
        check();
      });
    },
  };
}

/** The pids a running start announces. */
export interface StartPids {
  start: number;
  temporal: number;
  postgres: number;
  apiUrl: string;
}

export async function waitUntilReady(run: StartRun, timeoutMs: number): Promise<StartPids> {
  const api = await run.waitFor(/^\[start\] API on (http:\/\/\S+)/, timeoutMs);
  const pid = (pattern: RegExp) => {
    const line = run.lines.find((l) => pattern.test(l));
    if (!line) throw new Error(`npm start did not print ${pattern}:\n${run.output()}`);
    return Number(pattern.exec(line)![1]);
  };
  return {
    start: pid(/^\[start\] pid (\d+), data in/),
    temporal: pid(/^\[start\] Temporal dev server \(pid (\d+)\)/),
    postgres: pid(/^\[start\] embedded PostgreSQL \(pid (\d+)\)/),
    apiUrl: api[1]!,
  };
}

/** The run's end, or a failure saying what did not end it. */
export function closedWithin(run: StartRun, timeoutMs: number, after: string): Promise<Exit> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    run.closed,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`npm start was still running ${timeoutMs / 1000} s after ${after}:\n${run.output()}`)), timeoutMs);
    }),
  ]).finally(() => clearTimeout(timer));
}

export async function until(what: string, ok: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await ok())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

export const running = (pids: readonly number[]) => pids.filter((pid) => isRunning(pid));

export async function busyPorts(ports: Ports): Promise<number[]> {
  const busy: number[] = [];
  for (const port of Object.values(ports)) {
    if (!(await isPortFree(port, '127.0.0.1')) || !(await isPortFree(port, '0.0.0.0'))) busy.push(port);
  }
  return busy;
}

/** Best effort after a failed test: what we started must not outlive the run. */
export function killAll(pids: Iterable<number>): void {
  for (const pid of pids) {
    try {
      if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    } catch {
      // Gone.
    }
  }
}
