/**
 * What the runtime leaves in the records database, so that it outlives Temporal's retention: every
 * accepted transition (the audit trail) and, when the machine finishes, its final view (the archive).
 *
 * Both go through local activities, not ordinary ones. A local activity runs inside the workflow
 * task that needs it and leaves one marker event in history; an ordinary activity costs three
 * events plus a workflow task of its own. Transitions are batched on top of that, single-flight:
 * the first transition is written at once, those accepted while a write is in flight go together
 * in the next one. A quiet workflow pays one marker per transition, a busy one (the cycle on
 * deadline day, a burst of reports in one task) one per batch. A batch is keyed by (workflow,
 * chain, seq) in PostgreSQL, so a retried or replayed write adds nothing twice; the workflow waits
 * for the trail to drain before it continues as new or completes, so nothing is carried or lost.
 */
import * as wf from '@temporalio/workflow';
import type { Actor, ArchiveInput, MachineEvent, StateView, TransitionBatchInput, TransitionRecord } from './types';

/** PostgreSQL takes a few hundred rows in one statement comfortably; a longer backlog goes in several. */
const MAX_BATCH = 500;

const records = wf.proxyLocalActivities<{
  recordTransitions(batch: TransitionBatchInput): Promise<{ written: number }>;
  archiveRecord(input: ArchiveInput): Promise<{ created: boolean }>;
}>({
  startToCloseTimeout: '30 seconds',
  // A database outage delays the trail (and the workflow's close), never loses it.
  retry: { initialInterval: '1 second', backoffCoefficient: 2, maximumInterval: '1 minute' },
});

/** Why a transition happened, as the runtime knows it when it commits one. */
export interface TransitionCause {
  event: MachineEvent;
  actor: Actor | null;
  updateId?: string;
  messageId?: string;
}

export function transitionRecord(cause: TransitionCause, stageBefore: string, stageAfter: string, seq: number, at: number): TransitionRecord {
  const reason = cause.event.reason;
  return {
    seq,
    event: cause.event.type,
    stageBefore,
    stageAfter,
    actor: cause.actor,
    at,
    reason: typeof reason === 'string' && reason !== '' ? reason : null,
    updateId: cause.updateId ?? null,
    messageId: cause.messageId ?? null,
  };
}

export interface RecordsKeeper {
  /** Queues a transition for the trail; written within the task or the next one. */
  transition(record: TransitionRecord): void;
  /** True when every queued transition has been written. */
  drained(): boolean;
  /** Writes the final view; call once the trail has drained, before the workflow returns. */
  archive(view: StateView): Promise<void>;
}

/** A keeper for workflows that do not keep records (started before records were kept): does nothing. */
const NO_RECORDS: RecordsKeeper = { transition: () => undefined, drained: () => true, archive: async () => undefined };

export function keepRecords(machine: string, enabled: boolean): RecordsKeeper {
  if (!enabled) return NO_RECORDS;
  const info = wf.workflowInfo();
  const pending: TransitionRecord[] = [];
  let writing = false;

  void (async () => {
    for (;;) {
      await wf.condition(() => pending.length > 0);
      writing = true;
      const batch = pending.slice(0, MAX_BATCH);
      await records.recordTransitions({ workflowId: info.workflowId, chainId: info.firstExecutionRunId, machine, transitions: batch });
      pending.splice(0, batch.length);
      writing = false;
    }
  })();

  return {
    transition: (record) => void pending.push(record),
    drained: () => pending.length === 0 && !writing,
    async archive(view) {
      const now = wf.workflowInfo();
      await records.archiveRecord({
        workflowId: now.workflowId,
        chainId: now.firstExecutionRunId,
        runId: now.runId,
        workflowType: now.workflowType,
        machine,
        view,
        closedAt: Date.now(),
      });
    },
  };
}
