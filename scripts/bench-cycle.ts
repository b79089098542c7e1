/**
 * `npm run bench:cycle -- --applicants N [--concurrency C] [--year Y]`: one ganzhou-2022 award
 * cycle on deadline day, driven through the HTTP API as a city would meet it. The system runs in a
 * child process, as `npm start` runs it: one Node process with the worker and the API, plus the
 * Temporal dev server, PostgreSQL and SMTP sink processes it starts, all throwaway
 * (scripts/bench/system-main.ts, spawned with tsx by scripts/bench/system-process.ts). The load
 * generator — HTTP calls, token minting, the Temporal client that reads histories, queries and
 * visibility — stays in this process, so it competes with the system for CPU only as another process
 * on the machine would, not for the system's event loop. The child is stopped when this process
 * ends, however it ends; its worker/API warnings are printed as they first occur and counted at the end.
 * Prints figures and the targets beside them; asserts nothing. Errors are counted and printed; the
 * exit code is 0 unless the benchmark itself crashes.
 *
 * Phases: create and announce the cycle; N applications submitted concurrently, each with its
 * applicant's own token; a wait until the cycle workflow has registered every submitted application
 * (its `state` query; printed as "reports reached the cycle after X s"), then reads in that quiet
 * state; the drive (eligibility, material and on-site review, deliberation, publicity, approval,
 * close) with every application taken through, then a wait until every workflow has completed;
 * reads again, in that quiet state; the histories of the cycle workflow (all runs of its
 * continue-as-new chain) and of one application.
 *
 * The publicity period is 10 calendar days (第二十一条). The worker's `computeDeadline` activity is
 * replaced by one that ends every period BENCH_PERIOD_SECONDS (default 5) after it starts, so the
 * cycle can reach approval within the run; everything else is the real system (scripts/bench/system.ts).
 *
 * Every write carries an Idempotency-Key naming its step. A step refused with a "not yet" 409 — the
 * application has not heard the cycle's new stage (CYCLE_STAGE_MISMATCH, REVIEW_PHASE_NOT_OPEN), the
 * cycle still waits for reports (APPLICATIONS_UNRESOLVED) — is retried every 200 ms and counted apart;
 * 5xx, 429 and unanswered requests are errors, retried up to 3 times under the same key (after the
 * answer's Retry-After, if any).
 *
 * Options: --applicants (1000), --concurrency (50; writes and reads alike), --year (2026).
 * Environment: BENCH_PERIOD_SECONDS (5), BENCH_READS (500 per kind of read),
 * BENCH_STEP_TIMEOUT_SECONDS (180: how long one step keeps retrying "not yet" refusals),
 * BENCH_DRIVE_TIMEOUT_SECONDS (1200: the whole drive, after which it is abandoned and reported).
 */
import { parseArgs } from 'node:util';
import type { Role } from '../api/auth/roles';
import { signToken } from '../api/auth/tokens';
import { allocateTiers, loadPolicy, validateProposal, type AllocationCandidate, type Policy } from '../workflows/policy/index.js';
import { stateQuery } from '../workflows/runtime/definitions';
import { CYCLE, JURISDICTION, STAGE } from '../workflows/runtime/search-attributes';
import { applicationBody, benchApplicants, sheetTotalling, type BenchApplicant } from './bench/award-data';
import { overall, workflowFigures, type WorkflowFigures } from './bench/history';
import { Tally, callWithRetry, codeOf, errorKey, messageOf, ok, pool, request, sleep, type HttpResult, type RetriedResult } from './bench/http';
import { Counter, bytes, ms, seconds, summarise, table, type LatencySummary } from './bench/stats';
import { spawnSystem, type StopReport, type SystemLogs, type SystemProcess } from './bench/system-process';

const POLICY_KEY = 'ganzhou-2022';
/** Reviewers per phase; applications are spread over them round-robin. */
const REVIEWERS = 20;
/** Share of the eligible applications the material review sends on to the on-site review. */
const ADVANCE_SHARE = 0.3;

// ---------------------------------------------------------------------------------------------
// Options
// ---------------------------------------------------------------------------------------------

interface Options {
  applicants: number;
  concurrency: number;
  year: number;
  periodSeconds: number;
  reads: number;
  stepTimeoutMs: number;
  driveTimeoutMs: number;
}

function positiveInt(name: string, raw: string | undefined, fallback: number): number {
  if (raw === undefined || raw === '') return fallback;
  const n = Number(raw);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`${name} must be a positive integer, got ${raw}`);
  return n;
}

function readOptions(): Options {
  const { values } = parseArgs({
    options: { applicants: { type: 'string' }, concurrency: { type: 'string' }, year: { type: 'string' } },
    strict: true,
  });
  const periodSeconds = Number(process.env.BENCH_PERIOD_SECONDS ?? 5);
  if (!(periodSeconds > 0)) throw new Error(`BENCH_PERIOD_SECONDS must be a positive number, got ${process.env.BENCH_PERIOD_SECONDS}`);
  return {
    applicants: positiveInt('--applicants', values.applicants, 1000),
    concurrency: positiveInt('--concurrency', values.concurrency, 50),
    year: positiveInt('--year', values.year, 2026),
    periodSeconds,
    reads: positiveInt('BENCH_READS', process.env.BENCH_READS, 500),
    stepTimeoutMs: positiveInt('BENCH_STEP_TIMEOUT_SECONDS', process.env.BENCH_STEP_TIMEOUT_SECONDS, 180) * 1000,
    driveTimeoutMs: positiveInt('BENCH_DRIVE_TIMEOUT_SECONDS', process.env.BENCH_DRIVE_TIMEOUT_SECONDS, 1200) * 1000,
  };
}

// ---------------------------------------------------------------------------------------------

const benchStart = performance.now();
const log = (message: string) => console.log(`[bench +${((performance.now() - benchStart) / 1000).toFixed(1)}s] ${message}`);

// ---------------------------------------------------------------------------------------------
// Calls
// ---------------------------------------------------------------------------------------------

/** Per action: latency of the request that was accepted, attempts, failures. */
interface ActionFigures {
  latencies: number[];
  accepted: number;
  failed: number;
  retries: number;
}

class Bench {
  readonly policy: Policy = loadPolicy(POLICY_KEY);
  readonly cyclePath: string;
  readonly office: string;
  readonly committee: string;
  readonly actions = new Map<string, ActionFigures>();
  /** The drive's calls (submissions and reads are tallied on their own). */
  readonly tally = new Tally();
  readonly driveAbort = new AbortController();
  /** Steps that failed with a 5xx or no answer but whose effect the GET then showed, by step. */
  readonly confirmedAfterError = new Counter();
  private readonly tokens = new Map<string, string>();

