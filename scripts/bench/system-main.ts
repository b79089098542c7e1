/**
 * The system process of `npm run bench:cycle`: the whole system as `npm start` runs it — one Node
 * process with the worker and the HTTP API, plus the Temporal dev server, PostgreSQL and SMTP sink
 * processes it starts — with compressed periods (scripts/bench/system.ts). The benchmark spawns it
 * (scripts/bench/system-process.ts) and generates its load from its own process, as a city's
 * browsers would.
 *
 * Talks to its parent by JSON lines on stdout (see `SystemMessage`): `ready` once the API answers,
 * with what the benchmark needs to call it; `logs` on SIGTERM or SIGINT, the worker's and the API's
 * warnings and errors, counted (also printed on stderr for a reader). Then it stops everything and
 * exits 0. With `--exit-with-stdin` it also stops when its stdin ends, i.e. when the benchmark has
 * gone without stopping it (killed), so nothing is left behind.
 *
 * Environment: BENCH_PERIOD_SECONDS (5), every computeDeadline period's length.
 *
 * By hand: `node_modules/.bin/tsx scripts/bench/system-main.ts`, Ctrl-C to stop.
 */
import { installQuietRuntime, startSystem, systemLog, type System } from './system';

/** What the system process says on stdout, one JSON object a line. */
export type SystemMessage =
  | { benchSystem: 'ready'; base: string; authSecret: string; temporalAddress: string; namespace: string; taskQueue: string; pid: number }
  | { benchSystem: 'logs'; total: number; entries: Array<[string, number]>; workerError?: string };

/** How many distinct log lines the stderr summary shows (all are in the `logs` message). */
const SHOWN_LOG_LINES = 20;

function send(message: SystemMessage): void {
  process.stdout.write(`${JSON.stringify(message)}\n`);
}

function main(): void {
  // The parent may be gone (killed) while this process stops: writes to its pipes must not end it early.
  for (const stream of [process.stdout, process.stderr]) stream.on('error', () => undefined);

  const periodSeconds = Number(process.env.BENCH_PERIOD_SECONDS ?? 5);
  if (!(periodSeconds > 0)) {
    console.error(`[system] BENCH_PERIOD_SECONDS must be a positive number, got ${process.env.BENCH_PERIOD_SECONDS}`);
    process.exit(2);
  }

  installQuietRuntime();
  const starting = startSystem({ periodSeconds });
  let stopping = false;

  const stop = async (why: string) => {
    if (stopping) return;
    stopping = true;
    console.error(`[system] ${why}: stopping the API, the worker and the servers`);
    const system: System | undefined = await starting.catch(() => undefined);
    const workerError = system?.workerError();
    if (workerError) console.error(`the worker stopped during the run: ${String(workerError)}`);
    if (systemLog.total > 0) {
      console.error(`\nWorker and API warnings and errors during the run (${systemLog.total}):`);
      for (const [key, n] of systemLog.entries().slice(0, SHOWN_LOG_LINES)) console.error(`  ${n}× ${key}`);
    }
    send({ benchSystem: 'logs', total: systemLog.total, entries: systemLog.entries(), ...(workerError ? { workerError: String(workerError) } : {}) });
    await system?.stop();
    // Everything is stopped; a leftover handle (the native runtime, a pool's socket) must not keep the process up.
    process.exit(0);
  };

  // The worker's runtime drains the worker on these signals as well; System.stop copes with that.
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
  if (process.argv.includes('--exit-with-stdin')) {
    process.stdin.on('end', () => void stop('the benchmark has gone (stdin ended)'));
    process.stdin.on('error', () => void stop('the benchmark has gone (stdin failed)'));
    process.stdin.resume();
  }

  starting.then(
    (system) => {
      if (stopping) return;
      send({
        benchSystem: 'ready',
        base: system.base,
        authSecret: system.authSecret,
        temporalAddress: system.temporalAddress,
        namespace: system.namespace,
        taskQueue: system.taskQueue,
        pid: process.pid,
      });
    },
    (error: unknown) => {
      console.error('[system] could not start:', error);
      process.exit(1);
    },
  );
}

main();
