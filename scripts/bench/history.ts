/**
 * History figures of one workflow id across all its runs (continue-as-new chains): events, bytes as
 * Temporal stores them (protobuf-encoded), the largest event, the largest update result, and the
 * state a run was started with (for a continued run, what the previous run carried over).
 */
import type { Client } from '@temporalio/client';
import { temporal } from '@temporalio/proto';

const EventType = temporal.api.enums.v1.EventType;

export interface EventFigure {
  type: string;
  bytes: number;
  /** The update id, for update events: says whose update it was (a report's effect key, a staff key). */
  detail?: string;
}

export interface RunFigures {
  runId: string;
  status: string;
  events: number;
  bytes: number;
  largest: EventFigure | undefined;
  largestUpdateResult: EventFigure | undefined;
  updatesCompleted: number;
  /** Encoded size of the start event's input (the carried state of a continued run). */
  startInputBytes: number;
  continuedAsNew: boolean;
}

export interface WorkflowFigures {
  workflowId: string;
  runs: RunFigures[];
  /** Runs found by following continue-as-new links that visibility had not listed (lag), if any. */
  notListed: number;
}

const typeName = (type: number | null | undefined): string => String(EventType[type ?? 0] ?? type).replace(/^EVENT_TYPE_/, '');

function bigger(a: EventFigure | undefined, b: EventFigure): EventFigure {
  return a && a.bytes >= b.bytes ? a : b;
}

export async function runFigures(client: Client, workflowId: string, runId: string, status: string): Promise<RunFigures> {
  const history = await client.workflow.getHandle(workflowId, runId).fetchHistory();
  const events = history.events ?? [];
  let total = 0;
  let largest: EventFigure | undefined;
  let largestUpdateResult: EventFigure | undefined;
  let updatesCompleted = 0;
  let startInputBytes = 0;
  for (const event of events) {
    const size = temporal.api.history.v1.HistoryEvent.encode(event).finish().length;
    total += size;
    largest = bigger(largest, { type: typeName(event.eventType), bytes: size });
    const completed = event.workflowExecutionUpdateCompletedEventAttributes;
    if (completed) {
      updatesCompleted += 1;
      largestUpdateResult = bigger(largestUpdateResult, { type: typeName(event.eventType), bytes: size, detail: completed.meta?.updateId ?? undefined });
    }
    const started = event.workflowExecutionStartedEventAttributes;
    if (started?.input) startInputBytes = temporal.api.common.v1.Payloads.encode(started.input).finish().length;
  }
  const last = events[events.length - 1];
  return {
    runId,
    status,
    events: events.length,
    bytes: total,
    largest,
    largestUpdateResult,
    updatesCompleted,
    startInputBytes,
    continuedAsNew: Boolean(last?.workflowExecutionContinuedAsNewEventAttributes),
  };
}

/**
 * Every run of `workflowId`, oldest first: listed through visibility, then checked against the
 * chain of continue-as-new links from the first run, which visibility may not have caught up with.
 */
export async function workflowFigures(client: Client, workflowId: string): Promise<WorkflowFigures> {
  const listed: Array<{ runId: string; status: string; start: number }> = [];
  for await (const info of client.workflow.list({ query: `WorkflowId = '${workflowId.replace(/'/g, "\\'")}'` })) {
    listed.push({ runId: info.runId, status: info.status.name, start: info.startTime.getTime() });
  }
  listed.sort((a, b) => a.start - b.start);
  const statusOf = new Map(listed.map((r) => [r.runId, r.status]));

  // Walk back from the newest run to the first through `continuedExecutionRunId`, then forward.
  const newest = await client.workflow.getHandle(workflowId).describe();
  const chain: string[] = [newest.runId];
  for (;;) {
    const history = await client.workflow.getHandle(workflowId, chain[0]).fetchHistory();
    const previous = history.events?.[0]?.workflowExecutionStartedEventAttributes?.continuedExecutionRunId;
    if (!previous || chain.includes(previous)) break;
    chain.unshift(previous);
  }
  statusOf.set(newest.runId, newest.status.name);

  // The chain is the order of the runs; a listed run outside it (another execution under the same id) goes first.
  const runIds = [...listed.map((r) => r.runId).filter((id) => !chain.includes(id)), ...chain];
  const runs: RunFigures[] = [];
  for (const runId of runIds) runs.push(await runFigures(client, workflowId, runId, statusOf.get(runId) ?? 'CONTINUED_AS_NEW'));
  return { workflowId, runs, notListed: chain.filter((id) => !listed.some((r) => r.runId === id)).length };
}

export function overall(figures: WorkflowFigures) {
  let largest: (EventFigure & { run: number }) | undefined;
  let largestUpdateResult: (EventFigure & { run: number }) | undefined;
  figures.runs.forEach((run, i) => {
    if (run.largest && (!largest || run.largest.bytes > largest.bytes)) largest = { ...run.largest, run: i + 1 };
    if (run.largestUpdateResult && (!largestUpdateResult || run.largestUpdateResult.bytes > largestUpdateResult.bytes)) {
      largestUpdateResult = { ...run.largestUpdateResult, run: i + 1 };
    }
  });
  return {
    runs: figures.runs.length,
    events: figures.runs.reduce((sum, r) => sum + r.events, 0),
    bytes: figures.runs.reduce((sum, r) => sum + r.bytes, 0),
    maxRunEvents: Math.max(0, ...figures.runs.map((r) => r.events)),
    maxRunBytes: Math.max(0, ...figures.runs.map((r) => r.bytes)),
    maxStartInputBytes: Math.max(0, ...figures.runs.map((r) => r.startInputBytes)),
    largest,
    largestUpdateResult,
  };
}
