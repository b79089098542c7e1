/**
 * The `computeDeadline` effect: a machine asks for the end of a period (calendar days, working days
 * with 调休, months, years) and gets it back as an event, so the instant is recorded in history and
 * replays identically even after the calendar data is updated.
 */
import type { Duration, Instant } from '../workflows/policy/index.js';
import type { EffectInput } from '../workflows/runtime/types';
import { chineseDaysCalendar, createCalendarActivities } from './calendar/index.js';

export interface ComputeDeadlineParams {
  /** Which of the machine's deadlines this is, e.g. `publicity`. */
  key: string;
  start: Instant;
  duration: Duration;
}

export interface DeadlineComputed {
  type: 'DEADLINE_COMPUTED';
  key: string;
  /** Epoch ms: the first instant after the period's last day (00:00 China time). */
  endsAt: number;
  lastDay: string;
  calendarSource: string;
}

export function createDeadlineActivities(calendar = chineseDaysCalendar()) {
  const { computeDeadline: compute } = createCalendarActivities(calendar);
  return {
    async computeDeadline(input: EffectInput<ComputeDeadlineParams>): Promise<DeadlineComputed> {
      const deadline = await compute({ start: input.params.start, duration: input.params.duration });
      return {
        type: 'DEADLINE_COMPUTED',
        key: input.params.key,
        endsAt: deadline.endsAt,
        lastDay: deadline.lastDay,
        calendarSource: deadline.calendarSource,
      };
    },
  };
}
