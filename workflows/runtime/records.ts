/**
 * What the runtime leaves in the records database, so that it outlives Temporal's retention: every
 * accepted transition (the audit trail) and, when the machine finishes, its final view (the archive).
 *
 * Transitions are written in batches by a couple of writers: the first is written at once, those
 * accepted while writes are in flight go together in the next ones, so a quiet workflow pays one
 * activity per transition and a busy one (the cycle on deadline day, a burst of reports in one task)
 * one per batch. A batch is keyed by (workflow, chain, seq) in PostgreSQL, so a retried activity, a
 * replay adds nothing twice. It is capped (MAX_BATCH), so no event grows with the workflow. A run
 * does not wait for the trail to drain before it rolls over; it carries what waits (bounded,
 * MAX_CARRIED_TRANSITIONS). It does wait before it completes, and archives its final view then.
 *
 * Ordinary activities, not local ones, although a local activity costs one marker event where
 * these cost three and a workflow task: a local activity holds the workflow task open while the
 * database answers, every update's answer waits for the insert, and an update that arrives in the
 * meantime is delivered in a second activation of the same task. When the first activation ended
 * the run, the update's answer came after the run's last command, which the server refuses, at
 * every retry (the cycle stalled; tests/awards/cycle-fan-in.test.ts found it).
 */
import * as wf from '@temporalio/workflow';
import type { Actor, ArchiveInput, MachineEvent, StateView, TransitionBatchInput, TransitionRecord } from './types';

/** Transitions per write: about 15 kB in the activity's scheduled event at most, however many wait. */
export const MAX_BATCH = 50;
/** Writes in flight at once: a burst of reports is written about as fast as it is accepted. */
export const WRITERS = 4;
/** A run rolls over only while at most this many transitions wait to be written; it carries them. */
export const MAX_CARRIED_TRANSITIONS = 200;

const records = wf.proxyActivities<{
  recordTransitions(batch: TransitionBatchInput): Promise<{ written: number }>;
  archiveRecord(input: ArchiveInput): Promise<{ created: boolean }>;
}>({
  // A batch insert takes milliseconds: a worker that died with one in hand is noticed quickly.
  startToCloseTimeout: '10 seconds',
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
  /**
   * For a roll-over. A run does not wait for a busy trail to drain (a burst of reports would keep it
   * busy and the run growing): once few enough wait (`carriable`), it `hold`s the writes, lets those
   * in flight finish (`idle`; a run must not end with its activities unfinished) and takes what
   * waits to the next run (`unwritten`). `release` when it cannot roll over after all.
   */
  carriable(): boolean;
  hold(): void;
  release(): void;
  idle(): boolean;
  unwritten(): TransitionRecord[];
  /** Writes the final view; call once the trail has drained, before the workflow returns. */
  archive(view: StateView): Promise<void>;
}

/** A keeper for workflows that do not keep records (started before records were kept): does nothing. */
const NO_RECORDS: RecordsKeeper = {
  transition: () => undefined,
  drained: () => true,
  carriable: () => true,
  hold: () => undefined,
  release: () => undefined,
  idle: () => true,
  unwritten: () => [],
  archive: async () => undefined,
};

/** `carried`: transitions the previous run did not know to be written. */
export function keepRecords(machine: string, enabled: boolean, carried: readonly TransitionRecord[] = []): RecordsKeeper {
  if (!enabled) return NO_RECORDS;
  const info = wf.workflowInfo();
  const waiting: TransitionRecord[] = [...carried];
  let writing = 0;
  let held = false;

  // Each writer takes the oldest batch waiting; a batch it has taken is retried until written (the
  // activity's retry policy has no end), so nothing taken is lost.
  for (let writer = 0; writer < WRITERS; writer += 1) {
    void (async () => {
      for (;;) {
        await wf.condition(() => waiting.length > 0 && !held);
        // Writers woken together: one may find the queue already emptied by another.
        const batch = waiting.splice(0, MAX_BATCH);
        if (batch.length === 0) continue;
        writing += 1;
        try {
          await records.recordTransitions({ workflowId: info.workflowId, chainId: info.firstExecutionRunId, machine, transitions: batch });
        } finally {
          writing -= 1;
        }
      }
    })();
  }

  return {
    transition: (record) => void waiting.push(record),
    drained: () => waiting.length === 0 && writing === 0,
    carriable: () => waiting.length <= MAX_CARRIED_TRANSITIONS,
    hold: () => void (held = true),
    release: () => void (held = false),
    idle: () => writing === 0,
    unwritten: () => [...waiting],
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
