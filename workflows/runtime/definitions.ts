/**
 * The messages every machine-backed workflow answers. Clients (API, tests, admin tools) import these;
 * they are plain definitions, safe on both sides of the determinism line.
 */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { Actor, MachineEvent, StateView } from './types';

export interface SendEventArgs {
  event: MachineEvent;
  actor?: Actor;
}

/**
 * Sends a staff event. The validator refuses an event the current stage does not accept (the update
 * is then absent from history) with an ApplicationFailure of type `TransitionRefused` whose details
 * carry the code, the stage and the events allowed now. The result is the state after the transition.
 * Use the update id as the idempotency key: a repeated id returns the first result, applied once.
 */
export const sendEventUpdate = defineUpdate<StateView, [SendEventArgs]>('sendEvent');

/** The current state, the events allowed now, and the pending timers. */
export const stateQuery = defineQuery<StateView>('state');