  constructor(
    readonly opts: Options,
    readonly system: SystemProcess,
  ) {
    this.cyclePath = `/cycles/${POLICY_KEY}/${opts.year}`;
    this.office = this.token('bench-office', 'office');
    this.committee = this.token('bench-committee', 'committee');
  }

  get base(): string {
    return this.system.base;
  }

  /** A token per user, minted once; reviewers act in their own name, so `sub` is the reviewer id. */
  token(sub: string, role: Role, org?: string): string {
    const key = `${role}/${sub}/${org ?? ''}`;
    let token = this.tokens.get(key);
    if (!token) {
      token = signToken({ sub, role, ...(org ? { org } : {}) }, this.system.authSecret, { expiresInSeconds: 7 * 86_400 });
      this.tokens.set(key, token);
    }
    return token;
  }

  applicantToken(orgId: string): string {
    return this.token(`applicant-${orgId}`, 'applicant', orgId);
  }

  appPath(orgId: string): string {
    return `/applications/${POLICY_KEY}/${this.opts.year}/${orgId}`;
  }

  get(path: string, token = this.office): Promise<HttpResult> {
    return request(this.base, 'GET', path, { token });
  }

  /**
   * A state-changing POST, retried while refused with one of `retryOn` (see callWithRetry), and
   * counted under `name`. The Idempotency-Key names the step, so however often it is sent, it is one step.
   */
  private async post(name: string, path: string, key: string, token: string, body: unknown, retryOn: readonly string[], timeoutMs = this.opts.stepTimeoutMs): Promise<RetriedResult> {
    const result = await callWithRetry(this.tally, () => request(this.base, 'POST', path, { token, body, idempotencyKey: key }), {
      retryOn,
      deadline: Date.now() + timeoutMs,
      signal: this.driveAbort.signal,
    });
    const figures = this.actions.get(name) ?? { latencies: [], accepted: 0, failed: 0, retries: 0 };
    figures.retries += result.attempts - 1;
    if (result.accepted) {
      figures.accepted += 1;
      figures.latencies.push(result.ms);
    } else {
      figures.failed += 1;
    }
    this.actions.set(name, figures);
    return result;
  }

  cycleAction(action: string, key: string, token: string, body?: unknown, retryOn: readonly string[] = [], timeoutMs?: number): Promise<RetriedResult> {
    return this.post(`cycle ${action}`, `${this.cyclePath}/actions/${action}`, `bench/cycle/${key}`, token, body, retryOn, timeoutMs);
  }

  appAction(orgId: string, action: string, key: string, token: string, body?: { phase?: string; [field: string]: unknown }, retryOn: readonly string[] = []): Promise<RetriedResult> {
    const name = `application ${action}${body?.phase ? ` (${body.phase})` : ''}`;
    return this.post(name, `${this.appPath(orgId)}/actions/${action}`, `bench/${orgId}/${key}`, token, body, retryOn);
  }

  /** The application's stage as its GET reports it, or undefined when the GET fails. */
  async appStage(orgId: string): Promise<string | undefined> {
    const res = await this.get(this.appPath(orgId));
    return ok(res) ? res.body?.stage : undefined;
  }

  /**
   * Whether an application step took effect: accepted, or — after an answer that may hide success
   * (5xx, none) — its GET shows the stage `expect` wants. A step that changes no stage (assigning a
   * reviewer) is taken as done then: the next step's answer tells.
   */
  async appTookEffect(res: RetriedResult, orgId: string, step: string, expect?: (stage: string) => boolean): Promise<boolean> {
    if (res.accepted) return true;
    if (!mayHaveApplied(res)) return false;
    if (expect) {
      const stage = await this.appStage(orgId);
      if (stage === undefined || !expect(stage)) return false;
    }
    this.confirmedAfterError.add(expect ? step : `${step} (assumed)`);
    return true;
  }

  /** A cycle step that must pass: accepted, or after a 5xx/no answer the cycle's GET shows `expect`. Else the drive ends. */
  async cycleTookEffect(res: RetriedResult, step: string, expect: (stage: string) => boolean): Promise<{ stage: string; res: RetriedResult }> {
    if (res.accepted) return { stage: res.body?.stage ?? (await this.cycleStage()).stage ?? '?', res };
    if (mayHaveApplied(res)) {
      const { stage } = await this.cycleStage();
      if (stage !== undefined && expect(stage)) {
        this.confirmedAfterError.add(step);
        return { stage, res };
      }
    }
    throw new DriveAborted(`${step} was not accepted: ${refusalText(res)}`);
  }

  /** The cycle's stage as its GET reports it, or undefined when the GET fails. */
  async cycleStage(): Promise<{ stage?: string; body?: any }> {
    const res = await this.get(this.cyclePath);
    if (!ok(res)) {
      this.tally.error(res);
      return {};
    }
    return { stage: res.body?.stage, body: res.body };
  }
}

class DriveAborted extends Error {}

/** A 5xx or no answer: the update may have been applied all the same (the answer is what failed). */
const mayHaveApplied = (res: HttpResult): boolean => res.status === 0 || res.status >= 500;

function refusalText(res: HttpResult): string {
  return `${errorKey(res)}: ${messageOf(res)}`;
}

// ---------------------------------------------------------------------------------------------
// Phase 1 and 2: create, announce, submit
// ---------------------------------------------------------------------------------------------

async function createCycle(bench: Bench): Promise<void> {
  const { opts, policy } = bench;
  // Deadline day: the window closes in a few hours; the office closes it once everyone is in.
  const body = {
    policyKey: POLICY_KEY,
    year: opts.year,
    title: `${policy.awardName}（${opts.year}年度，基准测试）`,
    applicationDeadline: new Date(Date.now() + 3 * 3_600_000).toISOString(),
  };
  const created = await request(bench.base, 'POST', '/cycles', { token: bench.office, body });
  console.log(`POST /cycles → ${created.status} in ${ms(created.ms)} ms${ok(created) ? ` (stage ${created.body?.stage})` : ` (${refusalText(created)})`}`);
  if (!ok(created)) throw new Error(`could not create the cycle: ${refusalText(created)}`);
  const announced = await bench.cycleAction('announce', 'announce', bench.office);
  console.log(`announce → ${announced.status} in ${ms(announced.ms)} ms${announced.accepted ? '' : ` (${refusalText(announced)})`}`);
  const { stage } = await bench.cycleTookEffect(announced, 'announce', (s) => s === 'applicationWindow');
  console.log(`the cycle is in ${stage}`);
}

interface SubmissionFigures {
  count: number;
  accepted: number;
  statuses: Counter;
  errors: Counter;
  perSecond: number;
  latency: LatencySummary;
  elapsedMs: number;
  /** performance.now() when the last measured submission was answered. */
  endedAt: number;
  repaired: number;
  stillMissing: number;
  /** The applications that exist (answered 2xx, or a later GET found them): the ones the drive takes through. */
  submitted: BenchApplicant[];
}

