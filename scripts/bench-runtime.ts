/**
 * `npm run bench:runtime`: update throughput and latency through the durable XState runtime,
 * against a bare Temporal update on a no-op workflow, on one dev server in one run.
 * Target (issue 3): the runtime keeps at least 80% of the bare throughput. Prints, asserts nothing.
 * A third side runs the same machine with its view kept in the memo, as the award machines do, to
 * show what the memo costs a machine whose view changes with every update.
 *
 * Fairness: both sides get the same uncounted warm-up (full-size rounds on fresh workflows) before
 * anything is measured. The measured rounds then alternate the order: odd rounds measure bare,
 * runtime, memo, even rounds the reverse, each side on fresh workflows started (and primed with
 * untimed updates: SUBMIT and APPROVE for the runtime, one no-op for bare, so neither side's timed
 * updates wait on a first workflow task) before its clock starts, and terminated after it stops.
 * The ratio is runtime ÷ bare updates/s over the summed rounds of this one run; p50/p99 per side are
 * over all its measured updates.
 *
 * Options (env):
 *   BENCH_WORKFLOWS       concurrent workflows per side and round (default 20)
 *   BENCH_UPDATES         sequential updates per workflow (default 25)
 *   BENCH_ROUNDS          measured rounds, each side once per round, order alternating (default 4;
 *                         an even number gives each side the first slot equally often)
 *   BENCH_WARMUP_ROUNDS   uncounted warm-up rounds, same size, both sides (default 1)
 */
import { randomUUID } from 'node:crypto';
import { join } from 'node:path';
import { Client, Connection, type WorkflowHandle } from '@temporalio/client';
import { DefaultLogger, NativeConnection, Runtime, Worker } from '@temporalio/worker';
import { connectActivityDeps, createActivities } from '../activities';
import { DEFAULT_FROM } from '../config/mail';
import { sendEventUpdate } from '../workflows/runtime/definitions';
import { bareUpdate } from './bench/workflows';
import { startThrowawayServices } from './postgres/throwaway';
import { startDevServer } from './temporal/dev-server';

function countFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min) throw new Error(`${name} must be an integer ≥ ${min}, got "${raw}"`);
  return value;
}

const WORKFLOWS = countFromEnv('BENCH_WORKFLOWS', 20, 1);
const UPDATES = countFromEnv('BENCH_UPDATES', 25, 1);
const ROUNDS = countFromEnv('BENCH_ROUNDS', 4, 1);
const WARMUP_ROUNDS = countFromEnv('BENCH_WARMUP_ROUNDS', 1, 0);

type Side = 'bare' | 'runtime' | 'memo';

const LABELS: Record<Side, string> = {
  bare: 'bare update (no-op workflow)',
  runtime: 'durable XState runtime',
  memo: 'runtime, view kept in the memo',
};

/** Round r's order: forwards on even rounds, backwards on odd ones, so each side leads and trails alike. */
function orderOf(round: number): Side[] {
  const sides: Side[] = ['bare', 'runtime', 'memo'];
  return round % 2 === 0 ? sides : sides.reverse();
}

interface Sample {
  seconds: number;
  /** Per-update latencies in ms, sorted. */
  latencies: number[];
}

