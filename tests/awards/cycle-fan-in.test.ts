/**
 * Deadline day on the time-skipping server: hundreds of applications report to one cycle, each
 * report duplicated and delivered out of order, while the cycle continues as new several times.
 * The reports are sent as the `reportToCycle` activity sends them (the runtime's system message
 * signal, carrying the application's transition number), so the test can shuffle and repeat them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import type { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { cycleWorkflow } from '../../workflows';
import { cycleWorkflowId, type CycleContext } from '../../workflows/machines/cycle';
import type { ApplicationStatus } from '../../workflows/machines/application';
import { sendEventUpdate, stateQuery, systemMessageSignal } from '../../workflows/runtime/definitions';
import type { MachineEvent, MachineWorkflowInput, RefusalDetails } from '../../workflows/runtime/types';
import { testActivityDeps } from '../support/services';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';
import { createWorker } from '../../worker/worker';
import { workflowBundle } from '../support/temporal';
import { goodProfile } from '../policy/fixtures';
import { loadPolicy } from '../../workflows/policy/index.js';
import { applicationWorkflowId } from '../../workflows/machines/cycle';
import type { applicationWorkflow } from '../../workflows';
import { MAX_BATCH, MAX_CARRIED_TRANSITIONS } from '../../workflows/runtime/records';

const N = 300;
const POLICY = 'ganzhou-2022';
// Its own year: the applications table (PostgreSQL) is shared by every test file of the run.
const YEAR = 2032;
const DAY = 86_400_000;
const office = { id: 'office-1', role: 'office' };

let system: TimeSkippingWorker;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  system = await startTimeSkippingWorker('cycle-fan-in-test', await testActivityDeps());
  env = system.env;
});

afterAll(async () => {
  await system?.stop();
});

interface Report {
  orgId: string;
  seq: number;
  status: ApplicationStatus;
  messageId: string;
}

const orgId = (i: number) => `org-${String(i).padStart(4, '0')}`;

/** Each application's reports in the order it made them: every tenth needs a supplement, every seventh is ineligible. */
function reportsOf(i: number): Report[] {
  const id = orgId(i);
  const path: Array<[number, ApplicationStatus]> =
    i % 10 === 0
      ? [[0, 'submitted'], [2, 'supplementRequested'], [4, 'submitted'], [6, i % 7 === 0 ? 'ineligible' : 'eligible']]
      : [[0, 'submitted'], [3, i % 7 === 0 ? 'ineligible' : 'eligible']];
  return path.map(([seq, status]) => ({ orgId: id, seq, status, messageId: `application/${id}/${seq}.0/reportToCycle` }));
}

/** A deterministic shuffle, so a failure can be reproduced. */
function shuffled<T>(items: T[], seed = 7): T[] {
  const out = [...items];
  let state = seed;
  for (let i = out.length - 1; i > 0; i -= 1) {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    const j = state % (i + 1);
    [out[i], out[j]] = [out[j]!, out[i]!];
  }
  return out;
}

async function deliver(handle: WorkflowHandle, reports: Report[], submittedAt: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (let k = next++; k < reports.length; k = next++) {
      const r = reports[k]!;
      const event: MachineEvent = {
        type: 'APPLICATION_REPORTED',
        orgId: r.orgId,
        seq: r.seq,
        status: r.status,
        category: 'manufacturing',
        organisationName: `${r.orgId}质量有限公司`,
        ...(r.status === 'submitted' ? { submittedAt } : {}),
      };
      await handle.signal(systemMessageSignal, { event, messageId: r.messageId, sender: `application/${POLICY}/${YEAR}/${r.orgId}` });
    }
  };
  await Promise.all(Array.from({ length: 25 }, worker));
}

async function table(handle: WorkflowHandle): Promise<CycleContext['applications']> {
  return ((await handle.query(stateQuery)).context as CycleContext).applications;
}