async function submitApplications(bench: Bench, applicants: BenchApplicant[]): Promise<SubmissionFigures> {
  const statuses = new Counter();
  const errors = new Counter();
  const latencies: number[] = [];
  const send = (a: BenchApplicant) =>
    request(bench.base, 'POST', `${bench.cyclePath}/applications`, {
      token: bench.applicantToken(a.orgId),
      body: applicationBody(bench.policy, a),
      idempotencyKey: `bench/submit/${a.orgId}`,
    });
  // A system that has stopped answering must not hold the run for N × the API's 30 s write deadline.
  const deadline = Date.now() + bench.opts.driveTimeoutMs;
  const started = performance.now();
  const results = await pool(applicants, bench.opts.concurrency, async (a): Promise<HttpResult | undefined> => {
    if (Date.now() > deadline) {
      statuses.add('not sent (out of time)');
      errors.add('not sent (out of time)');
      return undefined;
    }
    const res = await send(a);
    latencies.push(res.ms);
    statuses.add(res.status === 0 ? 'no answer' : String(res.status));
    if (res.status !== 201) errors.add(errorKey(res));
    return res;
  });
  const endedAt = performance.now();
  const elapsedMs = endedAt - started;

  // Outside the measurement: a failed submission would leave the cycle waiting for an application
  // that never started, so it is sent once more (same Idempotency-Key: registered once at most),
  // concurrently and within the step timeout.
  const failed = applicants.filter((_, i) => !results[i] || !ok(results[i]!));
  const repairDeadline = Date.now() + bench.opts.stepTimeoutMs;
  const stillFailing = new Counter();
  let repaired = 0;
  const missing = new Set<string>();
  await pool(failed, bench.opts.concurrency, async (a) => {
    if (Date.now() > repairDeadline) {
      stillFailing.add('not re-sent (out of time)');
    } else {
      const res = await send(a);
      if (ok(res)) {
        repaired += 1;
        return;
      }
      stillFailing.add(errorKey(res));
    }
    // The answer may have failed after the application started; then it is in the cycle all the same.
    if ((await bench.appStage(a.orgId)) === undefined) missing.add(a.orgId);
    else repaired += 1;
  });
  if (stillFailing.total > 0) console.log(`  still failing after one more try: ${stillFailing.format()}; ${missing.size} applications do not exist and are left out of the drive`);
  return {
    count: applicants.length,
    accepted: results.filter((r) => r?.status === 201).length,
    statuses,
    errors,
    perSecond: latencies.length / (elapsedMs / 1000),
    latency: summarise(latencies),
    elapsedMs,
    endedAt,
    repaired,
    stillMissing: missing.size,
    submitted: applicants.filter((a) => !missing.has(a.orgId)),
  };
}

function printSubmissions(s: SubmissionFigures): void {
  console.log(`\nSubmissions: ${s.count} applications, ${s.accepted} answered 201, in ${seconds(s.elapsedMs)}`);
  console.log(table(['submissions/s', 'p50 ms', 'p99 ms', 'max ms'], [[s.perSecond.toFixed(1), ms(s.latency.p50), ms(s.latency.p99), ms(s.latency.max)]]));
  console.log(`statuses: ${s.statuses.format()}`);
  console.log(`errors (anything but 201): ${s.errors.format()}`);
  if (s.errors.total > 0) console.log(`after the measurement: ${s.repaired} of the failed ones exist after all or were re-sent, ${s.stillMissing} do not exist`);
}

// ---------------------------------------------------------------------------------------------
// Between 2 and 4a: the applications' first reports reach the cycle
// ---------------------------------------------------------------------------------------------

interface ReportsFigures {
  /** From the last measured submission's answer until the cycle had registered them all (or gave up). */
  ms: number;
  registered: number;
  expected: number;
  settled: boolean;
  queries: number;
  /** The last query failure, if the wait ended on one. */
  lastError?: string;
}

/**
 * Polls the cycle workflow's `state` query until its table of applications holds every submitted
 * one: each application workflow has started, reported, and the cycle has applied the report. The
 * reads after submissions then meet a quiet system, as they would the morning after deadline day.
 */
async function waitForReports(bench: Bench, expected: number, since: number): Promise<ReportsFigures> {
  const handle = bench.system.client.workflow.getHandle(`cycle/${POLICY_KEY}/${bench.opts.year}`);
  const deadline = Date.now() + bench.opts.stepTimeoutMs;
  let registered = 0;
  let queries = 0;
  let lastError: string | undefined;
  for (;;) {
    queries += 1;
    try {
      const view = await handle.query(stateQuery);
      const applications = (view.context as { applications?: Record<string, unknown> } | undefined)?.applications;
      registered = applications ? Object.keys(applications).length : 0;
      lastError = undefined;
    } catch (error) {
      lastError = error instanceof Error ? error.message : String(error);
    }
    if (registered >= expected) return { ms: performance.now() - since, registered, expected, settled: true, queries };
    if (Date.now() > deadline) return { ms: performance.now() - since, registered, expected, settled: false, queries, ...(lastError ? { lastError } : {}) };
    await sleep(500);
  }
}

function reportsText(r: ReportsFigures): string {
  return r.settled
    ? `reports reached the cycle after ${seconds(r.ms)} (${r.registered} of ${r.expected} registered, ${r.queries} queries)`
    : `reports had NOT all reached the cycle after ${seconds(r.ms)}: ${r.registered} of ${r.expected} registered${r.lastError ? ` (last query failed: ${r.lastError})` : ''}`;
}

// ---------------------------------------------------------------------------------------------
// Phase 3: the drive
// ---------------------------------------------------------------------------------------------

interface StepFigures {
  name: string;
  ms: number;
  retried409: number;
  errors: number;
  note: string;
}

interface DriveFigures {
  steps: StepFigures[];
  ms: number;
  /** The drive up to the accepted CLOSE; `settleMs` is the wait for every workflow to finish after it. */
  settleMs?: number;
  /** Whether that wait saw every workflow completed (false: it gave up). */
  settled?: boolean;
  aborted?: string;
  /** Statuses in the cycle's table of applications (what the cycle last heard from each). */
  outcomes: Counter;
  /** Each application's own stage (visibility's AwardStage). */
  ownStages: Counter;
  /** The application whose history is shown: the first proposed winner once there is a proposal. */
  showcase?: { orgId: string; why: string };
}

