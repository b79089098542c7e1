/**
 * What the launchers of local servers (Temporal dev server, PostgreSQL, SMTP sink) share: port
 * checks, the tail of a child's output for error messages, and never leaving a child behind.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { watchChild } from './watchdog';

export function isPortFree(port: number, host = '127.0.0.1'): Promise<boolean> {
  return new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, host, () => server.close(() => resolve(true)));
  });
}

export async function assertPortFree(port: number, what: string): Promise<void> {
  if (!(await isPortFree(port))) {
    throw new Error(`Port ${port} (${what}) is already in use. Stop whatever listens there, or choose another port (see README, configuration).`);
  }
}

export interface PlannedPort {
  port: number;
  /** What listens there, e.g. `HTTP API`. */
  what: string;
  /** The environment variable that moves it. */
  envVar: string;
  /** Every address the server binds; a port is only free if each of them is. */
  hosts: string[];
}

/**
 * Checks every port a start will bind before anything is started, so a busy one costs nothing
 * and the message names each busy port with the variable that moves it.
 */
export async function assertPortsFree(planned: readonly PlannedPort[]): Promise<void> {
  const problems: string[] = [];
  const seen = new Map<number, PlannedPort>();
  for (const entry of planned) {
    const other = seen.get(entry.port);
    if (other) {
      problems.push(`Port ${entry.port} is configured twice: ${other.what} (${other.envVar}) and ${entry.what} (${entry.envVar}); set one of them to another port.`);
      continue;
    }
    seen.set(entry.port, entry);
    // One address after the other: two probes of one port at once would collide with each other.
    let busy = false;
    for (const host of entry.hosts) busy ||= !(await isPortFree(entry.port, host));
    if (busy) problems.push(`Port ${entry.port} (${entry.what}) is already in use: stop whatever listens there, or set ${entry.envVar} to a free port.`);
  }
  if (problems.length > 0) throw new Error(problems.join('\n'));
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

/** Keeps the last `chunks` pieces of a child's stdout and stderr, to explain a failed start. */
export function captureOutput(child: ChildProcess, chunks: number): string[] {
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > chunks) output.shift();
  };
  child.stdout?.on('data', keep);
  child.stderr?.on('data', keep);
  return output;
}

/**
 * Never leave a server behind when this process ends without stopping it: on exit it is sent
 * `first` at once; if this process dies without an exit (a signal, SIGKILL), the watchdog sends
 * `first`, then `last` when `first` has not ended it.
 */
export function endWithThisProcess(child: ChildProcess, first: NodeJS.Signals, last: NodeJS.Signals): void {
  watchChild(child, first, last);
  const stop = () => child.kill(first);
  process.once('exit', stop);
  child.once('exit', () => process.removeListener('exit', stop));
}
