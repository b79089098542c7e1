/**
 * The README's award walk-through ("## Award API", "Walk-through: one cycle, one applicant"), read
 * from the README itself and run step by step with the very request bodies in examples/<policyKey>/,
 * through HTTP, for each of the four jurisdictions:
 *
 * - against the system as `npm start` runs it (tests/support/system.ts: the Temporal dev server in
 *   real time, the worker, the API): every step up to the first period that runs for days, i.e.
 *   eligibility, both reviews and the proposal into a running publicity; Benxi up to its publicised
 *   accepted list (5 working days before material review);
 * - on Temporal's time-skipping test server with the same worker and API, where those periods are
 *   skipped: every step, to approval and the closed cycle.
 *
 * The test only adds the waits a person does not notice (a report reaching the cycle, a stage
 * reaching the application) and checks what each step answers. It also checks that the examples are
 * the ones /docs-json shows and that the README names every file and every attestation key.
 *
 * Dates: the example cycle's `applicationDeadline` is a fixed instant. When it is less than a day
 * ahead, the test sends one a week ahead instead, and gives `profitByYear` the years eligibility then
 * looks back on, as the README tells a person to do by hand.
 */
import { randomUUID } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectActivityDeps } from '../../activities';
import { chineseDaysCalendar, enterCalendarYear, loadWorkingDayCalendar } from '../../activities/calendar/index.js';
import type { Role } from '../../api/auth/roles';
import { signToken } from '../../api/auth/tokens';
import { profileOf, submitApplicationSchema } from '../../api/awards/applications/applications.schemas';
import { createCycleSchema } from '../../api/awards/cycles/cycles.schemas';
import { startApi, type ApiServer } from '../../api/server';
import type { Database } from '../../db';
import { SCORE_WEIGHTS } from '../../workflows/machines/application/rules';
import { nextStage, type StageBeforeDeliberation } from '../../workflows/machines/cycle/rules';
import { POLICY_KEYS, attestationCriteria, checkEligibility, chinaDateOf, loadPolicy, parseIsoDate, reviewStep } from '../../workflows/policy/index.js';
import { madeUpYear } from '../calendar/fixtures';
import { eventually } from '../support/eventually';
import { servicesWithOwnDatabase, testMailSettings, testRecordsSettings } from '../support/services';
import { http, startSystem, type HttpResult, type RunningSystem } from '../support/system';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';

const ROOT = join(__dirname, '../..');
const DAY = 86_400_000;

// ---------------------------------------------------------------------------------------------
// The walk-through as the README writes it
// ---------------------------------------------------------------------------------------------

/** The README's "## Award API" section. */
function awardSection(): string {
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const start = readme.indexOf('\n## Award API');
  expect(start, 'README has a "## Award API" section').toBeGreaterThanOrEqual(0);
  const end = readme.indexOf('\n## ', start + 1);
  return readme.slice(start, end < 0 ? undefined : end);
}