async function drive(bench: Bench, applicants: BenchApplicant[]): Promise<DriveFigures> {
  const { opts, tally } = bench;
  const steps: StepFigures[] = [];
  const figures: DriveFigures = { steps, ms: 0, outcomes: new Counter(), ownStages: new Counter() };
  if (applicants[0]) figures.showcase = { orgId: applicants[0].orgId, why: 'the first application (the drive did not reach a proposal)' };
  const timer = setTimeout(() => bench.driveAbort.abort(), opts.driveTimeoutMs);
  const started = performance.now();

  /** Times one step and counts what it met; a DriveAborted ends the drive, reported. */
  const step = async (name: string, fn: () => Promise<string | void>) => {
    if (bench.driveAbort.signal.aborted) throw new DriveAborted(`the drive ran out of time (BENCH_DRIVE_TIMEOUT_SECONDS=${opts.driveTimeoutMs / 1000}) before ${name}`);
    const before = { retried: tally.retried409.total, errors: tally.errors.total };
    const t0 = performance.now();
    log(`${name} …`);
    let note = '';
    try {
      note = (await fn()) ?? '';
    } finally {
      steps.push({ name, ms: performance.now() - t0, retried409: tally.retried409.total - before.retried, errors: tally.errors.total - before.errors, note });
    }
  };

  /** Runs one application's chain of actions for each of `orgs`, at the bench's concurrency; counts failures. */
  const perApplication = async (orgs: BenchApplicant[], chain: (a: BenchApplicant) => Promise<boolean>): Promise<number> => {
    let failed = 0;
    await pool(orgs, opts.concurrency, async (a) => {
      if (bench.driveAbort.signal.aborted) return;
      if (!(await chain(a))) failed += 1;
    });
    return failed;
  };

  /** ADVANCE_STAGE, retried while the cycle still waits for reports; says how long it took to accept. */
  const advanceCycle = async (from: string): Promise<{ stage: string; note: string }> => {
    const sent = await bench.cycleAction('advance', `advance-from-${from}`, bench.office, undefined, ['APPLICATIONS_UNRESOLVED']);
    const { stage, res } = await bench.cycleTookEffect(sent, `advance from ${from}`, (s) => !s.startsWith(from));
    return { stage, note: `${from} → ${stage}: accepted after ${seconds(res.totalMs)}, ${res.attempts - 1} refusals` };
  };

  /** Polls the cycle's GET until `done(stage)`, within the step timeout. */
  const waitForStage = async (what: string, done: (stage: string) => boolean): Promise<{ stage: string; body: any }> => {
    const deadline = Date.now() + opts.stepTimeoutMs + opts.periodSeconds * 1000;
    for (;;) {
      const { stage, body } = await bench.cycleStage();
      if (stage && done(stage)) return { stage, body };
      if (Date.now() > deadline || bench.driveAbort.signal.aborted) throw new DriveAborted(`${what}: the cycle is still in ${stage ?? '(unreadable)'}`);
      await sleep(250);
    }
  };

  const eligible: BenchApplicant[] = [];
  const advanced: BenchApplicant[] = [];
  const materialReviewer = (i: number) => `reviewer-material-${(i % REVIEWERS) + 1}`;
  const onSiteReviewer = (i: number) => `reviewer-onsite-${(i % REVIEWERS) + 1}`;
  const index = new Map(applicants.map((a, i) => [a.orgId, i]));

  try {
    await step('close applications', async () => {
      const sent = await bench.cycleAction('close-applications', 'close-applications', bench.office);
      return `stage ${(await bench.cycleTookEffect(sent, 'close-applications', (s) => s !== 'applicationWindow')).stage}`;
    });

    await step('eligibility review (record-eligibility × N)', async () => {
      const verdicts = new Counter();
      const failed = await perApplication(applicants, async (a) => {
        // Refused CYCLE_STAGE_MISMATCH until the application has heard that applications closed.
        const res = await bench.appAction(a.orgId, 'record-eligibility', 'record-eligibility', bench.office, undefined, ['CYCLE_STAGE_MISMATCH']);
        const decided = (stage: string) => stage === 'eligible' || stage === 'ineligible';
        if (!(await bench.appTookEffect(res, a.orgId, 'record-eligibility', decided))) return false;
        // The verdict is the stage the update answers, else the one the application's GET shows.
        const stage = res.accepted && typeof res.body?.stage === 'string' ? res.body.stage : await bench.appStage(a.orgId);
        const isEligible = stage === 'eligible';
        verdicts.add(isEligible ? 'eligible' : 'ineligible');
        if (isEligible) eligible.push(a);
        return true;
      });
      return `${verdicts.format()}; planned ineligible ${applicants.filter((a) => a.ineligible).length}; failed ${failed}`;
    });

    await step('advance to material review', async () => (await advanceCycle('eligibilityReview')).note);

    // The top share by material score goes on; the rest are not advanced, with written reasons.
    const byMaterial = [...eligible].sort((a, b) => b.materialScore - a.materialScore || a.orgId.localeCompare(b.orgId));
    const advanceCount = eligible.length === 0 ? 0 : Math.max(1, Math.round(ADVANCE_SHARE * eligible.length));
    const goesOn = new Set(byMaterial.slice(0, advanceCount).map((a) => a.orgId));

    await step('material review (assign, score, advance/not-advance × eligible)', async () => {
      const failed = await perApplication(eligible, async (a) => {
        const reviewerId = materialReviewer(index.get(a.orgId)!);
        const assigned = await bench.appAction(a.orgId, 'assign-reviewer', 'assign-material', bench.office, { reviewerId, phase: 'material' });
        if (!(await bench.appTookEffect(assigned, a.orgId, 'assign-reviewer (material)'))) return false;
        // Refused REVIEW_PHASE_NOT_OPEN until the application has heard of the material review.
        const scored = await bench.appAction(a.orgId, 'submit-score', 'score-material', bench.token(reviewerId, 'reviewer'), { phase: 'material', scores: sheetTotalling(a.materialScore) }, [
          'REVIEW_PHASE_NOT_OPEN',
        ]);
        if (!(await bench.appTookEffect(scored, a.orgId, 'submit-score (material)'))) return false;
        const decided = goesOn.has(a.orgId)
          ? await bench.appAction(a.orgId, 'advance', 'decide-material', bench.office, undefined, ['CYCLE_STAGE_MISMATCH'])
          : await bench.appAction(a.orgId, 'not-advance', 'decide-material', bench.office, { reasons: [`材料评审得分${a.materialScore}分，未进入前${ADVANCE_SHARE * 100}%`] }, ['CYCLE_STAGE_MISMATCH']);
        const target = goesOn.has(a.orgId) ? 'advanced' : 'notAdvanced';
        if (!(await bench.appTookEffect(decided, a.orgId, 'material decision', (stage) => stage === target))) return false;
        if (goesOn.has(a.orgId)) advanced.push(a);
        return true;
      });
      return `${eligible.length} scored, ${advanced.length} advanced, ${eligible.length - goesOn.size} not advanced; failed ${failed}`;
    });

    await step('advance to on-site review', async () => (await advanceCycle('materialReview')).note);

    await step('on-site review (assign, score, conclude × advanced)', async () => {
      const failed = await perApplication(advanced, async (a) => {
        const reviewerId = onSiteReviewer(index.get(a.orgId)!);
        const assigned = await bench.appAction(a.orgId, 'assign-reviewer', 'assign-onSite', bench.office, { reviewerId, phase: 'onSite' });
        if (!(await bench.appTookEffect(assigned, a.orgId, 'assign-reviewer (on-site)'))) return false;
        const scored = await bench.appAction(a.orgId, 'submit-score', 'score-onSite', bench.token(reviewerId, 'reviewer'), { phase: 'onSite', scores: sheetTotalling(a.onSiteScore) }, [
          'REVIEW_PHASE_NOT_OPEN',
        ]);
        if (!(await bench.appTookEffect(scored, a.orgId, 'submit-score (on-site)'))) return false;
        const concluded = await bench.appAction(a.orgId, 'conclude-on-site', 'conclude-onSite', bench.office, undefined, ['CYCLE_STAGE_MISMATCH']);
        return bench.appTookEffect(concluded, a.orgId, 'conclude-on-site', (stage) => stage !== 'advanced');
      });
      return `${advanced.length} concluded; failed ${failed}`;
    });

    await step('advance to deliberation', async () => {
      // Follow the stages the cycle reports (ganzhou has a comprehensive evaluation in between).
      const notes: string[] = [];
      let stage = 'onSiteReview';
      for (let guard = 0; !stage.startsWith('deliberation'); guard += 1) {
        if (guard > 6) throw new DriveAborted(`still not in deliberation after ${guard} advances (stage ${stage})`);
        const from = stage.split('.')[0]!;
        const moved = await advanceCycle(from);
        notes.push(moved.note);
        stage = moved.stage;
      }
      return notes.join('; ');
    });

    // Ranked as the cycle ranks (total, then on-site score, then id), tiers filled under the policy's quotas and caps.
    const total = (a: BenchApplicant) => Math.round((a.materialScore * 0.4 + a.onSiteScore * 0.6) * 100) / 100;
    const ranked = [...advanced].sort((a, b) => total(b) - total(a) || b.onSiteScore - a.onSiteScore || a.orgId.localeCompare(b.orgId));
    const candidates: AllocationCandidate[] = ranked.map((a) => ({ id: a.orgId, category: a.category, eligible: true }));
    const allocation = allocateTiers(bench.policy, candidates);
    const proposal = Object.fromEntries(allocation.tiers.map((t) => [t.tierId, t.awarded.map((p) => p.candidateId)]));
    const winner = Object.values(proposal).flat()[0];
    if (winner) figures.showcase = { orgId: winner, why: 'the first proposed winner' };

    await step('propose winners (committee)', async () => {
      const violations = validateProposal(bench.policy, candidates, proposal);
      if (violations.length > 0) throw new DriveAborted(`the proposal built from the scores breaks the policy: ${violations.map((v) => v.message).join('；')}`);
      // PROPOSAL_INVALID only while a candidate's final report has not reached the cycle: retried briefly.
      const sent = await bench.cycleAction('propose-winners', 'propose-winners', bench.committee, { proposal }, ['PROPOSAL_INVALID'], 30_000);
      await bench.cycleTookEffect(sent, 'propose-winners', (s) => s !== 'deliberation');
      return Object.entries(proposal)
        .map(([tier, ids]) => `${tier}: ${ids.length} (${ids.map((id) => `${id} ${applicants[index.get(id)!]!.category}`).join(', ')})`)
        .join('; ');
    });

    await step(`publicity (compressed to ${opts.periodSeconds} s) until approval`, async () => {
      const { body } = await waitForStage('publicity did not end', (stage) => stage === 'approval' || stage.startsWith('objectionHandling'));
      const endsAt = body?.context?.deadlines?.publicity;
      return `stage ${body?.stage}${typeof endsAt === 'number' ? `; publicity deadline ${new Date(endsAt).toISOString()}` : ''}`;
    });

    await step('approve (office) until awarded', async () => {
      const sent = await bench.cycleAction('approve', 'approve', bench.office, { decisionRef: '赣州市人民政府常务会议（基准测试）' }, ['EVENT_NOT_ALLOWED_IN_STAGE']);
      await bench.cycleTookEffect(sent, 'approve', (s) => s === 'awarded' || s === 'closed');
      const { stage } = await waitForStage('approval did not award', (s) => s === 'awarded');
      return `stage ${stage}`;
    });

    await step('close', async () => {
      const sent = await bench.cycleAction('close', 'close', bench.office);
      return `stage ${(await bench.cycleTookEffect(sent, 'close', (s) => s === 'closed')).stage}`;
    });
    figures.ms = performance.now() - started;

    // Not part of the drive's time: how long the outcomes take to reach every application and the
    // cycle's last effects to finish, after which every workflow has completed.
    const settleStart = performance.now();
    await step('settle: every workflow completed', async () => {
      const deadline = Date.now() + opts.stepTimeoutMs;
      const cycleId = `cycle/${POLICY_KEY}/${opts.year}`;
      for (;;) {
        const [cycle, running] = await Promise.all([
          bench.system.client.workflow.getHandle(cycleId).describe().then((d) => d.status.name, (e: unknown) => `describe failed: ${String(e)}`),
          bench.system.client.workflow
            .count(`WorkflowType = 'applicationWorkflow' AND ExecutionStatus = 'Running'`)
            .then((c) => c.count, () => Number.NaN),
        ]);
        if (cycle === 'COMPLETED' && running === 0) {
          figures.settled = true;
          return `cycle COMPLETED, 0 applications running (visibility)`;
        }
        if (Date.now() > deadline) return `gave up: cycle ${cycle}, ${running} applications still running`;
        await sleep(500);
      }
    });
    figures.settleMs = performance.now() - settleStart;
    figures.settled ??= false;
  } catch (error) {
    if (!(error instanceof DriveAborted)) throw error;
    figures.aborted = error.message;
    figures.ms = performance.now() - started;
    log(`drive abandoned: ${error.message}`);
  } finally {
    clearTimeout(timer);
  }

  figures.outcomes = await outcomes(bench);
  figures.ownStages = await applicationStages(bench);
  return figures;
}