interface SidePath {
  /** Starts one workflow and brings it to where the timed updates apply, untimed. */
  start(): Promise<WorkflowHandle>;
  /** One timed update; its result is not looked at. */
  send(handle: WorkflowHandle, i: number): Promise<unknown>;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

/** Fresh workflows for one side, timed updates on them, then the workflows are terminated (untimed). */
async function measure(path: SidePath): Promise<Sample> {
  const handles = await Promise.all(Array.from({ length: WORKFLOWS }, () => path.start()));
  const latencies: number[] = [];
  let seconds: number;
  try {
    const started = performance.now();
    await Promise.all(
      handles.map(async (handle) => {
        for (let i = 0; i < UPDATES; i += 1) {
          const t0 = performance.now();
          await path.send(handle, i);
          latencies.push(performance.now() - t0);
        }
      }),
    );
    seconds = (performance.now() - started) / 1000;
  } finally {
    await Promise.allSettled(handles.map((handle) => handle.terminate('benchmark round done')));
  }
  latencies.sort((a, b) => a - b);
  return { seconds, latencies };
}

function row(label: string, side: Side, sample: Sample): string {
  const n = sample.latencies.length;
  const perSecond = n / sample.seconds;
  return `| ${label} | ${LABELS[side]} | ${n} | ${sample.seconds.toFixed(2)} | ${perSecond.toFixed(1)} | ${percentile(sample.latencies, 50).toFixed(1)} | ${percentile(sample.latencies, 99).toFixed(1)} |`;
}

function total(samples: Sample[]): Sample {
  return {
    seconds: samples.reduce((sum, s) => sum + s.seconds, 0),
    latencies: samples.flatMap((s) => s.latencies).sort((a, b) => a - b),
  };
}

async function main(): Promise<void> {
  Runtime.install({ logger: new DefaultLogger('WARN') });
  const server = await startDevServer({ port: 0, uiPort: null });
  // The runtime's effects are the real activities, so its figures include their database writes.
  const services = await startThrowawayServices();
  const deps = await connectActivityDeps(
    { databaseUrl: services.databaseUrl, external: true, embeddedPort: 0 },
    { smtpUrl: services.smtpUrl, external: true, from: DEFAULT_FROM, roles: { office: 'office@example.gov.cn' } },
  );
  const taskQueue = `bench-${randomUUID()}`;
  const nativeConnection = await NativeConnection.connect({ address: server.address });
  const worker = await Worker.create({
    connection: nativeConnection,
    taskQueue,
    workflowsPath: join(__dirname, 'bench', 'workflows.ts'),
    activities: createActivities(deps),
  });
  const connection = await Connection.connect({ address: server.address });
  const client = new Client({ connection });

  const runtimePath = (workflowType: string): SidePath => ({
    async start() {
      const handle = await client.workflow.start(workflowType, {
        taskQueue,
        workflowId: `bench/${workflowType}/${randomUUID()}`,
        args: [{ machineInput: { noticeId: 'bench', title: '基准', publicityDays: 3650, validityDays: 3650 } }],
      });
      await handle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'SUBMIT' } }] });
      await handle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'APPROVE' } }] });
      return handle;
    },
    send: (h, i) => h.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'NOTE', text: `n${i}` } }] }),
  });
  const paths: Record<Side, SidePath> = {
    runtime: runtimePath('demoNoticeWorkflow'),
    memo: runtimePath('demoNoticeMemoWorkflow'),
    bare: {
      async start() {
        const handle = await client.workflow.start('bareWorkflow', { taskQueue, workflowId: `bench/bare/${randomUUID()}`, args: [] });
        await handle.executeUpdate(bareUpdate, { args: [{ text: 'prime' }] });
        return handle;
      },
      send: (h, i) => h.executeUpdate(bareUpdate, { args: [{ text: `n${i}` }] }),
    },
  };

  try {
    await worker.runUntil(async () => {
      console.log(
        `\n${WORKFLOWS} workflows × ${UPDATES} sequential updates each, concurrent across workflows, on one dev server;` +
          ` ${WARMUP_ROUNDS} uncounted warm-up round(s), then ${ROUNDS} measured round(s), order alternating (ABBA), fresh workflows each time\n`,
      );
      // Warm-up: bundle loaded, connections, caches and JIT hot for both sides, same work each.
      for (let w = 0; w < WARMUP_ROUNDS; w += 1) {
        for (const side of orderOf(w)) await measure(paths[side]);
      }

      console.log('| round | path | updates | seconds | updates/s | p50 ms | p99 ms |');
      console.log('|---|---|---:|---:|---:|---:|---:|');
      const samples: Record<Side, Sample[]> = { bare: [], runtime: [], memo: [] };
      for (let r = 0; r < ROUNDS; r += 1) {
        for (const side of orderOf(r)) {
          const sample = await measure(paths[side]);
          samples[side].push(sample);
          console.log(row(`${r + 1}`, side, sample));
        }
      }

      const bare = total(samples.bare);
      const runtime = total(samples.runtime);
      console.log(`\nTotals over ${ROUNDS} round(s):\n`);
      console.log('| | path | updates | seconds | updates/s | p50 ms | p99 ms |');
      console.log('|---|---|---:|---:|---:|---:|---:|');
      console.log(row('total', 'bare', bare));
      console.log(row('total', 'runtime', runtime));
      const memo = total(samples.memo);
      console.log(row('total', 'memo', memo));
      const throughput = (t: Sample) => t.latencies.length / t.seconds;
      const ratio = throughput(runtime) / throughput(bare);
      console.log(`\nruntime / bare throughput: ${(ratio * 100).toFixed(1)}% (target ≥ 80%: ${ratio >= 0.8 ? 'met' : 'NOT met'})`);
      // The award machines keep their view in the memo, which every update that changes it rewrites.
      console.log(`runtime with the view in the memo / bare: ${((throughput(memo) / throughput(bare)) * 100).toFixed(1)}% (the memo's cost on a machine whose view changes with every update)`);
    });
  } finally {
    await connection.close();
    await nativeConnection.close();
    await server.stop();
    await deps.close();
    await services.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
