/**
 * The `computeDeadline` effect: a machine asks for the end of a period (calendar days, working days
 * with 调休, months, years) and gets it back as an event, so the instant is recorded in history and
 * replays identically even after the calendar data is updated.
 *
 * The calendar is read afresh at every attempt (the office's years over the bundled package), so a
 * deadline that reaches into a year nobody has entered yet waits, retrying every few minutes, and
 * continues by itself once the year is entered. While it waits, `/health` lists it and the admin
 * role is mailed once.
 */
import { ApplicationFailure } from '@temporalio/common';
import { clearBlockedDeadline, recordBlockedDeadline } from '../db';
import { CalendarOutOfRangeError, deadlineFrom, parseIsoDate, type Duration, type Instant, type WorkingDayCalendar } from '../workflows/policy/index.js';
import type { EffectInput } from '../workflows/runtime/types';
import type { ActivityDeps } from './index';
import { loadWorkingDayCalendar, reportBlockedDeadline } from './calendar/index.js';

/** How soon a deadline waiting for calendar data tries again; entering the year takes effect within it. */
export const CALENDAR_RETRY_DELAY = '5 minutes';

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

export interface DeadlineActivityOptions {
  /** The calendar in force; default: the office's years over the bundled package, read at each attempt. */
  calendar?: () => Promise<WorkingDayCalendar>;
}

export function createDeadlineActivities(deps: ActivityDeps, options: DeadlineActivityOptions = {}) {
  const calendarInForce = options.calendar ?? (() => loadWorkingDayCalendar(deps.db));
  return {
    async computeDeadline(input: EffectInput<ComputeDeadlineParams>): Promise<DeadlineComputed> {
      const { key, start, duration } = input.params;
      const calendar = await calendarInForce();
      let deadline;
      try {
        deadline = deadlineFrom(start, duration, calendar);
      } catch (error) {
        if (!(error instanceof CalendarOutOfRangeError)) throw error;
        await waitForCalendar(deps, { workflowId: input.workflowId, deadlineKey: key, date: error.date, year: parseIsoDate(error.date).year });
        throw ApplicationFailure.create({ type: 'CalendarOutOfRange', message: error.message, nextRetryDelay: CALENDAR_RETRY_DELAY });
      }
      await clearBlockedDeadline(deps.db, input.workflowId, key);
      return { type: 'DEADLINE_COMPUTED', key, endsAt: deadline.endsAt, lastDay: deadline.lastDay, calendarSource: calendar.source };
    },
  };
}

async function waitForCalendar(deps: ActivityDeps, blocked: { workflowId: string; deadlineKey: string; date: string; year: number }): Promise<void> {
  await recordBlockedDeadline(deps.db, blocked);
  try {
    await reportBlockedDeadline(deps, blocked);
  } catch (error) {
    // The deadline waits either way and /health shows it; an unset MAIL_ADMIN must not hide the real cause.
    console.warn(`[calendar] could not mail the admin about ${blocked.year}: ${error instanceof Error ? error.message : String(error)}`);
  }
}
