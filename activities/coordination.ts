/**
 * Messages between award workflows. An application reports its status to its cycle; a cycle tells
 * its applications what stage it is in and what they were awarded. Both travel as the runtime's
 * `sendEvent` update, with an update id derived from the effect's idempotency key, so a retried
 * activity is answered by the receiving workflow instead of applied twice.
 */
import { Context } from '@temporalio/activity';
import { WorkflowNotFoundError, WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { sendEventUpdate } from '../workflows/runtime/definitions';
import { SYSTEM_ROLE, TRANSITION_REFUSED, type EffectInput, type MachineEvent } from '../workflows/runtime/types';

export interface ReportToCycleParams {
  cycleWorkflowId: string;
  orgId: string;
  status: string;
  [field: string]: unknown;
}

export interface BroadcastParams {
  event: MachineEvent;
  /** Workflow ids of the applications that receive the event. */
  applicationWorkflowIds: string[];
}

/** The sender of system messages, as recorded in the receiver's history. */
function systemActor(input: EffectInput) {
  return { id: input.workflowId, role: SYSTEM_ROLE };
}

async function deliver(workflowId: string, event: MachineEvent, updateId: string, input: EffectInput): Promise<void> {
  const client = Context.current().client;
  try {
    await client.workflow
      .getHandle(workflowId)
      .executeUpdate(sendEventUpdate, { args: [{ event, actor: systemActor(input) }], updateId });
  } catch (error) {
    // A refusal will not change on retry: record it in this workflow's history and move on.
    if (error instanceof WorkflowUpdateFailedError && error.cause instanceof ApplicationFailure && error.cause.type === TRANSITION_REFUSED) {
      throw ApplicationFailure.nonRetryable(`${workflowId} 拒绝了 ${event.type}：${error.cause.message}`, 'MessageRefused', error.cause.details?.[0]);
    }
    // Unknown or already finished: nothing is waiting for the message any more.
    if (error instanceof WorkflowNotFoundError) {
      throw ApplicationFailure.nonRetryable(`流程 ${workflowId} 不存在或已结束，${event.type} 未送达`, 'RecipientGone');
    }
    throw error;
  }
}

export async function reportToCycle(input: EffectInput<ReportToCycleParams>): Promise<void> {
  const { cycleWorkflowId, ...report } = input.params;
  await deliver(cycleWorkflowId, { ...report, type: 'APPLICATION_REPORTED' }, input.idempotencyKey, input);
}

export async function broadcastToApplications(input: EffectInput<BroadcastParams>): Promise<{ undelivered: string[] }> {
  const undelivered: string[] = [];
  for (const workflowId of input.params.applicationWorkflowIds) {
    try {
      await deliver(workflowId, input.params.event, `${input.idempotencyKey}/${workflowId}`, input);
    } catch (error) {
      // One finished or refusing application must not keep the others from hearing the news.
      if (!(error instanceof ApplicationFailure && error.nonRetryable)) throw error;
      Context.current().log.warn('message not delivered', { workflowId, event: input.params.event.type, reason: error.message });
      undelivered.push(workflowId);
    }
  }
  return { undelivered };
}
