/**
 * `npm start` as an operator meets it: the real entry (npm → sh → tsx → node, or tsx alone), its
 * embedded Temporal dev server and PostgreSQL, on a DATA_DIR and ports of this test's own. One
 * DATA_DIR serves every case, as an operator's does across restarts.
 */
import { mkdirSync, mkdtempSync, chmodSync, rmSync, statSync, writeFileSync, existsSync } from 'node:fs';
import { createServer, type Server } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { commandLine, findProcesses, parentOf } from '../../scripts/lib/processes';
import { namespaceRetentionDays } from '../../scripts/temporal/dev-server';
import { busyPorts, closedWithin, killAll, launch, pickPorts, running, startEnv, until, waitUntilReady, type Ports, type StartRun } from './start-harness';

/** A first start bundles the workflows and initialises a cluster: allow for a slow, busy machine. */
const READY_MS = 180_000;
const STOPPED_MS = 60_000;

let root: string;
let dataDir: string;
let ports: Ports;
let env: NodeJS.ProcessEnv;
/** Everything this file started, to be killed if a test fails half-way. */
const started = new Set<number>();
const runs: StartRun[] = [];

function launchStart(how: 'npm' | 'tsx', environment = env): StartRun {
  const run = launch(how, environment);
  runs.push(run);
  if (run.launcher.pid) started.add(run.launcher.pid);
  return run;
}

async function ready(run: StartRun) {
  const pids = await waitUntilReady(run, READY_MS);
  for (const pid of [pids.start, pids.temporal, pids.postgres]) started.add(pid);
  return pids;
}

/** The lines of the orderly stop, in the order printed. */
function stopLines(run: StartRun): string[] {
  return run.lines.filter((line) => /^\[start\] stopped /.test(line) || line === '[start] stopped');
}

function expectOrderlyStop(run: StartRun): void {
  const order = stopLines(run);
  const at = (what: string) => order.indexOf(`[start] stopped ${what}`);
  expect(at('the API'), run.output()).toBeGreaterThanOrEqual(0);
  expect(at('the API')).toBeLessThan(at('the worker'));
  expect(at('the worker')).toBeLessThan(at('the SMTP sink'));
  expect(at('the SMTP sink')).toBeLessThan(at('PostgreSQL'));
  expect(at('PostgreSQL')).toBeLessThan(at('the Temporal dev server'));
  expect(order.at(-1)).toBe('[start] stopped');
}

async function expectNothingLeft(pids: number[]): Promise<void> {
  await until(`pids ${pids.join(', ')} are gone`, () => running(pids).length === 0, STOPPED_MS);
  await until(`ports ${Object.values(ports).join(', ')} are free`, async () => (await busyPorts(ports)).length === 0, 10_000);
}

const modeOf = (path: string) => statSync(path).mode & 0o777;

/** The retention the running dev server reports for the namespace, and the line the start printed about it. */
async function expectRetention(run: StartRun, days: number): Promise<void> {
  expect(run.output()).toContain(`[start] Temporal namespace default keeps closed workflows ${days} days (TEMPORAL_RETENTION_DAYS)`);
  const connection = await Connection.connect({ address: `127.0.0.1:${ports.temporal}` });
  try {
    expect(await namespaceRetentionDays(connection, 'default')).toBe(days);
  } finally {
    await connection.close();
  }
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'quality-award-ops-'));
  // As root, the embedded PostgreSQL runs as `postgres`, which must be able to walk down to DATA_DIR.
  chmodSync(root, 0o711);
  dataDir = join(root, 'data');
  ports = await pickPorts();
  env = startEnv(dataDir, ports);
  // The default retention is what the first starts must set.
  delete env.TEMPORAL_RETENTION_DAYS;
});

afterAll(async () => {
  // Only on failure is anything still there; the watchdogs of the starts we killed are gone with them.
  const watchdogs = [...started].flatMap((pid) => findProcesses((argv) => argv[0] === '/bin/sh' && argv.join(' ').includes("trap '' INT HUP TERM")).filter((w) => parentOf(w) === pid));
  for (const run of runs) {
    try {
      if (run.launcher.pid) process.kill(-run.launcher.pid, 'SIGKILL');
    } catch {
      // The group is gone.
    }
  }
  killAll([...started, ...watchdogs]);
  rmSync(root, { recursive: true, force: true });
});

