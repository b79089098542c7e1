/**
 * The messages every machine-backed workflow answers. Clients (API, tests, admin tools) import these;
 * they are plain definitions, safe on both sides of the determinism line.
 */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { Actor, MachineEvent, StateView, TransitionResult } from './types';

export interface SendEventArgs {
  event: MachineEvent;
  actor?: Actor;
}

/**
 * Sends a staff event. The validator refuses an event the current stage does not accept (the update
 * is then absent from history) with an ApplicationFailure of type `TransitionRefused` whose details
 * carry the code, the stage and the events allowed now. The result is where the machine stands after
 * the transition (small, whatever the context holds); read the view for more.
 * Use the update id as the idempotency key: a repeated id returns the first result, applied once.
 */
export const sendEventUpdate = defineUpdate<TransitionResult, [SendEventArgs]>('sendEvent');

export interface SystemMessageArgs {
  event: MachineEvent;
  /** Stable per message (the sender's effect key): a redelivered message is dropped. */
  messageId: string;
  /** The sending workflow, recorded as the actor with the system role. */
  sender: string;
}

/**
 * How workflows and activities tell a machine something (a report, a broadcast). A signal, not an
 * update: signals are not bounded by the per-workflow in-flight update limit and are batched into
 * one workflow task, so a thousand applications reporting at once cost the cycle a few tasks, not a
 * queue of refused updates. The sender gets no answer: a message the machine does not accept (stale,
 * already applied, sent too late) is logged briefly and dropped, which is the expected outcome of
 * messages that cross each other.
 */
export const systemMessageSignal = defineSignal<[SystemMessageArgs]>('systemMessage');

/** The current state, the events allowed now, and the pending timers. */
export const stateQuery = defineQuery<StateView>('state');