/** Each application workflow's own stage, from visibility (search attribute AwardStage). */
async function applicationStages(bench: Bench): Promise<Counter> {
  const counter = new Counter();
  const query = `WorkflowType = 'applicationWorkflow' AND ${JURISDICTION.name} = '${POLICY_KEY}' AND ${CYCLE.name} = '${bench.opts.year}'`;
  try {
    for await (const info of bench.system.client.workflow.list({ query })) counter.add(String(info.typedSearchAttributes.get(STAGE) ?? '(no stage)'));
  } catch (error) {
    counter.add(`(visibility unreadable: ${error instanceof Error ? error.message : String(error)})`);
  }
  return counter;
}

/** Application statuses from the cycle's table, paging when the route pages. */
async function outcomes(bench: Bench): Promise<Counter> {
  const counter = new Counter();
  const rows = await readApplicationTable(bench);
  if (!rows) counter.add('(table unreadable)');
  for (const row of rows ?? []) counter.add(String(row?.status));
  return counter;
}

async function readApplicationTable(bench: Bench): Promise<any[] | undefined> {
  const rows: any[] = [];
  const pageSize = 100;
  for (let offset = 0; ; offset += pageSize) {
    const res = await bench.get(`${bench.cyclePath}/applications?limit=${pageSize}&offset=${offset}`);
    if (res.status === 400 && offset === 0) {
      // This tree does not page yet: one unpaginated read.
      const all = await bench.get(`${bench.cyclePath}/applications`);
      return ok(all) && Array.isArray(all.body?.items) ? all.body.items : undefined;
    }
    if (!ok(res) || !Array.isArray(res.body?.items)) return offset === 0 ? undefined : rows;
    rows.push(...res.body.items);
    const total = typeof res.body.total === 'number' ? res.body.total : undefined;
    if (res.body.items.length < pageSize || (total !== undefined && rows.length >= total) || res.body.items.length === 0) return rows;
  }
}

