/**
 * Deadlines from a start instant and a policy duration.
 *
 * Counting follows 民法典第二百零一条至第二百零三条 style: the day on which the period starts (in
 * China time) is not counted; N calendar days end on start day + N; N working days end on the Nth
 * working day after the start day (调休 make-up Saturdays count, holidays do not); months and years
 * end on the corresponding day, or the month's last day when there is none (2024-02-29 + 1 year =
 * 2025-02-28). The period runs until the end of its last day: `endsAt` is 00:00 China time of the
 * following day.
 *
 * Calendar days, months and years need no calendar and can be computed inside a workflow. Working
 * days need a {@link WorkingDayCalendar}; workflows get them from the `computeDeadline` activity
 * (activities/calendar) so that the date is recorded in history.
 */
import type { WorkingDayCalendar } from './calendar.js';
import { addDays, addMonths, addYears, chinaDateOf, chinaEndOfDay, compareIsoDate, formatChinaInstant, type Instant, type IsoDate } from './dates.js';
import { formatDuration } from './labels.js';
import type { Duration, Period } from './schema.js';

export interface Deadline {
  /** The China-time day on which the period started (not counted). */
  startDay: IsoDate;
  /** The last day of the period, inclusive. */
  lastDay: IsoDate;
  /** End of the last day: 00:00 China time of the next day, epoch ms. */
  endsAt: Instant;
  /** `endsAt` as `YYYY-MM-DDT00:00:00+08:00`. */
  endsAtIso: string;
  duration: Duration;
  /** e.g. 5个工作日 */
  label: string;
}

export class WorkingDayCalendarRequiredError extends Error {
  override readonly name = 'WorkingDayCalendarRequiredError';
  constructor() {
    super('按工作日计算期限需要节假日日历（WORKING_DAY_CALENDAR_REQUIRED）：请通过 computeDeadline 活动计算');
  }
}

/** The Nth working day after `date` (n ≥ 1). */
export function addWorkingDays(date: IsoDate, n: number, calendar: WorkingDayCalendar): IsoDate {
  if (!Number.isInteger(n) || n < 0) throw new RangeError(`working days must be a non-negative integer, got ${n}`);
  let d = date;
  let counted = 0;
  while (counted < n) {
    d = addDays(d, 1);
    if (calendar.isWorkingDay(d)) counted += 1;
  }
  return d;
}

/** Working days in (from, to]: the days after `from` up to and including `to`. */
export function countWorkingDays(from: IsoDate, to: IsoDate, calendar: WorkingDayCalendar): number {
  let n = 0;
  for (let d = addDays(from, 1); compareIsoDate(d, to) <= 0; d = addDays(d, 1)) {
    if (calendar.isWorkingDay(d)) n += 1;
  }
  return n;
}

export function lastDayOf(startDay: IsoDate, duration: Duration, calendar?: WorkingDayCalendar): IsoDate {
  switch (duration.unit) {
    case 'calendarDays':
      return addDays(startDay, duration.amount);
    case 'months':
      return addMonths(startDay, duration.amount);
    case 'years':
      return addYears(startDay, duration.amount);
    case 'workingDays':
      if (!calendar) throw new WorkingDayCalendarRequiredError();
      return addWorkingDays(startDay, duration.amount, calendar);
  }
}

/** The deadline of a duration that starts at `start`. */
export function deadlineFrom(start: Instant, duration: Duration, calendar?: WorkingDayCalendar): Deadline {
  const startDay = chinaDateOf(start);
  const lastDay = lastDayOf(startDay, duration, calendar);
  const endsAt = chinaEndOfDay(lastDay);
  return { startDay, lastDay, endsAt, endsAtIso: formatChinaInstant(endsAt), duration, label: formatDuration(duration) };
}

/** Whether a duration can be computed without a holiday calendar (i.e. inside a workflow). */
export function needsCalendar(duration: Duration): boolean {
  return duration.unit === 'workingDays';
}

/** The deadline of a policy period (e.g. a publicity), with its article. */
export function periodDeadline(period: Period, start: Instant, calendar?: WorkingDayCalendar): Deadline & { article: string; atLeast: boolean } {
  return { ...deadlineFrom(start, period.length, calendar), article: period.article, atLeast: period.atLeast };
}
