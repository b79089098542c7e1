/**
 * The durable runtime on Temporal's real time-skipping test server, with the real worker and the
 * demo machine: timers measured in years fire in seconds, and history proves what happened.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually } from '../support/eventually';
import { WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { temporal } from '@temporalio/proto';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sendEventUpdate, stateQuery } from '../../workflows/runtime/definitions';
import type { demoNoticeWorkflow } from '../../workflows';
import type { DemoNoticeInput } from '../../workflows/machines/demo-notice';
import type { MachineEvent, MachineWorkflowInput, StateView, TransitionResult } from '../../workflows/runtime/types';
import { testActivityDeps } from '../support/services';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';

const DAY = 86_400_000;
const taskQueue = 'runtime-test';
let env: TestWorkflowEnvironment;
let system: TimeSkippingWorker;

beforeAll(async () => {
  system = await startTimeSkippingWorker(taskQueue, await testActivityDeps());
  env = system.env;
});

afterAll(async () => {
  await system?.stop();
});

async function startNotice(input: Partial<DemoNoticeInput> = {}, maxHistoryEvents?: number) {
  const id = `demo-notice/${randomUUID()}`;
  return env.client.workflow.start<typeof demoNoticeWorkflow>('demoNoticeWorkflow', {
    taskQueue,
    workflowId: id,
    args: [
      {
        machineInput: { noticeId: id, title: '样例公示', publicityDays: 10, validityDays: 1096, ...input },
        maxHistoryEvents,
      },
    ],
  });
}

function send(handle: WorkflowHandle, event: MachineEvent, updateId?: string): Promise<TransitionResult> {
  return handle.executeUpdate(sendEventUpdate, {
    args: [{ event, actor: { id: 'staff-1', role: 'office' } }],
    ...(updateId ? { updateId } : {}),
  });
}

async function historyEventTypes(handle: WorkflowHandle): Promise<string[]> {
  const events = (await handle.fetchHistory()).events ?? [];
  return events.map((e) => temporal.api.enums.v1.EventType[e.eventType ?? 0] ?? String(e.eventType));
}

/** The input a run handed to its successor when it continued as new. */
async function continuedAsNewInput(handle: WorkflowHandle, runId: string): Promise<MachineWorkflowInput> {
  const history = await env.client.workflow.getHandle(handle.workflowId, runId).fetchHistory();
  const event = history.events?.find((e) => e.workflowExecutionContinuedAsNewEventAttributes);
  const payload = event?.workflowExecutionContinuedAsNewEventAttributes?.input?.payloads?.[0];
  expect(payload, 'a continue-as-new event with its input').toBeDefined();
  return JSON.parse(Buffer.from(payload!.data!).toString('utf8')) as MachineWorkflowInput;
}

const WORKFLOW_TASK_BOOKKEEPING = /^EVENT_TYPE_WORKFLOW_TASK_(SCHEDULED|STARTED|COMPLETED)$/;