describe('npm start as a process', () => {
  it('fails at once on a busy port, naming the port and its variable, before starting anything', async () => {
    const squatters: Server[] = [];
    for (const port of [ports.api, ports.smtp]) {
      const server = createServer();
      await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
      squatters.push(server);
    }
    try {
      const began = Date.now();
      const run = launchStart('tsx');
      const exit = await closedWithin(run, 30_000, 'its start');
      const elapsed = Date.now() - began;
      expect(exit.code, run.output()).toBe(1);
      expect(run.output()).toContain(`Port ${ports.api} (HTTP API) is already in use: stop whatever listens there, or set PORT to a free port.`);
      expect(run.output()).toContain(`Port ${ports.smtp} (SMTP sink) is already in use: stop whatever listens there, or set SMTP_SINK_PORT to a free port.`);
      // Nothing was started: no server printed, no data written, no server process on our files.
      expect(run.output()).not.toMatch(/Temporal dev server \(pid|embedded PostgreSQL \(pid|initialising/);
      expect(existsSync(dataDir)).toBe(false);
      expect(findProcesses((argv) => argv.join(' ').includes(dataDir))).toEqual([]);
      // Loading the code takes a couple of seconds; starting Temporal and PostgreSQL would take far more.
      expect(elapsed).toBeLessThan(20_000);
    } finally {
      await Promise.all(squatters.map((server) => new Promise((resolve) => server.close(resolve))));
    }
  }, 60_000);

  it('keeps DATA_DIR private, and SIGTERM to npm stops the API, the worker, then the servers, leaving nothing behind', async () => {
    // What an earlier version left: world-readable directories and files.
    mkdirSync(join(dataDir, 'mail'), { recursive: true, mode: 0o755 });
    chmodSync(dataDir, 0o755);
    chmodSync(join(dataDir, 'mail'), 0o755);
    writeFileSync(join(dataDir, 'mail', 'old.eml'), 'Subject: old\r\n\r\nold\r\n', { mode: 0o644 });
    chmodSync(join(dataDir, 'mail', 'old.eml'), 0o644);

    const run = launchStart('npm');
    const pids = await ready(run);
    // The dev server's own default would forget a closed workflow after a day.
    await expectRetention(run, 30);

    // Group and others may neither read nor write anything; run as root, the postgres group may only enter.
    expect(modeOf(dataDir) & 0o067).toBe(0);
    expect(modeOf(dataDir) & 0o700).toBe(0o700);
    for (const file of ['temporal.db', 'auth-secret', 'mail/old.eml']) expect([file, modeOf(join(dataDir, file))]).toEqual([file, 0o600]);
    expect(modeOf(join(dataDir, 'mail'))).toBe(0o700);
    expect(modeOf(join(dataDir, 'postgres')) & 0o077).toBe(0);

    expect(run.launcher.pid).not.toBe(pids.start);
    process.kill(run.launcher.pid!, 'SIGTERM');
    await closedWithin(run, STOPPED_MS, 'SIGTERM to npm');
    // npm passes SIGTERM to the start process (`exec tsx` in package.json); should that ever not
    // happen, the start process notices its launcher has gone. Either way: the orderly stop.
    expect(run.output()).toMatch(/\[start\] (?:SIGTERM|.*, which launched us, has ended): stopping the API, the worker and the servers/);
    expectOrderlyStop(run);
    await expectNothingLeft([pids.start, pids.temporal, pids.postgres]);
  }, READY_MS + 3 * STOPPED_MS);

  it('after kill -9 the servers go down by themselves; leftovers of a start killed with its watchdog are stopped by the next start', async () => {
    // kill -9 of the process that spawned the servers: its watchdog stops them.
    const first = launchStart('tsx');
    const a = await ready(first);
    process.kill(a.start, 'SIGKILL');
    await expectNothingLeft([a.start, a.temporal, a.postgres]);
    await closedWithin(first, STOPPED_MS, 'kill -9 of the start process');

    // The same DATA_DIR starts again; then it dies with its watchdog, which leaves the servers behind.
    const second = launchStart('tsx');
    const b = await ready(second);
    const watchdogs = findProcesses((argv) => argv[0] === '/bin/sh' && argv.join(' ').includes("trap '' INT HUP TERM")).filter((pid) => parentOf(pid) === b.start);
    expect(watchdogs).toHaveLength(1);
    process.kill(watchdogs[0]!, 'SIGKILL');
    process.kill(b.start, 'SIGKILL');
    await closedWithin(second, STOPPED_MS, 'kill -9 of the start process');
    await new Promise((resolve) => setTimeout(resolve, 2_000));
    expect(running([b.temporal, b.postgres])).toEqual([b.temporal, b.postgres]);

    // The next start recognises them as ours (postmaster.pid, the dev server's --db-filename), stops them and starts;
    // the retention it is given applies to the namespace kept in temporal.db.
    const third = launchStart('tsx', { ...env, TEMPORAL_RETENTION_DAYS: '7' });
    const c = await ready(third);
    await expectRetention(third, 7);
    expect(third.output()).toContain(`[start] stopping a Temporal dev server left running on ${join(dataDir, 'temporal.db')} (pid ${b.temporal})`);
    expect(third.output()).toContain(`[start] stopping a PostgreSQL left running on ${join(dataDir, 'postgres')} (pid ${b.postgres})`);
    expect(running([b.temporal, b.postgres])).toEqual([]);
    expect((await fetch(`${c.apiUrl}/health`)).status).toBe(200);

    // A start that is alive is not a leftover: a second start on its DATA_DIR is refused and touches nothing.
    const intruder = launchStart('tsx', startEnv(dataDir, await pickPorts()));
    expect((await closedWithin(intruder, 30_000, 'its start')).code, intruder.output()).toBe(1);
    expect(intruder.output()).toContain(`${dataDir} is in use by another npm start (pid ${c.start})`);
    expect(running([c.start, c.temporal, c.postgres])).toEqual([c.start, c.temporal, c.postgres]);
    expect(commandLine(c.postgres)?.join(' ')).toContain(join(dataDir, 'postgres'));

    // SIGTERM to the start process itself: the same orderly stop as Ctrl-C.
    process.kill(c.start, 'SIGTERM');
    await closedWithin(third, STOPPED_MS, 'SIGTERM');
    expect(third.output()).toContain('[start] SIGTERM: stopping the API, the worker and the servers');
    expectOrderlyStop(third);
    await expectNothingLeft([c.start, c.temporal, c.postgres]);
  }, 3 * READY_MS + 4 * STOPPED_MS);
});
