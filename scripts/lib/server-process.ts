/**
 * What the launchers of local servers (Temporal dev server, PostgreSQL, SMTP sink) share: port
 * checks, the tail of a child's output for error messages, and never leaving a child behind.
 */
import type { ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';

export async function assertPortFree(port: number, what: string): Promise<void> {
  const free = await new Promise<boolean>((resolve) => {
    const server = createServer();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
  if (!free) {
    throw new Error(`Port ${port} (${what}) is already in use. Stop whatever listens there, or choose another port (see README, configuration).`);
  }
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

/** Never leave a server behind when this process ends without stopping it. */
export function endWithThisProcess(child: ChildProcess, signal: NodeJS.Signals): void {
  const stop = () => child.kill(signal);
  process.once('exit', stop);
  child.once('exit', () => process.removeListener('exit', stop));
}
