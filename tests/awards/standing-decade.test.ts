/**
 * One organisation's standing over ten simulated years and three awards (Ganzhou 2026, 2032, 2036:
 * 间隔两届 between them), on the time-skipping server with the real worker and mail. Every duty is
 * handled ten days before it is due, so each is reminded only at 30 days. Whatever the years, each
 * run of the workflow stays small: the record is a few entries per award, and the runtime continues
 * it as new before its history grows long.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { standingWorkflowId, type Duty, type StandingContext, type StandingInput } from '../../workflows/machines/standing';
import { sendEventUpdate, stateQuery, systemMessageSignal } from '../../workflows/runtime/definitions';
import type { Actor, MachineEvent, MachineWorkflowInput, StateView } from '../../workflows/runtime/types';
import { eventually } from '../support/eventually';
import { receivedMail, testActivityDeps } from '../support/services';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';

const POLICY = 'ganzhou-2022';
const ORG = `org-decade-${randomUUID().slice(0, 8)}`;
const CONTACT = `${ORG}@example.cn`;
const DAY = 86_400_000;
const YEAR_MS = 365.25 * DAY;
const workflowId = standingWorkflowId(POLICY, ORG);
const applicant: Actor = { id: 'user-1', role: 'applicant' };
const office: Actor = { id: 'office-1', role: 'office' };
/** "A few thousand events" per run, as issue 12 asks. */
const MAX_EVENTS_PER_RUN = 3_000;

let system: TimeSkippingWorker;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  system = await startTimeSkippingWorker('standing-decade-test', await testActivityDeps());
  env = system.env;
});

afterAll(async () => {
  await system?.stop();
});

const read = () => env.client.workflow.getHandle(workflowId).query(stateQuery) as Promise<StateView & { context: StandingContext }>;
const send = (event: MachineEvent, actor: Actor) => env.client.workflow.getHandle(workflowId).executeUpdate(sendEventUpdate, { args: [{ event, actor }] });
const now = () => env.currentTimeMs();

async function award(cycle: number): Promise<void> {
  const awardedAt = await now();
  const args: [MachineWorkflowInput<StandingInput>] = [{ machineInput: { policyKey: POLICY, orgId: ORG, organisationName: '十年示例有限公司', contacts: [CONTACT] } }];
  await env.client.workflow.signalWithStart('standingWorkflow', {
    workflowId,
    taskQueue: system.taskQueue,
    args,
    signal: systemMessageSignal,
    signalArgs: [
      {
        event: { type: 'AWARD_RECORDED', cycle, tierId: 'award', awardedAt, organisationName: '十年示例有限公司', contacts: [CONTACT] },
        messageId: `application/${POLICY}/${cycle}/${ORG}/recordStanding`,
        sender: `application/${POLICY}/${cycle}/${ORG}`,
      },
    ],
  });
  await eventually(read, (s) => s.context.awards.some((a) => a.cycle === cycle), `the ${cycle} award`);
}

const isOpen = (d: Duty) => d.status === 'open' && d.dueAt !== undefined;

/** Handles every dated duty that falls due before `until`, each ten days before its last day. */
async function handleDutiesUntil(until: number): Promise<number> {
  let handled = 0;
  for (;;) {
    const next = (await read()).context.duties.filter(isOpen).sort((a, b) => a.dueAt! - b.dueAt!)[0];
    if (!next || next.dueAt! > until) return handled;
    const at = next.dueAt! - 10 * DAY;
    const wait = at - (await now());
    if (wait > 0) await env.sleep(wait);
    if (next.kind === 'annual-report') await send({ type: 'SUBMIT_REPORT', dutyId: next.id, fileRef: `reports/${next.id}.pdf` }, applicant);
    else await send({ type: 'RECORD_DUTY_DONE', dutyId: next.id, note: '已完成' }, office);
    handled += 1;
  }
}

/** Events of every run of the standing's chain, oldest first. */
async function runSizes(): Promise<number[]> {
  const sizes: number[] = [];
  const first = await env.client.workflow.getHandle(workflowId).describe();
  // Walk the chain from the first run: each continued-as-new run names its successor.
  let runId: string | undefined = (first.raw.workflowExecutionInfo?.firstRunId as string | undefined) ?? undefined;
  while (runId) {
    const history = await env.client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    sizes.push(events.length);
    runId = events[events.length - 1]?.workflowExecutionContinuedAsNewEventAttributes?.newExecutionRunId ?? undefined;
  }
  return sizes;
}

describe('a standing over ten years and three awards', () => {
  it('handles every duty, reminds of each once, and keeps every run under a few thousand events', async () => {
    const start = await now();
    await award(2026);
    let handled = await handleDutiesUntil(start + 6 * YEAR_MS - 30 * DAY);
    await env.sleep(start + 6 * YEAR_MS - (await now()));
    await award(2032);
    handled += await handleDutiesUntil(start + 10 * YEAR_MS - 30 * DAY);
    await env.sleep(start + 10 * YEAR_MS - (await now()));
    await award(2036);
    handled += await handleDutiesUntil(start + 10 * YEAR_MS + 11 * 30 * DAY);

    const { context } = await read();
    expect(context.awards.map((a) => [a.cycle, a.expired ?? false])).toEqual([
      [2026, true],
      [2032, true],
      [2036, false],
    ]);
    const end = await now();
    expect(context.duties.filter((d) => d.dueAt !== undefined && d.dueAt < end).every((d) => d.status !== 'open')).toBe(true);
    expect(context.duties.some((d) => d.overdue)).toBe(false);
    expect(handled).toBeGreaterThanOrEqual(2 * 5);

    // Handled ten days ahead, each duty with the organisation as its addressee was reminded once, at 30 days.
    const mails = (await receivedMail()).filter((m) => m.headers['x-workflow-id'] === workflowId && m.to.includes(CONTACT));
    expect(new Set(mails.map((m) => m.headers['x-idempotency-key'])).size).toBe(mails.length);
    expect(mails.every((m) => m.subject.startsWith('【提醒】'))).toBe(true);

    const sizes = await runSizes();
    expect(Math.max(...sizes)).toBeLessThan(MAX_EVENTS_PER_RUN);
    console.log(`[standing-decade] ${sizes.length} run(s), events per run: ${sizes.join(', ')}; ${mails.length} reminders; ${handled} duties handled`);
  });
});