function printDrive(bench: Bench, d: DriveFigures): void {
  console.log(`\nDrive: ${seconds(d.ms)} from closing applications to the accepted CLOSE${d.aborted ? ` — ABANDONED: ${d.aborted}` : ''}`);
  if (d.settleMs !== undefined) console.log(d.settled ? `then ${seconds(d.settleMs)} until every workflow had completed` : `then gave up after ${seconds(d.settleMs)} waiting for every workflow to complete`);
  console.log(
    table(
      ['step', 'duration', 'retried 409s', 'errors', 'note'],
      d.steps.map((s) => [s.name, seconds(s.ms), s.retried409, s.errors, s.note]),
      [false, true, true, true, false],
    ),
  );
  console.log('\nPer action (latency of the accepted request; retries are refused attempts before it):');
  console.log(
    table(
      ['action', 'accepted', 'failed', 'retries', 'p50 ms', 'p99 ms', 'max ms'],
      [...bench.actions.entries()].map(([name, f]) => {
        const s = summarise(f.latencies);
        return [name, f.accepted, f.failed, f.retries, ms(s.p50), ms(s.p99), ms(s.max)];
      }),
    ),
  );
  const t = bench.tally;
  console.log(`\nDrive errors: ${t.errors.total} (5xx ${t.serverErrors}, 429 ${t.tooMany}, unexpected 4xx ${t.unexpected4xx}, no answer ${t.network}): ${t.errors.format()}`);
  console.log(`Expected 409s, retried: ${t.retried409.total}: ${t.retried409.format()}`);
  if (bench.confirmedAfterError.total > 0) console.log(`Steps that answered 5xx/nothing but had taken effect (GET checked, or assumed): ${bench.confirmedAfterError.format()}`);
  console.log(`Applications by their own stage (visibility): ${d.ownStages.format()}`);
  console.log(`Applications in the cycle's table (what the cycle last heard): ${d.outcomes.format()}`);
}

// ---------------------------------------------------------------------------------------------
// Phase 4: reads
// ---------------------------------------------------------------------------------------------

interface ReadFigures {
  name: string;
  requests: number;
  statuses: Counter;
  latency: LatencySummary;
  note: string;
}

async function measureReads(bench: Bench, orgIds: string[]): Promise<ReadFigures[]> {
  const { opts } = bench;
  const measure = async (name: string, path: (i: number) => string, check?: (res: HttpResult) => string | undefined): Promise<ReadFigures> => {
    const statuses = new Counter();
    const latencies: number[] = [];
    const problems = new Counter();
    await pool(
      Array.from({ length: opts.reads }, (_, i) => i),
      opts.concurrency,
      async (i) => {
        const res = await bench.get(path(i));
        latencies.push(res.ms);
        statuses.add(res.status === 0 ? 'no answer' : codeOf(res) ? `${res.status} ${codeOf(res)}` : String(res.status));
        const problem = ok(res) ? check?.(res) : undefined;
        if (problem) problems.add(problem);
      },
    );
    return { name, requests: opts.reads, statuses, latency: summarise(latencies), note: problems.total > 0 ? problems.format() : '' };
  };

  const pick = () => orgIds[Math.floor(Math.random() * orgIds.length)]!;
  const pages = Math.max(1, Math.ceil(orgIds.length / 50));

  // The table's route is gaining `limit`/`offset` (answer `{ items, total, limit, offset }`); a tree
  // that does not have them yet refuses the query (400), and the unpaginated table is measured instead.
  const probe = await bench.get(`${bench.cyclePath}/applications?limit=50&offset=0`);
  const paged = probe.status !== 400;
  const listNote = paged
    ? `paged; answer has ${['items', 'total', 'limit', 'offset'].filter((k) => probe.body && k in probe.body).join(', ') || 'no known keys'}`
    : `limit/offset refused (${refusalText(probe)}): unpaginated table measured`;
  const itemsCheck = (res: HttpResult) => (Array.isArray(res.body?.items) ? undefined : 'no items array');

  const cycle = await measure(`GET ${bench.cyclePath}`, () => bench.cyclePath);
  const list = await measure(
    paged ? `GET …/applications?limit=50&offset=K` : `GET …/applications`,
    () => (paged ? `${bench.cyclePath}/applications?limit=50&offset=${50 * Math.floor(Math.random() * pages)}` : `${bench.cyclePath}/applications`),
    itemsCheck,
  );
  list.note = [listNote, list.note].filter(Boolean).join('; ');
  const app = await measure(`GET /applications/${POLICY_KEY}/${opts.year}/{random org}`, () => bench.appPath(pick()));
  return [cycle, list, app];
}

function printReads(title: string, reads: ReadFigures[]): void {
  console.log(`\n${title}`);
  console.log(
    table(
      ['route', 'requests', 'p50 ms', 'p99 ms', 'max ms', 'statuses', 'note'],
      reads.map((r) => [r.name, r.requests, ms(r.latency.p50), ms(r.latency.p99), ms(r.latency.max), r.statuses.format(), r.note]),
      [false, true, true, true, true, false, false],
    ),
  );
}

