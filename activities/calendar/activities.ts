/**
 * Calendar activities. Workflows call `computeDeadline` as a Temporal activity so that a deadline
 * counted in working days (with 调休) is computed from updatable data and recorded in history.
 * Plain async functions: no Temporal imports here.
 *
 * A date outside the calendar data throws `CalendarOutOfRangeError` (name/code
 * `CALENDAR_OUT_OF_RANGE`); retrying after the data is updated succeeds.
 */
import {
  deadlineFrom,
  isDayKindWorking,
  type CalendarCoverage,
  type DayKind,
  type Deadline,
  type Duration,
  type Instant,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../workflows/policy/index.js';
import { chineseDaysCalendar } from './chinese-days-calendar.js';

export interface ComputeDeadlineInput {
  /** When the period starts, epoch ms; the China-time day it falls on is not counted. */
  start: Instant;
  duration: Duration;
}

export interface ComputeDeadlineResult extends Deadline {
  /** The calendar data used, e.g. `chinese-days@1.5.7`. */
  calendarSource: string;
  calendarCoverage: CalendarCoverage;
}

export interface DayInfo {
  date: IsoDate;
  kind: DayKind;
  working: boolean;
  calendarSource: string;
}

export function createCalendarActivities(calendar: WorkingDayCalendar) {
  return {
    async computeDeadline(input: ComputeDeadlineInput): Promise<ComputeDeadlineResult> {
      const deadline = deadlineFrom(input.start, input.duration, calendar);
      return { ...deadline, calendarSource: calendar.source, calendarCoverage: { ...calendar.coverage } };
    },
    async describeDay(date: IsoDate): Promise<DayInfo> {
      const kind = calendar.dayKind(date);
      return { date, kind, working: isDayKindWorking(kind), calendarSource: calendar.source };
    },
  };
}

export type CalendarActivities = ReturnType<typeof createCalendarActivities>;

const defaultActivities = createCalendarActivities(chineseDaysCalendar());

/** Register with the worker: `activities: { ...calendarActivities }`. */
export const computeDeadline = defaultActivities.computeDeadline;
export const describeDay = defaultActivities.describeDay;
