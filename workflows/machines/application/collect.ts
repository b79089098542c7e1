/** `enqueueActions` typed for the application machine, shared by the chart and its concerns' action modules. */
import { enqueueActions } from 'xstate';
import type { RecordStandingParams } from '../standing/types';
import type { ApplicationContext, ApplicationEventType, ComputeDeadlineParams, NotifyApplicantParams, OfficeReminderParams, ReportToCycleParams, StampedApplicationEvent } from './types';

export type E<T extends ApplicationEventType> = Extract<StampedApplicationEvent, { type: T }>;

/** The effects an `enqueueActions` body may enqueue besides the built-ins. */
export type EnqueuedAction =
  | { type: 'reportToCycle'; params: ReportToCycleParams }
  | { type: 'notifyApplicant'; params: NotifyApplicantParams }
  | { type: 'computeDeadline'; params: ComputeDeadlineParams }
  | { type: 'sendReminder'; params: OfficeReminderParams }
  | { type: 'recordStanding'; params: RecordStandingParams };

/**
 * `enqueueActions` typed against the machine's context, events and effects. Declared apart from
 * `setup`, because an action map that refers to itself defeats XState's inference.
 */
export function collect(body: Parameters<typeof enqueueActions<ApplicationContext, StampedApplicationEvent, undefined, StampedApplicationEvent, never, EnqueuedAction, never, never, never>>[0]) {
  return enqueueActions<ApplicationContext, StampedApplicationEvent, undefined, StampedApplicationEvent, never, EnqueuedAction, never, never, never>(body);
}
export type Enqueue = Parameters<Parameters<typeof collect>[0]>[0]['enqueue'];