// ---------------------------------------------------------------------------------------------
// Phase 5: histories
// ---------------------------------------------------------------------------------------------

function printHistory(title: string, figures: WorkflowFigures): void {
  console.log(`\n${title}: ${figures.workflowId}`);
  console.log(
    table(
      ['run', 'status', 'events', 'bytes', 'largest event', 'updates', 'largest update result', 'start input'],
      figures.runs.map((r, i) => [
        i + 1,
        r.status,
        r.events,
        bytes(r.bytes),
        r.largest ? `${r.largest.type} ${bytes(r.largest.bytes)}` : '–',
        r.updatesCompleted,
        r.largestUpdateResult ? `${bytes(r.largestUpdateResult.bytes)} (${r.largestUpdateResult.detail ?? '?'})` : '–',
        bytes(r.startInputBytes),
      ]),
      [true, false, true, true, false, true, false, true],
    ),
  );
  const o = overall(figures);
  console.log(
    `overall: ${o.runs} run(s), ${o.events} events, ${bytes(o.bytes)}; largest event ${o.largest ? `${o.largest.type} ${bytes(o.largest.bytes)} (run ${o.largest.run})` : '–'}; ` +
      `largest update result ${o.largestUpdateResult ? `${bytes(o.largestUpdateResult.bytes)} (run ${o.largestUpdateResult.run}, update ${o.largestUpdateResult.detail ?? '?'})` : '–'}; ` +
      `largest start input ${bytes(o.maxStartInputBytes)}`,
  );
  if (figures.notListed > 0) console.log(`(${figures.notListed} run(s) found through continue-as-new links that visibility had not listed yet)`);
}

