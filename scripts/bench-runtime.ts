/**
 * `npm run bench:runtime`: update throughput and latency through the durable XState runtime,
 * against a bare Temporal update on a no-op workflow, on one dev server in one run.
 * Target (issue 3): the runtime keeps at least 80% of the bare throughput. Prints, asserts nothing.
 *
 * Options (env): BENCH_WORKFLOWS (default 20), BENCH_UPDATES (per workflow, default 25).
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

const WORKFLOWS = Number(process.env.BENCH_WORKFLOWS ?? 20);
const UPDATES = Number(process.env.BENCH_UPDATES ?? 25);

interface Figures {
  name: string;
  updates: number;
  seconds: number;
  perSecond: number;
  p50: number;
  p99: number;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function measure(name: string, handles: WorkflowHandle[], send: (h: WorkflowHandle, i: number) => Promise<unknown>): Promise<Figures> {
  const latencies: number[] = [];
  const started = performance.now();
  await Promise.all(
    handles.map(async (handle) => {
      for (let i = 0; i < UPDATES; i += 1) {
        const t0 = performance.now();
        await send(handle, i);
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const seconds = (performance.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return { name, updates: latencies.length, seconds, perSecond: latencies.length / seconds, p50: percentile(latencies, 50), p99: percentile(latencies, 99) };
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

  try {
    await worker.runUntil(async () => {
      const startRuntime = async () => {
        const handle = await client.workflow.start('demoNoticeWorkflow', {
          taskQueue,
          workflowId: `bench/runtime/${randomUUID()}`,
          args: [{ machineInput: { noticeId: 'bench', title: '基准', publicityDays: 3650, validityDays: 3650 } }],
        });
        await handle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'SUBMIT' } }] });
        await handle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'APPROVE' } }] });
        return handle;
      };
      const startBare = () => client.workflow.start('bareWorkflow', { taskQueue, workflowId: `bench/bare/${randomUUID()}`, args: [] });
      const runtimeSend = (h: WorkflowHandle, i: number) => h.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'NOTE', text: `n${i}` } }] });
      const bareSend = (h: WorkflowHandle, i: number) => h.executeUpdate(bareUpdate, { args: [{ text: `n${i}` }] });

      // Warm-up: bundle loaded, connections and caches hot for both kinds.
      await measure('warm-up', await Promise.all([startRuntime(), startRuntime()]), runtimeSend);
      await measure('warm-up', await Promise.all([startBare(), startBare()]), bareSend);

      const bare = await measure('bare update (no-op workflow)', await Promise.all(Array.from({ length: WORKFLOWS }, startBare)), bareSend);
      const runtime = await measure('durable XState runtime', await Promise.all(Array.from({ length: WORKFLOWS }, startRuntime)), runtimeSend);

      console.log(`\n${WORKFLOWS} workflows × ${UPDATES} sequential updates each, concurrent across workflows, on one dev server\n`);
      console.log('| path | updates | seconds | updates/s | p50 ms | p99 ms |');
      console.log('|---|---:|---:|---:|---:|---:|');
      for (const f of [bare, runtime]) {
        console.log(`| ${f.name} | ${f.updates} | ${f.seconds.toFixed(2)} | ${f.perSecond.toFixed(1)} | ${f.p50.toFixed(1)} | ${f.p99.toFixed(1)} |`);
      }
      const ratio = runtime.perSecond / bare.perSecond;
      console.log(`\nruntime / bare throughput: ${(ratio * 100).toFixed(1)}% (target ≥ 80%: ${ratio >= 0.8 ? 'met' : 'NOT met'})`);
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