describe('durable machine runtime on the time-skipping server', () => {
  it('fires a 3-year validity timer in seconds, at the instant it was due', async () => {
    const handle = await startNotice({ validityDays: 3 * 365 + 1 });
    await send(handle, { type: 'SUBMIT' });
    const publicity = await send(handle, { type: 'APPROVE' });
    expect(publicity.stage).toBe('publicity');
    const publicityEnds = Date.parse(publicity.since) + 10 * DAY;
    const validityEnds = publicityEnds + (3 * 365 + 1) * DAY;

    const result = await handle.result();
    expect(result.stage).toBe('expired');
    expect(result.status).toBe('done');
    const expiredAt = Date.parse(result.since);
    expect(expiredAt).toBeGreaterThanOrEqual(validityEnds);
    expect(expiredAt - validityEnds).toBeLessThan(60_000);
  });

  it('refuses an event the stage does not accept, with the reason, and leaves history unchanged', async () => {
    const handle = await startNotice();
    await send(handle, { type: 'SUBMIT' });
    // The transition's audit entry is written by an activity that ends after the update answers.
    await eventually(async () => (await handle.describe()).raw.pendingActivities ?? [], (pending) => pending.length === 0, 'the audit entry written');
    const before = await historyEventTypes(handle);

    const error = await send(handle, { type: 'REVOKE' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(WorkflowUpdateFailedError);
    const cause = (error as WorkflowUpdateFailedError).cause;
    expect(cause).toBeInstanceOf(ApplicationFailure);
    expect((cause as ApplicationFailure).type).toBe('TransitionRefused');
    expect((cause as ApplicationFailure).message).toBe('当前阶段「审核中」不接受操作 REVOKE');
    expect((cause as ApplicationFailure).details?.[0]).toMatchObject({
      code: 'EVENT_NOT_ALLOWED_IN_STAGE',
      stage: 'review',
      allowedEvents: ['APPROVE', 'REJECT'],
    });

    // The dev server drops the validator's workflow task entirely (see the end-to-end test); the
    // time-skipping server records that task, but no update and no state change may appear.
    const after = await historyEventTypes(handle);
    expect(after.slice(0, before.length)).toEqual(before);
    expect(after.slice(before.length).filter((type) => !WORKFLOW_TASK_BOOKKEEPING.test(type))).toEqual([]);
    expect((await handle.query(stateQuery)).stage).toBe('review');
  });

  it('applies a repeated update id once and answers it with the first result', async () => {
    const handle = await startNotice();
    await send(handle, { type: 'SUBMIT' });
    await send(handle, { type: 'APPROVE' });
    const first = await send(handle, { type: 'NOTE', text: '第一次' }, 'note-once');
    const again = await send(handle, { type: 'NOTE', text: '第一次' }, 'note-once');
    expect(again).toEqual(first);
    const state = await handle.query(stateQuery);
    expect((state.context as { notes: string[] }).notes).toEqual(['第一次']);
    expect(state.seq).toBe(first.seq);
  });

  it('keeps a 5-year wait, its end instant and update ids across continue-as-new', async () => {
    const handle = await startNotice({ validityDays: 5 * 365 + 1 }, 40);
    await send(handle, { type: 'SUBMIT' });
    await send(handle, { type: 'APPROVE' });
    await env.sleep(11 * DAY);
    const valid = await handle.query(stateQuery);
    expect(valid.stage).toBe('valid');
    const [validityTimer] = valid.timers;
    expect(validityTimer).toBeDefined();

    await env.sleep(2 * 365 * DAY);
    const firstRun = (await handle.describe()).runId;
    const remembered = await send(handle, { type: 'NOTE', text: '年报 1' }, 'report-1');
    let notes = 1;
    while ((await handle.describe()).runId === firstRun) {
      expect(notes).toBeLessThan(20);
      notes += 1;
      await send(handle, { type: 'NOTE', text: `年报 ${notes}` });
    }

    const afterRollOver = await handle.query(stateQuery);
    expect(afterRollOver.stage).toBe('valid');
    expect(afterRollOver.since).toBe(valid.since);
    expect(afterRollOver.timers).toEqual([validityTimer]);
    expect(await send(handle, { type: 'NOTE', text: '年报 1' }, 'report-1')).toEqual(remembered);
    expect((afterRollOver.context as { notes: string[] }).notes).toHaveLength(notes);

    // What crossed over: the remembered results are small transition results, never whole views.
    const carried = (await continuedAsNewInput(handle, firstRun)).carried!;
    const rememberedThere = new Map(carried.recentUpdates);
    expect(rememberedThere.get('report-1')).toEqual(remembered);
    for (const [, result] of carried.recentUpdates) expect(Object.keys(result).sort()).toEqual(['machine', 'nextActor', 'seq', 'since', 'stage', 'stageLabel', 'status']);

    const result = await handle.result();
    expect(result.stage).toBe('expired');
    expect(Date.parse(result.since)).toBeGreaterThanOrEqual(Date.parse(validityTimer!.dueAt));
    expect(Date.parse(result.since) - Date.parse(validityTimer!.dueAt)).toBeLessThan(60_000);
  });

  it('keeps the search attributes current', async () => {
    const handle = await startNotice({ jurisdiction: 'ganzhou-2022', organisation: '赣州示例公司' });
    await send(handle, { type: 'SUBMIT' });
    const attributes = (await handle.describe()).typedSearchAttributes;
    const byName = Object.fromEntries(attributes.getAll().map((pair) => [pair.key.name, pair.value]));
    expect(byName).toMatchObject({
      AwardJurisdiction: 'ganzhou-2022',
      AwardOrganisation: '赣州示例公司',
      AwardStage: 'review',
      AwardNextActor: 'office',
    });
  });
});
