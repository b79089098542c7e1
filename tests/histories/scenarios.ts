/**
 * Scenarios whose histories are recorded (scripts/record-histories.ts) and replayed in CI
 * (tests/runtime/replay.test.ts). Each runs the demo machine through a path the runtime must keep
 * replaying identically for as long as such workflows may be open: years.
 */
import type { Client } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sendEventUpdate } from '../../workflows/runtime/definitions';
import type { demoNoticeWorkflow } from '../../workflows';
import type { DemoNoticeInput } from '../../workflows/machines/demo-notice';
import type { MachineEvent } from '../../workflows/runtime/types';

const DAY = 86_400_000;

export interface Scenario {
  name: string;
  /** Runs the scenario; returns the workflow whose chain of runs is recorded. */
  run(env: TestWorkflowEnvironment, taskQueue: string): Promise<{ workflowId: string; firstRunId: string }>;
}

async function startNotice(client: Client, taskQueue: string, name: string, input: Partial<DemoNoticeInput>, maxHistoryEvents?: number) {
  return client.workflow.start<typeof demoNoticeWorkflow>('demoNoticeWorkflow', {
    taskQueue,
    workflowId: `demo-notice/${name}`,
    args: [
      {
        machineInput: { noticeId: name, title: '回放样例', jurisdiction: 'ganzhou-2022', publicityDays: 10, validityDays: 1096, ...input },
        maxHistoryEvents,
      },
    ],
  });
}

const send = (handle: { executeUpdate: Function }, event: MachineEvent, updateId?: string) =>
  handle.executeUpdate(sendEventUpdate, { args: [{ event, actor: { id: 'office-1', role: 'office' } }], ...(updateId ? { updateId } : {}) });

export const scenarios: Scenario[] = [
  {
    name: 'full-validity',
    async run(env, taskQueue) {
      const handle = await startNotice(env.client, taskQueue, 'full-validity', {});
      await send(handle, { type: 'SUBMIT' });
      await send(handle, { type: 'APPROVE' });
      await env.sleep(5 * DAY);
      await send(handle, { type: 'NOTE', text: '公示期间的说明' });
      await handle.result();
      return { workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId };
    },
  },
  {
    name: 'objection-loop-and-revocation',
    async run(env, taskQueue) {
      const handle = await startNotice(env.client, taskQueue, 'objection-loop-and-revocation', {});
      await send(handle, { type: 'SUBMIT' });
      await send(handle, { type: 'APPROVE' });
      await env.sleep(3 * DAY);
      await send(handle, { type: 'OBJECT', reason: '材料存疑' });
      await send(handle, { type: 'DISMISS' });
      await env.sleep(11 * DAY);
      await send(handle, { type: 'REVOKE', reason: '发生重大质量事故' });
      await handle.result();
      return { workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId };
    },
  },
  {
    name: 'continue-as-new-during-validity',
    async run(env, taskQueue) {
      const handle = await startNotice(env.client, taskQueue, 'continue-as-new-during-validity', { validityDays: 1826 }, 40);
      await send(handle, { type: 'SUBMIT' });
      await send(handle, { type: 'APPROVE' });
      await env.sleep(11 * DAY);
      for (let year = 1; year <= 8; year += 1) {
        await send(handle, { type: 'NOTE', text: `年度报告 ${year}` }, `report-${year}`);
      }
      await send(handle, { type: 'NOTE', text: '年度报告 1' }, 'report-1');
      await handle.result();
      return { workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId };
    },
  },
];
