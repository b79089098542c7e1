/**
 * `npm run records -- prune` on a database of this file's own (a prune removes globally): what is
 * past its keep-until day is listed by --dry-run and removed, with its audit trail, by --delete
 * alone; a bare `prune` refuses; the keep-until day itself is still kept. Once through the real
 * command line as an operator runs it.
 */
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { archiveRecord, migrate, openDatabase, recordTransitions, type Database } from '../../db';
import { parsePruneArgs, runPrune, UsageError, type PruneMode } from '../../scripts/records/prune';
import { isPortFree } from '../../scripts/lib/server-process';
import { servicesWithOwnDatabase, type TestServices } from '../support/services';

const ROOT = resolve(__dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', '.bin', 'tsx');
const TODAY = '2026-03-01';

let services: TestServices;
let db: Database;

/** A closed workflow's record with `auditEntries` transitions in its chain. */
async function seed(workflowId: string, keepUntil: string, auditEntries: number): Promise<void> {
  const chainId = `run-${workflowId}`;
  await archiveRecord(db, {
    workflowId,
    chainId,
    machine: 'application',
    policyKey: 'daqing-2018',
    year: 2015,
    orgId: 'org-1',
    stage: 'closed',
    view: { stage: 'closed' },
    closedAt: '2015-12-20T02:00:00.000Z',
    keepUntil,
    retentionSource: 'policy',
  });
  await transitions(workflowId, chainId, auditEntries);
}

async function transitions(workflowId: string, chainId: string, count: number): Promise<void> {
  await recordTransitions(db, {
    workflowId,
    chainId,
    machine: 'application',
    policyKey: 'daqing-2018',
    orgId: 'org-1',
    transitions: Array.from({ length: count }, (_, i) => ({ seq: i + 1, event: `E${i + 1}`, stageBefore: `s${i}`, stageAfter: `s${i + 1}`, at: Date.UTC(2015, 5, 1 + i) })),
  });
}

async function contents(): Promise<{ records: string[]; audit: Record<string, number> }> {
  const records = await db.query<{ workflow_id: string }>('SELECT workflow_id FROM archived_records ORDER BY workflow_id');
  const audit = await db.query<{ workflow_id: string; n: string }>('SELECT workflow_id, count(*) AS n FROM audit_trail GROUP BY workflow_id ORDER BY workflow_id');
  return { records: records.map((r) => r.workflow_id), audit: Object.fromEntries(audit.map((r) => [r.workflow_id, Number(r.n)])) };
}

function prune(mode: PruneMode, limit = 10_000) {
  const lines: string[] = [];
  return runPrune({ db, today: TODAY, mode, limit, out: (line) => lines.push(line) }).then((result) => ({ ...result, lines }));
}

function cli(args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(TSX, ['scripts/records.ts', ...args], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => resolveRun({ code, stdout, stderr }));
  });
}

const ALL = {
  records: ['application/future', 'application/old-a', 'application/old-b', 'application/today'],
  audit: { 'application/future': 1, 'application/old-a': 3, 'application/old-b': 2, 'application/running': 2, 'application/today': 2 },
};

beforeAll(async () => {
  services = await servicesWithOwnDatabase('records_prune');
  db = openDatabase(services.databaseUrl, { max: 2, allowExitOnIdle: true });
  await migrate(db);
});

afterAll(async () => {
  await db?.close();
});

beforeEach(async () => {
  await db.query('TRUNCATE archived_records, audit_trail');
  await seed('application/old-a', '2025-12-31', 3);
  await seed('application/old-b', '2026-02-28', 2);
  await seed('application/today', TODAY, 2);
  await seed('application/future', '2036-12-31', 1);
  // A workflow still running: audit rows, no record. No prune touches them.
  await transitions('application/running', 'run-running', 2);
  expect(await contents()).toEqual(ALL);
});

describe('prune arguments', () => {
  it('refuse a prune without --dry-run or --delete, or with both', () => {
    expect(() => parsePruneArgs([])).toThrow(UsageError);
    expect(() => parsePruneArgs([])).toThrow(/--delete/);
    expect(() => parsePruneArgs(['--today', TODAY])).toThrow(UsageError);
    expect(() => parsePruneArgs(['--dry-run', '--delete'])).toThrow(UsageError);
    expect(() => parsePruneArgs(['--delete', 'now'])).toThrow(UsageError);
    expect(() => parsePruneArgs(['--force'])).toThrow(UsageError);
  });

  it('refuse a malformed day or limit', () => {
    for (const day of ['2026-02-30', '20260301', '2026-3-1', 'tomorrow', '']) expect(() => parsePruneArgs(['--dry-run', '--today', day]), day).toThrow(UsageError);
    for (const limit of ['0', '-1', '1.5', 'ten', '']) expect(() => parsePruneArgs(['--delete', '--limit', limit]), limit).toThrow(UsageError);
  });

  it("take today in China time by default, and the day and limit given", () => {
    // 16:30 UTC on 28 February is already 1 March in Beijing.
    expect(parsePruneArgs(['--dry-run'], Date.UTC(2026, 1, 28, 16, 30))).toEqual({ mode: 'dry-run', today: '2026-03-01', limit: 10_000 });
    expect(parsePruneArgs(['--dry-run'], Date.UTC(2026, 1, 28, 15, 59))).toEqual({ mode: 'dry-run', today: '2026-02-28', limit: 10_000 });
    expect(parsePruneArgs(['--delete', '--today', '2040-01-01', '--limit', '5'])).toEqual({ mode: 'delete', today: '2040-01-01', limit: 5 });
  });
});

