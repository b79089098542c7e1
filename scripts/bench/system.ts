/**
 * The whole system as `npm start` runs it, for the cycle benchmark: a throwaway Temporal dev server,
 * PostgreSQL and SMTP sink (their own processes), then the worker with the real activities except
 * `computeDeadline` (compressed periods) and the HTTP API, both in the calling process. Like
 * tests/support/system.ts, without importing from tests/. Also: the worker's and the API's logs,
 * summarised. The benchmark runs this in a process of its own (scripts/bench/system-main.ts), so
 * its load generator does not share the system's event loop.
 */
import { randomUUID } from 'node:crypto';
import type { LoggerService } from '@nestjs/common';
import { DefaultLogger, NativeConnection, Runtime, type LogEntry } from '@temporalio/worker';
import { connectActivityDeps } from '../../activities';
import type { ComputeDeadlineParams, DeadlineComputed } from '../../activities/deadlines';
import { startApi } from '../../api/server';
import { openDatabase } from '../../db';
import { DEFAULT_FROM } from '../../config/mail';
import type { TemporalSettings } from '../../config/temporal';
import { createWorker } from '../../worker/worker';
import { chinaDateOf } from '../../workflows/policy/index.js';
import type { EffectInput } from '../../workflows/runtime/types';
import { startThrowawayServices } from '../postgres/throwaway';
import { startDevServer } from '../temporal/dev-server';
import { Counter } from './stats';

/** How long each part of the system may take to stop before the next is stopped regardless. */
const STOP_TIMEOUT_MS = 20_000;

/**
 * Warnings and errors of the worker (failed activities, refused messages, core's payload limits)
 * and of the API (500s and their causes): one line the first time each occurs, then only counted,
 * so a run with thousands of them stays readable. The counts are printed at the end.
 */
export const systemLog = new Counter();
function noteLog(source: 'worker' | 'api', level: string, text: string): void {
  const key = `${source} ${level} ${text.replace(/\s+/g, ' ').slice(0, 240)}`;
  if (systemLog.get(key) === 0) console.error(`[${key}]`);
  systemLog.add(key);
}

function logWorkerEntry(entry: LogEntry): void {
  const meta = (entry.meta ?? {}) as Record<string, unknown>;
  const error = meta.error instanceof Error ? meta.error.message : typeof meta.error === 'string' ? meta.error : '';
  const what = [meta.activityType ?? meta.effect, error.split('\n')[0]].filter(Boolean).join(': ');
  noteLog('worker', entry.level, `${entry.message}${what ? ` (${what})` : ''}`);
}

/** Nest logs a 500 as the error and its stack; the cause (a gRPC status) says most, so it is kept. */
function apiLogText(args: unknown[]): string {
  const [first] = args;
  const head = first instanceof Error ? `${first.name}: ${first.message}` : String(first).split('\n')[0]!;
  const cause =
    first instanceof Error && first.cause instanceof Error
      ? first.cause.message
      : /cause: (?:\w*Error: )?(.+)/.exec(args.map((a) => (a instanceof Error ? (a.stack ?? '') : String(a))).join('\n'))?.[1];
  return cause ? `${head} — ${cause}` : head;
}

const apiLogger: LoggerService = {
  log: () => undefined,
  warn: (...args: unknown[]) => noteLog('api', 'WARN', apiLogText(args)),
  error: (...args: unknown[]) => noteLog('api', 'ERROR', apiLogText(args)),
};

/** `computeDeadline` with the same input and output as activities/deadlines.ts, every period `periodMs` long. */
function compressedDeadlines(periodMs: number) {
  return {
    async computeDeadline(input: EffectInput<ComputeDeadlineParams>): Promise<DeadlineComputed> {
      const endsAt = input.params.start + periodMs;
      return {
        type: 'DEADLINE_COMPUTED',
        key: input.params.key,
        endsAt,
        lastDay: chinaDateOf(endsAt - 1),
        calendarSource: `bench-cycle: compressed to ${periodMs / 1000} s`,
      };
    },
  };
}

export interface System {
  base: string;
  authSecret: string;
  temporalAddress: string;
  namespace: string;
  taskQueue: string;
  /** The worker's failure, if it stopped on its own. */
  workerError: () => unknown;
  stop(): Promise<void>;
}

export async function startSystem(opts: { periodSeconds: number }): Promise<System> {
  // What has started, stopped in reverse order; each stop is tried even when another fails or hangs
  // (a worker waits for its activities, which may be stuck on a workflow that cannot progress).
  const stops: Array<[string, () => Promise<unknown>]> = [];
  const stop = async () => {
    for (const [name, fn] of stops.splice(0).reverse()) {
      let timer: NodeJS.Timeout | undefined;
      const gaveUp = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), STOP_TIMEOUT_MS)));
      const outcome = await Promise.race([fn().then(() => 'stopped' as const), gaveUp]).catch((error: unknown) => {
        console.error(`[system] stopping ${name} failed: ${error instanceof Error ? error.message : String(error)}`);
        return 'failed' as const;
      });
      clearTimeout(timer);
      if (outcome === 'timeout') console.error(`[system] ${name} did not stop within ${STOP_TIMEOUT_MS / 1000} s; going on`);
    }
  };
  try {
    const server = await startDevServer({ port: 0, uiPort: null });
    stops.push(['Temporal dev server', () => server.stop()]);
    const services = await startThrowawayServices();
    stops.push(['PostgreSQL and SMTP sink', () => services.stop()]);
    const deps = await connectActivityDeps(
      { databaseUrl: services.databaseUrl, external: true, embeddedPort: 0 },
      { smtpUrl: services.smtpUrl, external: true, from: DEFAULT_FROM, roles: { office: 'office@example.gov.cn', committee: 'committee@example.gov.cn' } },
      { allowExitOnIdle: true },
    );
    stops.push(['activity dependencies', () => deps.close()]);

    const settings: TemporalSettings = { address: server.address, namespace: 'default', taskQueue: `bench-cycle-${randomUUID()}`, external: true };
    const nativeConnection = await NativeConnection.connect({ address: server.address });
    stops.push(['worker connection', () => nativeConnection.close()]);
    const worker = await createWorker({
      connection: nativeConnection,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      deps,
      activities: compressedDeadlines(opts.periodSeconds * 1000),
    });
    let workerError: unknown;
    const running = worker.run().catch((error: unknown) => {
      workerError = error;
      console.error('[system] the worker stopped:', error);
    });
    stops.push([
      'worker',
      async () => {
        if (worker.getState() === 'RUNNING') worker.shutdown();
        await running;
      },
    ]);

    const authSecret = `${randomUUID()}${randomUUID()}`;
    // Its own pool, as npm start gives the API: reads and idempotency claims do not queue behind the activities' writes.
    const apiRecords = openDatabase(services.databaseUrl, { applicationName: 'quality-award-api' });
    stops.push(['API records pool', () => apiRecords.close()]);
    const api = await startApi(settings, 0, { authSecret, records: apiRecords });
    api.app.useLogger(apiLogger);
    stops.push(['HTTP API', () => api.app.close()]);
    return {
      base: api.url,
      authSecret,
      temporalAddress: settings.address,
      namespace: settings.namespace,
      taskQueue: settings.taskQueue,
      workerError: () => workerError,
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}

/** Core's warnings (query tasks expiring under load, cache evictions) are left out; its errors and the SDK's warnings are summarised. */
export function installQuietRuntime(): void {
  Runtime.install({
    logger: new DefaultLogger('WARN', logWorkerEntry),
    telemetryOptions: { logging: { filter: { core: 'ERROR', other: 'ERROR' }, forward: {} } },
  });
}