async function settle<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let attempt = 0; attempt < 200; attempt += 1) {
    const value = await read();
    if (done(value)) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the cycle did not settle');
}

async function runIds(handle: WorkflowHandle, latest: string): Promise<string[]> {
  // Walk back from the latest run through each run's first event, which names the run it continues.
  const ids = [latest];
  for (;;) {
    const history = await env.client.workflow.getHandle(handle.workflowId, ids[0]).fetchHistory();
    const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) return ids;
    ids.unshift(previous);
  }
}

describe('a cycle on deadline day', () => {
  it(`keeps its table of ${N} applications exact through duplicated, reordered reports and continue-as-new`, async () => {
    const now = await env.currentTimeMs();
    const handle = await env.client.workflow.start<typeof cycleWorkflow>('cycleWorkflow', {
      taskQueue: system.taskQueue,
      workflowId: cycleWorkflowId(POLICY, YEAR),
      // Small runs, so that a few hundred applications cross several of them.
      args: [{ machineInput: { policyKey: POLICY, year: YEAR, applicationDeadline: now + 30 * DAY }, maxHistoryEvents: 250 }],
    });
    await handle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'ANNOUNCE' }, actor: office }] });

    const all = Array.from({ length: N }, (_, i) => reportsOf(i));
    const registrations = all.map((reports) => reports[0]!);
    // Every registration twice: once as retried (same message id), once as a copy with a new id,
    // which only the application's transition number can tell apart.
    await deliver(handle, shuffled([...registrations, ...registrations, ...registrations.map((r) => ({ ...r, messageId: `${r.messageId}/copy` }))]), now);
    const registered = await settle(() => table(handle), (t) => Object.keys(t).length === N);
    expect(Object.values(registered).every((row) => row.status === 'submitted' && row.reportSeq === 0)).toBe(true);

    await handle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'CLOSE_APPLICATIONS' }, actor: office }] });
    // One application submitted before the close whose first report arrives after it is still
    // taken; one submitted after the close is not.
    await deliver(handle, [{ orgId: 'late-but-timely', seq: 0, status: 'submitted', messageId: 'late-1' }], now);
    await deliver(handle, [{ orgId: 'too-late', seq: 0, status: 'submitted', messageId: 'late-2' }], (await env.currentTimeMs()) + DAY);

    const error = await handle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'ADVANCE_STAGE' }, actor: office }] }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const unresolved = ((error as WorkflowUpdateFailedError).cause as ApplicationFailure).details?.[0] as RefusalDetails;
    expect(unresolved.code).toBe('APPLICATIONS_UNRESOLVED');
    expect(unresolved.message).toContain(`尚有${N + 1}个申报未办结`);
    expect(unresolved.message).toContain('org-0000（已提交申报）');
    // A refusal names a few and counts the rest: its size does not grow with the cycle.
    expect(unresolved.message).toContain(`另有${N + 1 - 20}个未列出`);

    // The rest of each application's reports, shuffled across applications and within each, with
    // stale repeats of earlier reports delivered after newer ones.
    const later = all.flatMap((reports) => reports.slice(1));
    const stale = all.flatMap((reports) => reports.slice(0, -1).map((r) => ({ ...r, messageId: `${r.messageId}/late-copy` })));
    await deliver(handle, shuffled([...later, ...shuffled(stale, 11), ...later], 3), now);
    await deliver(handle, [{ orgId: 'late-but-timely', seq: 3, status: 'eligible', messageId: 'late-1b' }], now);

    const expected = Object.fromEntries(all.map((reports) => [reports.at(-1)!.orgId, reports.at(-1)!]));
    const final = await settle(() => table(handle), (t) => Object.entries(expected).every(([id, r]) => t[id]?.reportSeq === r.seq));
    expect(Object.keys(final).sort()).toEqual([...Object.keys(expected), 'late-but-timely'].sort());
    for (const [id, r] of Object.entries(expected)) expect(final[id], id).toMatchObject({ status: r.status, reportSeq: r.seq });
    expect(final['late-but-timely']?.status).toBe('eligible');

    // Every application resolved: the cycle moves on.
    const advanced = await handle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'ADVANCE_STAGE' }, actor: office }] });
    expect(advanced.stage).toBe('materialReview');

    // It rolled over (the audit trail may defer a roll-over to the end of a burst, see
    // workflows/runtime/records.ts), and what crossed over stayed small: ids, statuses and numbers, no names.
    const runs = await runIds(handle, (await handle.describe()).runId);
    expect(runs.length).toBeGreaterThanOrEqual(2);
    let largestEvent = 0;
    for (const runId of runs) {
      const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
      for (const event of history.events ?? []) {
        const bytes = temporal.api.history.v1.HistoryEvent.encode(event).finish().length;
        const startsRun = event.workflowExecutionStartedEventAttributes || event.workflowExecutionContinuedAsNewEventAttributes;
        if (!startsRun) largestEvent = Math.max(largestEvent, bytes);
      }
      const carried = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0]?.data;
      const input = JSON.parse(Buffer.from(carried!).toString('utf8')) as MachineWorkflowInput;
      // Bounded by the remembered message ids (200), a few dozen bytes per application and the
      // audit trail's carried backlog (a few hundred bytes per transition, capped).
      expect(JSON.stringify(input).length, `run ${runId} input`).toBeLessThan(20_000 + (N + 1) * 100 + MAX_CARRIED_TRANSITIONS * 300);
      expect(JSON.stringify(input)).not.toContain('质量有限公司');
    }
    // No event but a run's start (which carries the table) grows with the number of applications;
    // the largest are the audit trail's batches, capped at MAX_BATCH transitions.
    expect(largestEvent).toBeLessThan(MAX_BATCH * 300);
  });

  it('registers an application submitted before the close whose first task runs only after it', async () => {
    const year = YEAR + 1;
    const now = await env.currentTimeMs();
    const cycle = await env.client.workflow.start<typeof cycleWorkflow>('cycleWorkflow', {
      taskQueue: system.taskQueue,
      workflowId: cycleWorkflowId(POLICY, year),
      args: [{ machineInput: { policyKey: POLICY, year, applicationDeadline: now + 30 * DAY } }],
    });
    await cycle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'ANNOUNCE' }, actor: office }] });
    // Submitted on a task queue no worker polls yet: the backlog of deadline day.
    const backlog = 'cycle-fan-in-backlog';
    const name = 'backlog质量有限公司';
    await env.client.workflow.start<typeof applicationWorkflow>('applicationWorkflow', {
      taskQueue: backlog,
      workflowId: applicationWorkflowId(POLICY, year, 'backlog'),
      args: [{ machineInput: { policyKey: POLICY, year, orgId: 'backlog', organisationName: name, category: 'manufacturing', profile: goodProfile(loadPolicy(POLICY), { organisationId: 'backlog', name, industry: 'manufacturing' }) } }],
    });
    await cycle.executeUpdate(sendEventUpdate, { args: [{ event: { type: 'CLOSE_APPLICATIONS' }, actor: office }] });

    const late = await createWorker({ connection: env.nativeConnection, namespace: env.namespace ?? 'default', taskQueue: backlog, workflowBundle: await workflowBundle(), deps: system.deps });
    const running = late.run();
    try {
      const registered = await settle(() => table(cycle), (t) => t.backlog !== undefined);
      expect(registered.backlog?.status).toBe('submitted');
      const app = env.client.workflow.getHandle(applicationWorkflowId(POLICY, year, 'backlog'));
      // The cycle tells it the stage it registered in, so it can be reviewed like the others.
      await settle(() => app.query(stateQuery), (v) => (v.context as { cycleStage: string }).cycleStage === 'eligibilityReview');
    } finally {
      late.shutdown();
      await running;
    }
  });
});