describe('runPrune', () => {
  it('--dry-run lists exactly the records past their keep-until day, with their audit entries, and changes nothing', async () => {
    const result = await prune('dry-run');
    expect(result.listed.map((r) => [r.workflowId, r.keepUntil, r.auditEntries])).toEqual([
      ['application/old-a', '2025-12-31', 3],
      ['application/old-b', '2026-02-28', 2],
    ]);
    expect(result.removed).toBeUndefined();
    expect(result.more).toBe(false);
    const out = result.lines.join('\n');
    expect(out).toMatch(/application\/old-a\s+application\s+2015-12-20T10:00:00\+08:00\s+2025-12-31\s+3/);
    expect(out).toContain('total: 2 records, 5 audit entries');
    expect(out).toContain('nothing was removed (--dry-run)');
    expect(out).not.toContain('application/today');
    expect(await contents()).toEqual(ALL);
  });

  it('--delete removes exactly those with their audit trails; the keep-until day itself, later days and running workflows stay', async () => {
    const result = await prune('delete');
    expect(result.listed.map((r) => r.workflowId)).toEqual(['application/old-a', 'application/old-b']);
    expect(result.removed).toEqual({ records: 2, auditEntries: 5 });
    expect(result.lines.join('\n')).toContain('removed 2 records, 5 audit entries');
    expect(await contents()).toEqual({
      records: ['application/future', 'application/today'],
      audit: { 'application/future': 1, 'application/running': 2, 'application/today': 2 },
    });
    // Nothing left to remove on the same day.
    expect((await prune('delete')).removed).toEqual({ records: 0, auditEntries: 0 });
  });

  it('--limit removes at most that many and says there may be more', async () => {
    const result = await prune('delete', 1);
    expect(result.removed).toEqual({ records: 1, auditEntries: 3 });
    expect(result.more).toBe(true);
    expect(result.lines.join('\n')).toContain('reached --limit 1');
    expect((await contents()).records).toEqual(['application/future', 'application/old-b', 'application/today']);
  });
});

describe('npm run records', () => {
  it('prune --dry-run --today lists what that day would allow, changing nothing; a bare prune refuses with exit 2', async () => {
    const env = { ...process.env, DATABASE_URL: services.databaseUrl };
    const [dryRun, later, bare] = await Promise.all([
      cli(['prune', '--dry-run', '--today', TODAY], env),
      cli(['prune', '--dry-run', '--today', '2037-01-01'], env),
      cli(['prune'], env),
    ]);
    expect(dryRun.code, dryRun.stderr).toBe(0);
    expect(dryRun.stdout).toContain('application/old-a');
    expect(dryRun.stdout).toContain('application/old-b');
    expect(dryRun.stdout).not.toContain('application/today');
    expect(dryRun.stdout).toContain('total: 2 records, 5 audit entries');
    expect(later.code, later.stderr).toBe(0);
    expect(later.stdout).toContain('total: 4 records, 8 audit entries');
    expect(bare.code).toBe(2);
    expect(bare.stderr).toContain('prune needs --dry-run (list only) or --delete (remove)');
    expect(bare.stderr).toContain('用法 / Usage:');
    expect(await contents()).toEqual(ALL);
  });

  it('migrates a fresh database first, and says to start the system or set DATABASE_URL when none answers', async () => {
    const fresh = await servicesWithOwnDatabase('records_prune_fresh');
    let closedPort = 0;
    for (let port = 20_000 + Math.floor(Math.random() * 10_000); closedPort === 0; port++) if (await isPortFree(port, '127.0.0.1')) closedPort = port;
    const embeddedOnly: NodeJS.ProcessEnv = { ...process.env, PGPORT_EMBEDDED: String(closedPort) };
    delete embeddedOnly.DATABASE_URL;
    const [onFresh, unreachable] = await Promise.all([
      cli(['prune', '--delete', '--today', TODAY], { ...process.env, DATABASE_URL: fresh.databaseUrl }),
      cli(['prune', '--dry-run'], embeddedOnly),
    ]);
    expect(onFresh.code, onFresh.stderr).toBe(0);
    expect(onFresh.stdout).toContain('removed 0 records, 0 audit entries');
    expect(unreachable.code).toBe(1);
    expect(unreachable.stderr).toContain(`127.0.0.1:${closedPort}`);
    expect(unreachable.stderr).toContain('start the system (npm start)');
    expect(unreachable.stderr).toContain('set DATABASE_URL');
  });
});
