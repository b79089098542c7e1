/** `enqueueActions` typed for the standing machine, shared by the chart and its concerns' action modules. */
import { enqueueActions } from 'xstate';
import type { PublishStandingNoticeParams, StampedStandingEvent, StandingContext, StandingReminderParams } from './types';

/** The effects an `enqueueActions` body may enqueue besides the built-ins. */
export type EnqueuedAction =
  | { type: 'sendReminder'; params: StandingReminderParams }
  | { type: 'publishStandingNotice'; params: PublishStandingNoticeParams };

/**
 * `enqueueActions` typed against the machine's context, events and effects. Declared apart from
 * `setup`, because an action map that refers to itself defeats XState's inference.
 */
export function collect(body: Parameters<typeof enqueueActions<StandingContext, StampedStandingEvent, undefined, StampedStandingEvent, never, EnqueuedAction, never, never, never>>[0]) {
  return enqueueActions<StandingContext, StampedStandingEvent, undefined, StampedStandingEvent, never, EnqueuedAction, never, never, never>(body);
}
export type Enqueue = Parameters<Parameters<typeof collect>[0]>[0]['enqueue'];
