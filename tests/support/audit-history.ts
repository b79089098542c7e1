/**
 * Holds a workflow's audit trail against its Temporal history, transition for transition: every
 * accepted update in the history is one row (its id, event, actor, resulting stage and seq), every
 * row a system message caused names a signal in the history, every row a timer caused comes in a
 * workflow task that a fired timer woke, every row an activity's answer caused is one of the
 * answers in the history (messages and answers the machine refused are no rows); the
 * rows run seq 1..n with no gap or repeat, each starts where the previous one ended, and the last
 * ends where the workflow stands. Runs of a continue-as-new chain are read back to the first.
 */
import { expect } from 'vitest';
import type { Client } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import type { temporal } from '@temporalio/proto';
import { auditOf, type AuditEntry, type Database } from '../../db';
import { stateQuery, type SendEventArgs, type SystemMessageArgs } from '../../workflows/runtime/definitions';
import type { StateView, TransitionResult } from '../../workflows/runtime/types';
import { eventually } from './eventually';

type HistoryEvent = temporal.api.history.v1.IHistoryEvent;

const decode = <T>(payload: unknown): T => defaultPayloadConverter.fromPayload<T>(payload as never);
const millis = (time: HistoryEvent['eventTime']) => Number(time?.seconds ?? 0) * 1000 + Math.floor((time?.nanos ?? 0) / 1e6);

/** The chain's events, first run first. */
async function chainHistory(client: Client, workflowId: string): Promise<HistoryEvent[]> {
  const runs: HistoryEvent[][] = [];
  let runId: string | undefined;
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
    const events = history.events ?? [];
    runs.unshift(events);
    const previous = events[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous) return runs.flat();
    runId = previous;
  }
}

export async function expectAuditMatchesHistory(client: Client, db: Database, workflowId: string): Promise<AuditEntry[]> {
  const view = (await client.workflow.getHandle(workflowId).query(stateQuery)) as StateView;
  const trail = await eventually(() => auditOf(db, workflowId), (rows) => rows.length >= view.seq, `${workflowId}: ${view.seq} transitions in the audit trail`);
  const events = await chainHistory(client, workflowId);

  // Seq 1..n, each row starting where the last ended, the last where the workflow stands.
  expect(trail.map((t) => t.seq), workflowId).toEqual(Array.from({ length: view.seq }, (_, i) => i + 1));
  trail.slice(1).forEach((row, i) => expect(row.stageBefore, `${workflowId} seq ${row.seq}`).toBe(trail[i]!.stageAfter));
  if (trail.length > 0) expect(trail.at(-1)!.stageAfter).toBe(view.stage);

  // Updates: the history's accepted requests and their results.
  const requests = new Map<string, SendEventArgs>();
  const results = new Map<string, TransitionResult>();
  const signals = new Map<string, SystemMessageArgs>();
  const feedback: string[] = [];
  /** Instants of workflow tasks that a fired timer woke. */
  const timerWoken = new Set<number>();
  let timerFiredSinceTask = false;
  for (const event of events) {
    const accepted = event.workflowExecutionUpdateAcceptedEventAttributes;
    if (accepted?.acceptedRequest?.meta?.updateId) requests.set(accepted.acceptedRequest.meta.updateId, decode<SendEventArgs>(accepted.acceptedRequest.input?.args?.payloads?.[0]));
    const completed = event.workflowExecutionUpdateCompletedEventAttributes;
    if (completed?.meta?.updateId && completed.outcome?.success) results.set(completed.meta.updateId, decode<TransitionResult>(completed.outcome.success.payloads?.[0]));
    const signalled = event.workflowExecutionSignaledEventAttributes;
    if (signalled?.signalName === 'systemMessage') {
      const message = decode<SystemMessageArgs>(signalled.input?.payloads?.[0]);
      if (!signals.has(message.messageId)) signals.set(message.messageId, message);
    }
    const answered = event.activityTaskCompletedEventAttributes?.result?.payloads?.[0];
    if (answered) {
      const result = decode<unknown>(answered);
      if (result && typeof result === 'object' && typeof (result as { type?: unknown }).type === 'string') feedback.push((result as { type: string }).type);
    }
    if (event.timerFiredEventAttributes) timerFiredSinceTask = true;
    if (event.workflowTaskStartedEventAttributes) {
      if (timerFiredSinceTask) timerWoken.add(millis(event.eventTime));
      timerFiredSinceTask = false;
    }
  }

  const byUpdate = trail.filter((t) => t.updateId !== null);
  expect(new Set(byUpdate.map((t) => t.updateId)).size, `${workflowId}: one row per update`).toBe(byUpdate.length);
  expect(byUpdate.map((t) => t.updateId).sort(), `${workflowId}: the accepted updates`).toEqual([...results.keys()].sort());
  for (const row of byUpdate) {
    const request = requests.get(row.updateId!)!;
    const result = results.get(row.updateId!)!;
    expect({ event: row.event, actor: row.actor, seq: row.seq, stage: row.stageAfter }, `${workflowId} update ${row.updateId}`).toEqual({
      event: request.event.type,
      actor: request.actor ?? null,
      seq: result.seq,
      stage: result.stage,
    });
  }

  const byMessage = trail.filter((t) => t.messageId !== null);
  for (const row of byMessage) {
    const signal = signals.get(row.messageId!);
    expect(signal, `${workflowId}: message ${row.messageId} in the history`).toBeDefined();
    expect({ event: row.event, actor: row.actor }).toEqual({ event: signal!.event.type, actor: { id: signal!.sender, role: 'system' } });
  }

  const byTimer = trail.filter((t) => t.actor?.id.startsWith('timer:'));
  for (const row of byTimer) expect(timerWoken.has(Date.parse(row.at)), `${workflowId} seq ${row.seq} (${row.event}) in a task a fired timer woke`).toBe(true);

  // An activity's answer the machine did not take (the moment had passed) is no transition.
  const byEffect = trail.filter((t) => t.actor?.id.startsWith('effect:'));
  const answers = [...feedback];
  for (const row of byEffect) {
    const index = answers.indexOf(row.event);
    expect(index, `${workflowId} seq ${row.seq}: ${row.event} answered by an activity in the history`).toBeGreaterThanOrEqual(0);
    answers.splice(index, 1);
  }

  // Nothing else moved the workflow.
  expect(byUpdate.length + byMessage.length + byTimer.length + byEffect.length, `${workflowId}: every row explained`).toBe(trail.length);
  return trail;
}