/** The shell block of the walk-through, continuation lines joined, comments dropped. */
function walkThroughScript(): string[] {
  const block = /### Walk-through[^\n]*\n[\s\S]*?```sh\n([\s\S]*?)```/.exec(awardSection())?.[1];
  expect(block, 'the walk-through has a ```sh block').toBeDefined();
  return block!
    .replace(/\\\n\s*/g, ' ')
    .split('\n')
    .map((line) => line.replace(/(^|\s)#.*$/, '').trim())
    .filter((line) => line.length > 0);
}

interface Caller {
  role: Role;
  sub: string;
  org?: string;
}

interface Step {
  /** The README's command, for failure messages. */
  command: string;
  method: string;
  /** With `$P` in place. */
  pathTemplate: string;
  /** A variable of the script holding a token, or null (no token). */
  caller: string | null;
  idempotencyKey?: string;
  /** The example file sent as the body (its name within examples/<policyKey>/). */
  file?: string;
}

/** Shell words: "…" and '…' quoted, otherwise split on blanks. */
const words = (command: string): string[] => [...command.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!);

/** The callers the script mints (`X=$(npm run -s token -- --role … --sub … [--org …])`). */
function callersOf(script: string[]): Record<string, Caller> {
  const callers: Record<string, Caller> = {};
  for (const line of script) {
    const match = /^([A-Z_]+)=\$\(npm run -s token -- (.+)\)$/.exec(line);
    if (!match) continue;
    const args = words(match[2]!);
    const option = (name: string) => {
      const i = args.indexOf(`--${name}`);
      return i >= 0 ? args[i + 1] : undefined;
    };
    const org = option('org');
    callers[match[1]!] = { role: option('role') as Role, sub: option('sub')!, ...(org ? { org } : {}) };
  }
  return callers;
}

function stepsOf(script: string[]): Step[] {
  return script
    .filter((line) => line.startsWith('curl '))
    .map((command) => {
      const args = words(command).slice(1);
      const step: Step = { command, method: 'GET', pathTemplate: '', caller: null };
      for (let i = 0; i < args.length; i++) {
        const arg = args[i]!;
        if (arg === '-X') step.method = args[++i]!;
        else if (arg === '-H') {
          const header = args[++i]!;
          const auth = /^authorization: Bearer \$([A-Z_]+)$/.exec(header);
          const key = /^Idempotency-Key: (.+)$/.exec(header);
          if (auth) step.caller = auth[1]!;
          else if (key) step.idempotencyKey = key[1]!;
          else if (header !== '$JSON') throw new Error(`unexpected header ${header} in: ${command}`);
        } else if (arg === '--data') {
          const file = /^@examples\/\$P\/([\w.-]+\.json)$/.exec(args[++i]!);
          if (!file) throw new Error(`a walk-through body must be @examples/$P/<file>.json: ${command}`);
          step.file = file[1]!;
        } else if (arg.startsWith('localhost:3000/')) step.pathTemplate = arg.slice('localhost:3000'.length);
        else throw new Error(`unexpected curl argument ${arg} in: ${command}`);
      }
      if (!step.pathTemplate) throw new Error(`no URL in: ${command}`);
      return step;
    });
}

// ---------------------------------------------------------------------------------------------
// The example files
// ---------------------------------------------------------------------------------------------

const exampleFile = (policyKey: string, file: string): any => JSON.parse(readFileSync(join(ROOT, 'examples', policyKey, file), 'utf8'));

/**
 * The body of a step as sent: the file, except a cycle whose deadline would be past (or within a
 * day) gets one a week ahead, and the application then the profits of the years looked back on.
 */
function bodyOf(policyKey: string, file: string, now: number): unknown {
  const body = exampleFile(policyKey, file);
  const cycle = exampleFile(policyKey, 'cycle.json');
  if (Date.parse(cycle.applicationDeadline) > now + DAY) return body;
  const deadline = now + 7 * DAY;
  if (file === 'cycle.json') return { ...body, applicationDeadline: new Date(deadline).toISOString() };
  if (body.profile?.profitByYear) {
    const profits: Record<string, number> = body.profile.profitByYear;
    const latest = profits[Object.keys(profits).sort().at(-1)!]!;
    const year = parseIsoDate(chinaDateOf(deadline)).year;
    for (let y = year - 3; y < year; y++) profits[String(y)] ??= latest;
  }
  return body;
}

const total = (scores: Record<string, number>) => Object.values(scores).reduce((a, b) => a + b, 0);
const round2 = (x: number) => Math.round(x * 100) / 100;
const topStage = (stage: string) => stage.split('.')[0]!;

// ---------------------------------------------------------------------------------------------
// Running it
// ---------------------------------------------------------------------------------------------

interface Target {
  base: string;
  secret: string;
  /** Temporal's time: the real clock, or the time-skipping server's. */
  now(): Promise<number>;
  /** Lets Temporal's time run to `instant`; absent where it runs in real time (the dev server). */
  skipTo?: (instant: number) => Promise<void>;
}

/** Where a walk ended: the last step run and the cycle's stage then. */
interface WalkEnd {
  lastStep: string;
  cycleStage: string;
}

async function walk(target: Target, policyKey: string): Promise<WalkEnd> {
  const policy = loadPolicy(policyKey);
  const script = walkThroughScript();
  const callers = callersOf(script);
  const steps = stepsOf(script);
  const tokens = Object.fromEntries(Object.entries(callers).map(([name, c]) => [name, signToken(c, target.secret)]));
  const call = (caller: string | null, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult> =>
    http(target.base, method, path, body, { ...(caller ? { authorization: `Bearer ${tokens[caller]}` } : {}), ...headers });
  const office = Object.keys(callers).find((name) => callers[name]!.role === 'office')!;

  const created = exampleFile(policyKey, 'cycle.json');
  const application = exampleFile(policyKey, 'application-org-a.json');
  const orgId: string = application.orgId;
  const cyclePath = `/cycles/${policyKey}/${created.year}`;
  const appPath = `/applications/${policyKey}/${created.year}/${orgId}`;
  const readCycle = () => call(office, 'GET', cyclePath).then((r) => r.body);
  const readApp = () => call(office, 'GET', appPath).then((r) => r.body);
  let lastStep = '(none)';

  for (const step of steps) {
    const path = step.pathTemplate.replaceAll('$P', policyKey);
    const what = `${policyKey}: ${step.command}`;
    const action = /\/actions\/([a-z-]+)$/.exec(path)?.[1];
    const onCycle = path.startsWith(`${cyclePath}/actions/`);
    const onApp = path.startsWith(`${appPath}/actions/`);

    // Waits a person does not notice, and the periods that run for days.
    const cycle = path.startsWith('/cycles/') || onApp ? await readCycle().catch(() => undefined) : undefined;
    if (cycle?.stage?.startsWith('acceptancePublicity') || (cycle?.stage?.startsWith('publicity') && action === 'approve')) {
      const key = topStage(cycle.stage);
      if (!target.skipTo) return { lastStep, cycleStage: cycle.stage };
      const computed = await eventually(readCycle, (c) => c.context.deadlines?.[key] !== undefined, `${policyKey}: ${key} deadline computed`);
      await target.skipTo(Date.parse(computed.context.deadlines[key]) + 60_000);
      await eventually(readCycle, (c) => topStage(c.stage) !== key, `${policyKey}: ${key} over`);
    }
    if (onApp) {
      const stage = topStage((await readCycle()).stage);
      await eventually(readApp, (a) => a.context.cycleStage === stage, `${policyKey}: ${stage} reached the application`);
    }
    if (action === 'propose-winners') {
      await eventually(
        () => call(office, 'GET', `${cyclePath}/applications?limit=500`).then((r) => r.body),
        (page) => page.items?.some((row: any) => row.orgId === orgId && row.status === 'candidate'),
        `${policyKey}: the candidate in the cycle's table`,
      );
    }

    const body = step.file ? bodyOf(policyKey, step.file, await target.now()) : undefined;
    const headers: Record<string, string> = step.idempotencyKey ? { 'idempotency-key': step.idempotencyKey } : {};
    const send = () => call(step.caller, step.method, path, body, headers);
    const stageBefore = onCycle ? (await readCycle()).stage : undefined;

    if (action === 'record-eligibility') {
      // Without the attestations: refused, naming each missing key with its wording; nothing recorded.
      const refused = await call(step.caller, 'POST', path, { eligible: true });
      expect(refused.status, `${what} without attestations: ${JSON.stringify(refused.body)}`).toBe(409);
      expect(refused.body).toMatchObject({ code: 'ELIGIBILITY_CONTRADICTS_RULES', stage: 'submitted' });
      for (const a of attestationCriteria(policy)) {
        expect(refused.body.message, what).toContain(`${a.id}「${a.message}」（${a.article}`);
        expect(refused.body.message, what).toContain(`"${a.id}": true`);
      }
      expect(Object.keys(exampleFile(policyKey, step.file!).attestations).sort(), `${what}: the file confirms every attestation key`).toEqual(
        attestationCriteria(policy).map((a) => a.id).sort(),
      );
    }

    const res =
      onCycle && (action === 'advance' || action === 'propose-winners')
        ? // A report may reach the cycle a moment after the step the application answered.
          await eventually(send, (r) => r.status !== 409 || !['APPLICATIONS_UNRESOLVED', 'PROPOSAL_INVALID'].includes(r.body.code), `${what} accepted`, 15_000)
        : await send();
    expect(res.status, `${what}: ${JSON.stringify(res.body)}`).toBe(path === '/cycles' || path.endsWith('/applications') ? 201 : 200);
    lastStep = step.command;

    // What each step answers.
    if (path === '/cycles') expect(res.body.stage, what).toBe('draft');
    else if (path.endsWith('/applications')) expect(res.body).toMatchObject({ stage: 'submitted', context: { orgId } });
    else if (path === appPath) expect(res.body).toMatchObject({ stage: 'submitted', actions: ['withdraw'] });
    else if (path.startsWith('/notices')) {
      const notices = await eventually(
        () => call(step.caller, 'GET', path).then((r) => r.body),
        (page) => page.items?.some((n: any) => n.kind === 'proposedWinners'),
        `${policyKey}: the proposed winners published`,
      );
      expect(notices.items.map((n: any) => n.kind)).toEqual(expect.arrayContaining(['announcement', 'proposedWinners']));
    } else if (onCycle) {
      const expected: Record<string, string> = {
        announce: 'applicationWindow',
        'close-applications': 'eligibilityReview',
        approve: 'awarded',
        close: 'closed',
      };
      if (action === 'advance') {
        const from = topStage(stageBefore!) as StageBeforeDeliberation;
        expect(topStage(res.body.stage), what).toBe(nextStage(policy, from));
      } else if (action === 'propose-winners') {
        expect(topStage(res.body.stage), what).toBe('publicity');
        const running = await eventually(readCycle, (c) => c.stage === 'publicity.running', `${policyKey}: publicity running`);
        expect(running.context.proposal).toMatchObject(exampleFile(policyKey, step.file!).proposal);
      } else {
        expect(res.body.stage, what).toBe(expected[action!]);
      }
    } else if (onApp) {
      const sent = exampleFile(policyKey, step.file ?? 'cycle.json');
      if (action === 'record-eligibility') expect(res.body.stage, what).toBe('eligible');
      else if (action === 'advance') expect(res.body.stage, what).toBe('advanced');
      else if (action === 'submit-score') {
        expect(res.body.context[sent.phase === 'material' ? 'materialScore' : 'onSiteScore'], what).toBe(total(sent.scores));
      } else if (action === 'conclude-on-site') {
        expect(res.body.stage, what).toBe('scored');
        const material = total(exampleFile(policyKey, 'score-material.json').scores);
        const onSite = total(exampleFile(policyKey, 'score-on-site.json').scores);
        expect(res.body.context.totalScore, what).toBe(round2(material * SCORE_WEIGHTS.material + onSite * SCORE_WEIGHTS.onSite));
      } else if (action === 'assign-reviewer') {
        expect(res.body.context.assignments, what).toContainEqual(expect.objectContaining({ reviewerId: sent.reviewerId, phase: sent.phase }));
        const reviewer = Object.values(callers).find((c) => c.role === 'reviewer');
        expect(reviewer?.sub, `${what}: the README mints the reviewer's token for ${sent.reviewerId}`).toBe(sent.reviewerId);
      }
    }
  }

  const end = await readCycle();
  expect(end.stage, policyKey).toBe('closed');
  const app = await eventually(readApp, (a) => a.stage === 'awarded', `${policyKey}: the award reached the application`);
  expect(app.context).toMatchObject({ outcome: 'awarded', tierId: Object.keys(exampleFile(policyKey, 'propose-winners.json').proposal)[0] });
  return { lastStep, cycleStage: end.stage };
}

// ---------------------------------------------------------------------------------------------
// The files, the README and /docs-json agree
// ---------------------------------------------------------------------------------------------

describe('the README walk-through and examples/', () => {
  it('are valid bodies, and org-a is eligible with the office\'s attestations, also with the dates the test substitutes once the files\' deadline has passed', () => {
    for (const now of [Date.now(), Date.parse('2027-01-15T09:00:00+08:00'), Date.parse('2029-06-30T09:00:00+08:00')]) {
      for (const key of POLICY_KEYS) {
        const cycle = createCycleSchema.parse(bodyOf(key, 'cycle.json', now));
        expect(cycle.applicationDeadline, key).toBeGreaterThan(now);
        const application = submitApplicationSchema.parse(bodyOf(key, 'application-org-a.json', now));
        const { attestations } = exampleFile(key, 'record-eligibility.json');
        const asOf = chinaDateOf(cycle.applicationDeadline);
        expect(checkEligibility(loadPolicy(key), { ...profileOf(application), attestations }, { cycle: cycle.year, asOf }), `${key} as of ${asOf}`).toEqual({ eligible: true });
      }
    }
  });

  it('sends every file of examples/<policyKey>/ and nothing else, the same files for each jurisdiction', () => {
    const sent = new Set(stepsOf(walkThroughScript()).flatMap((s) => (s.file ? [s.file] : [])));
    expect(sent.size).toBeGreaterThanOrEqual(9);
    expect(readdirSync(join(ROOT, 'examples')).sort()).toEqual([...POLICY_KEYS].sort());
    for (const key of POLICY_KEYS) expect(readdirSync(join(ROOT, 'examples', key)).sort(), key).toEqual([...sent].sort());
    // The tokens the steps use are all minted by the script.
    const callers = callersOf(walkThroughScript());
    for (const step of stepsOf(walkThroughScript())) if (step.caller) expect(callers[step.caller], step.command).toBeDefined();
  });

  it('names every attestation key of every policy, and each example confirms exactly its policy\'s keys', () => {
    const section = awardSection();
    for (const key of POLICY_KEYS) {
      const row = section.split('\n').find((line) => line.startsWith(`| \`${key}\``));
      expect(row, key).toBeDefined();
      for (const a of attestationCriteria(loadPolicy(key))) expect(row, key).toContain(`\`${a.id}\``);
      expect(Object.keys(exampleFile(key, 'record-eligibility.json').attestations).sort(), key).toEqual(attestationCriteria(loadPolicy(key)).map((a) => a.id).sort());
    }
  });
});

// ---------------------------------------------------------------------------------------------
// Against the system as `npm start` runs it
// ---------------------------------------------------------------------------------------------

describe('the walk-through against the running system (dev server, real time)', () => {
  let system: RunningSystem;

  beforeAll(async () => {
    // Its own database: the Ganzhou 2026 cycle here is also awards-api.test.ts's, on the run's shared tables.
    system = await startSystem({ services: await servicesWithOwnDatabase('examples_dev') });
  });

  afterAll(async () => {
    await system?.stop();
  });

  it('shows the example bodies in /docs-json', async () => {
    const doc = (await http(system.api.url, 'GET', '/docs-json')).body;
    const body = (path: string) => doc.paths[path].post.requestBody.content['application/json'].schema;
    const submit = body('/cycles/{policyKey}/{year}/applications');
    expect(submit.examples).toEqual(POLICY_KEYS.map((key) => exampleFile(key, 'application-org-a.json')));
    expect(submit.properties.profile.examples).toEqual([exampleFile('ganzhou-2022', 'application-org-a.json').profile]);
    const cycle = exampleFile('ganzhou-2022', 'cycle.json');
    const create = body('/cycles').properties;
    for (const field of Object.keys(cycle)) expect(create[field].examples, field).toEqual([cycle[field]]);
    const actions = body('/applications/{policyKey}/{year}/{orgId}/actions/{action}').anyOf.flatMap((s: any) => s.examples ?? []);
    for (const key of POLICY_KEYS) expect(actions, key).toContainEqual(exampleFile(key, 'record-eligibility.json'));
    expect(actions).toContainEqual(exampleFile('ganzhou-2022', 'score-material.json'));
    const cycleActions = body('/cycles/{policyKey}/{year}/actions/{action}').anyOf.flatMap((s: any) => s.examples ?? []);
    expect(cycleActions).toContainEqual(exampleFile('ganzhou-2022', 'propose-winners.json'));
  });

  for (const policyKey of POLICY_KEYS) {
    it(`${policyKey}: through eligibility, both reviews and the proposal${reviewStep(loadPolicy(policyKey), 'acceptance-publicity') ? ' (up to the accepted list\'s publicity)' : ''}`, async () => {
      const end = await walk({ base: system.api.url, secret: system.authSecret, now: async () => Date.now() }, policyKey);
      // Real time stops the walk at the first period of days: the walk above returns there.
      if (reviewStep(loadPolicy(policyKey), 'acceptance-publicity')) {
        expect(end.cycleStage).toMatch(/^acceptancePublicity/);
        expect(end.lastStep).toMatch(/actions\/advance/);
      } else {
        expect(end.cycleStage).toBe('publicity.running');
        expect(end.lastStep).toMatch(/\/notices/);
      }
    });
  }
});

// ---------------------------------------------------------------------------------------------
// On the time-skipping server, to approval
// ---------------------------------------------------------------------------------------------

describe('the whole walk-through on the time-skipping server, through the publicity periods to approval', () => {
  const taskQueue = `examples-${randomUUID()}`;
  const secret = `${randomUUID()}${randomUUID()}`;
  let worker: TimeSkippingWorker;
  let env: TestWorkflowEnvironment;
  let api: ApiServer;

  beforeAll(async () => {
    // A database of its own: the calendar years it may enter are global rows.
    const services = await servicesWithOwnDatabase('examples_walkthrough');
    const deps = await connectActivityDeps(testRecordsSettings(services), testMailSettings(services), { allowExitOnIdle: true });
    worker = await startTimeSkippingWorker(taskQueue, deps);
    env = worker.env;
    await coverWorkingDays(deps.db, (await env.currentTimeMs()) + 90 * DAY);
    api = await startApi({ address: env.address, namespace: env.namespace ?? 'default', taskQueue, external: true }, 0, { records: deps.db, authSecret: secret });
  });

  afterAll(async () => {
    await api?.app.close();
    await worker?.stop();
  });

  for (const policyKey of POLICY_KEYS) {
    it(`${policyKey}: every step, to the award and the closed cycle`, async () => {
      const target: Target = {
        base: api.url,
        secret,
        now: () => env.currentTimeMs(),
        skipTo: async (instant) => env.sleep(Math.max(0, instant - (await env.currentTimeMs()))),
      };
      const end = await walk(target, policyKey);
      expect(end).toMatchObject({ cycleStage: 'closed', lastStep: expect.stringMatching(/actions\/close /) });
      const notices = (await http(api.url, 'GET', `/notices?jurisdiction=${policyKey}&cycle=${exampleFile(policyKey, 'cycle.json').year}`)).body;
      const results = notices.items.find((n: any) => n.kind === 'results');
      expect(results?.body, policyKey).toContain(exampleFile(policyKey, 'application-org-a.json').organisationName);
    });
  }
});

/**
 * Benxi's periods are working days: the bundled calendar ends with some year, and a period reaching
 * past it waits for the office to enter the next one. Years up to `until` are entered as an office
 * would (made-up holidays), in this file's own database.
 */
async function coverWorkingDays(db: Database, until: number): Promise<void> {
  const last = parseIsoDate(chinaDateOf(until)).year;
  for (let year = Math.max(chineseDaysCalendar().coverage.lastYear, (await loadWorkingDayCalendar(db)).coverage.lastYear) + 1; year <= last; year++) {
    await enterCalendarYear(db, year, madeUpYear(year), { id: 'office-examples', role: 'office' });
  }
}