async function histories(bench: Bench, showcase: DriveFigures['showcase']): Promise<{ cycle?: WorkflowFigures; application?: WorkflowFigures }> {
  const out: { cycle?: WorkflowFigures; application?: WorkflowFigures } = {};
  const cycleId = `cycle/${POLICY_KEY}/${bench.opts.year}`;
  try {
    out.cycle = await workflowFigures(bench.system.client, cycleId);
    printHistory('History of the cycle workflow', out.cycle);
  } catch (error) {
    console.log(`\nHistory of ${cycleId} could not be read: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (showcase) {
    const appId = `application/${POLICY_KEY}/${bench.opts.year}/${showcase.orgId}`;
    try {
      out.application = await workflowFigures(bench.system.client, appId);
      printHistory(`History of one application workflow (${showcase.why})`, out.application);
    } catch (error) {
      console.log(`\nHistory of ${appId} could not be read: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Phase 6: summary
// ---------------------------------------------------------------------------------------------

/** Temporal's per-payload warning size (its hard limit is 2 MB); "bounded" is judged against it. */
const EVENT_WARN_BYTES = 512 * 1024;

function printSummary(
  opts: Options,
  submissions: SubmissionFigures | undefined,
  driveFigures: DriveFigures | undefined,
  driveTally: Tally,
  reads: ReadFigures[],
  history: { cycle?: WorkflowFigures; application?: WorkflowFigures },
  reports: ReportsFigures | undefined,
  logs: SystemLogs | undefined,
): void {
  const rows: string[][] = [];
  const verdict = (met: boolean | undefined) => (met === undefined ? 'not measured' : met ? 'met' : 'NOT met');
  const add = (target: string, measured: string, met: boolean | undefined) => rows.push([target, measured, verdict(met)]);

  add(
    'submissions: 0 errors',
    submissions ? `${submissions.errors.total} errors of ${submissions.count}${submissions.errors.total ? ` (${submissions.errors.format()})` : ''}` : '–',
    submissions ? submissions.errors.total === 0 : undefined,
  );
  add('submissions: p99 < 1 s', submissions ? `p99 ${ms(submissions.latency.p99)} ms, ${submissions.perSecond.toFixed(1)}/s` : '–', submissions ? submissions.latency.p99 < 1000 : undefined);
  add(
    `drive < 5 min (publicity compressed to ${opts.periodSeconds} s)`,
    driveFigures ? `${seconds(driveFigures.ms)}${driveFigures.aborted ? ' (ABANDONED)' : ''}` : '–',
    driveFigures ? !driveFigures.aborted && driveFigures.ms < 300_000 : undefined,
  );
  add(
    'drive: no errors (5xx/429/unexpected 4xx/no answer)',
    `${driveTally.errors.total} (5xx ${driveTally.serverErrors}, 429 ${driveTally.tooMany}, 4xx ${driveTally.unexpected4xx}, no answer ${driveTally.network}); expected 409s retried ${driveTally.retried409.total}`,
    driveFigures ? driveTally.errors.total === 0 : undefined,
  );

  const all = [history.cycle, history.application].filter((f): f is WorkflowFigures => f !== undefined);
  const largest = all
    .map((f) => ({ f, o: overall(f) }))
    .filter((x) => x.o.largest)
    .sort((a, b) => b.o.largest!.bytes - a.o.largest!.bytes)[0];
  add(
    'every event bounded (judged against 512 KiB, Temporal’s payload warning)',
    largest ? `largest ${largest.o.largest!.type} ${bytes(largest.o.largest!.bytes)} in ${largest.f.workflowId} run ${largest.o.largest!.run}` : '–',
    largest ? largest.o.largest!.bytes < EVENT_WARN_BYTES : undefined,
  );
  const cycleO = history.cycle ? overall(history.cycle) : undefined;
  const appO = history.application ? overall(history.application) : undefined;
  const maxEvents = Math.max(cycleO?.maxRunEvents ?? 0, appO?.maxRunEvents ?? 0);
  const maxBytes = Math.max(cycleO?.maxRunBytes ?? 0, appO?.maxRunBytes ?? 0);
  add('each run < 10,000 events', cycleO ? `largest run ${maxEvents} events (cycle ${cycleO.maxRunEvents}, application ${appO?.maxRunEvents ?? '–'})` : '–', cycleO ? maxEvents < 10_000 : undefined);
  add('each run < 10 MB', cycleO ? `largest run ${bytes(maxBytes)} (cycle ${bytes(cycleO.maxRunBytes)}, application ${appO ? bytes(appO.maxRunBytes) : '–'})` : '–', cycleO ? maxBytes < 10_000_000 : undefined);
  add('continue-as-new happened (cycle runs > 1)', cycleO ? `${cycleO.runs} run(s); largest carried state ${bytes(cycleO.maxStartInputBytes)}` : '–', cycleO ? cycleO.runs > 1 : undefined);

  // An event too large to be written never reaches history, so the logs (the system process's) are the evidence.
  const overLimit = logs?.entries.filter(([key]) => /TMPRL11\d\d|Workflow Task in failed state/.test(key)) ?? [];
  add(
    'no payload over Temporal’s limits, no workflow task stuck failing (logs)',
    !logs ? 'the system process did not report its logs' : overLimit.length ? overLimit.map(([key, n]) => `${n}× ${key.slice(0, 120)}`).join('; ') : 'none logged',
    logs ? overLimit.length === 0 : undefined,
  );

  const p99 = Math.max(...reads.map((r) => r.latency.p99));
  const fiveXX = reads.reduce((sum, r) => sum + r.statuses.entries().filter(([k]) => /^5\d\d/.test(k) || k === 'no answer').reduce((s, [, n]) => s + n, 0), 0);
  add('GETs p99 < 200 ms', reads.length ? reads.map((r) => `${r.name.replace(/^GET /, '')} ${ms(r.latency.p99)}`).join('; ') : '–', reads.length ? p99 < 200 : undefined);
  add('GETs: no 5xx', reads.length ? `${fiveXX} (5xx or no answer, over ${reads.reduce((s, r) => s + r.requests, 0)} reads)` : '–', reads.length ? fiveXX === 0 : undefined);

  console.log(`\n=== Summary: ${POLICY_KEY} ${opts.year}, ${opts.applicants} applicants, concurrency ${opts.concurrency} ===`);
  console.log(`NOTE: periods are COMPRESSED: every computeDeadline period (publicity: 10 days by 第二十一条) ends ${opts.periodSeconds} s after it starts.`);
  console.log(table(['target', 'measured', 'verdict'], rows, [false, false, false]));
  const settle = [
    reports ? reportsText(reports) : undefined,
    driveFigures?.settleMs !== undefined
      ? driveFigures.settled
        ? `every workflow completed ${seconds(driveFigures.settleMs)} after the CLOSE`
        : `NOT every workflow had completed ${seconds(driveFigures.settleMs)} after the CLOSE`
      : undefined,
  ].filter(Boolean);
  if (settle.length) console.log(`Settle times (no target; the reads waited for them): ${settle.join('; ')}`);
}

// ---------------------------------------------------------------------------------------------

const USAGE = 'usage: npm run bench:cycle -- [--applicants N] [--concurrency C] [--year Y]';

async function main(): Promise<void> {
  let opts: Options;
  try {
    opts = readOptions();
  } catch (error) {
    console.error(`${error instanceof Error ? error.message : String(error)}\n${USAGE}`);
    process.exit(2);
  }
  console.log(`bench:cycle — ${POLICY_KEY} ${opts.year}: ${opts.applicants} applicants, concurrency ${opts.concurrency}, ${opts.reads} reads per kind`);
  console.log(`NOTE: periods are COMPRESSED: computeDeadline ends every period ${opts.periodSeconds} s after its start (BENCH_PERIOD_SECONDS), instead of 10 days of publicity.`);

  log('starting the system process: Temporal dev server, PostgreSQL, SMTP sink, worker (bundling workflows) and API …');
  const system = await spawnSystem(opts);
  const bench = new Bench(opts, system);
  let stopping: Promise<StopReport> | undefined;
  const stopOnce = () => (stopping ??= system.stop());
  let interrupted = false;
  const onSignal = (signal: NodeJS.Signals) => {
    console.error(`\n[bench] ${signal}: stopping the system process`);
    interrupted = true;
    bench.driveAbort.abort();
    void stopOnce()
      .then((report) => report.lines.forEach((line) => console.error(line)))
      .finally(() => process.exit(130));
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  system.onUnexpectedExit((exit) => {
    console.error(`\n[bench] the system process ended on its own (${exit}); the drive is abandoned`);
    bench.driveAbort.abort();
  });
  log(`system up at ${system.base} (process ${system.pid}; Temporal ${system.temporalAddress}, namespace ${system.namespace}, task queue ${system.taskQueue})`);

  const applicants = benchApplicants(bench.policy, opts.applicants);
  let submissions: SubmissionFigures | undefined;
  let reports: ReportsFigures | undefined;
  let driveFigures: DriveFigures | undefined;
  const reads: ReadFigures[] = [];
  let history: { cycle?: WorkflowFigures; application?: WorkflowFigures } = {};
  try {
    console.log('\n--- 1. Create and announce the cycle ---');
    await createCycle(bench);

    console.log(`\n--- 2. Submit ${applicants.length} applications (categories: ${countBy(applicants.map((a) => a.category)).format()}) ---`);
    submissions = await submitApplications(bench, applicants);
    printSubmissions(submissions);

    console.log('\n--- 4a. Reads after submissions ---');
    log('waiting until the cycle has registered every submitted application (state query) …');
    reports = await waitForReports(bench, submissions.submitted.length, submissions.endedAt);
    console.log(reportsText(reports));
    const early = await measureReads(bench, applicants.map((a) => a.orgId));
    printReads(`Reads after submissions, ${reports.settled ? 'every report in the cycle' : 'NOT every report in the cycle'}, concurrency ${opts.concurrency}:`, early);
    reads.push(...early);

    console.log('\n--- 3. Drive the cycle ---');
    driveFigures = await drive(bench, submissions.submitted);
    printDrive(bench, driveFigures);

    console.log('\n--- 4b. Reads at the end ---');
    const quiet = driveFigures.settled
      ? `every workflow completed (${seconds(driveFigures.settleMs!)} after the CLOSE)`
      : driveFigures.aborted
        ? 'the drive was ABANDONED, workflows may still run'
        : 'NOT every workflow completed';
    const late = await measureReads(bench, applicants.map((a) => a.orgId));
    printReads(`Reads at the end, ${quiet}, concurrency ${opts.concurrency}:`, late);
    reads.push(...late);

    console.log('\n--- 5. Histories ---');
    history = await histories(bench, driveFigures.showcase);
  } catch (error) {
    console.error('\n[bench] the benchmark stopped early:', error);
    process.exitCode = 1;
  } finally {
    // Interrupted: the signal's handler stops the system process and exits; no summary.
    if (interrupted) await new Promise<never>(() => undefined);
    log('stopping the system process …');
    const stopped = await stopOnce();
    // Its log summary and stop messages, printed here, where the in-process benchmark printed them.
    for (const line of stopped.lines) console.log(line);
    if (!stopped.logs) console.log(`the system process did not report its logs (it ended: ${stopped.exit})`);
    log(`system process stopped (${stopped.exit})`);
    printSummary(opts, submissions, driveFigures, bench.tally, reads, history, reports, stopped.logs);
  }
}

function countBy(keys: string[]): Counter {
  const counter = new Counter();
  for (const key of keys) counter.add(key);
  return counter;
}

main().then(
  // Everything is stopped; a leftover handle (a keep-alive socket, the native runtime) must not keep the process up.
  () => process.exit(process.exitCode ?? 0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
