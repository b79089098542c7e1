/**
 * The working-day calendar *interface*. The implementation that knows China's State Council holiday
 * calendar (with 调休 make-up working days) lives in `activities/calendar/`, outside the workflow
 * sandbox, so that next year's data can be updated without touching workflow code. Workflows ask
 * for working-day deadlines through the `computeDeadline` activity, so the computed date is recorded
 * in history and replays identically.
 */
import type { IsoDate } from './dates.js';

export type DayKind =
  /** Monday–Friday, not a holiday. */
  | 'workday'
  /** Saturday or Sunday, not a make-up working day. */
  | 'weekend'
  /** A statutory holiday (法定节假日), including the weekend days folded into it. */
  | 'holiday'
  /** A weekend day made a working day (调休补班). */
  | 'makeup-workday';

export interface CalendarCoverage {
  firstYear: number;
  lastYear: number;
}

export interface WorkingDayCalendar {
  /** Where the data comes from, e.g. `chinese-days@1.5.7`; recorded with every computed deadline. */
  readonly source: string;
  /** The years whose official calendar is known; any other date is an error, never a guess. */
  readonly coverage: CalendarCoverage;
  /** Throws {@link CalendarOutOfRangeError} outside {@link coverage}. */
  dayKind(date: IsoDate): DayKind;
  /** Throws {@link CalendarOutOfRangeError} outside {@link coverage}. */
  isWorkingDay(date: IsoDate): boolean;
}

export class CalendarOutOfRangeError extends Error {
  override readonly name = 'CalendarOutOfRangeError';
  readonly code = 'CALENDAR_OUT_OF_RANGE';
  constructor(
    readonly date: IsoDate,
    readonly coverage: CalendarCoverage,
    readonly source: string,
  ) {
    super(
      `工作日历数据不覆盖 ${date}（CALENDAR_OUT_OF_RANGE: date=${date}, ` +
        `coverage=${coverage.firstYear}-${coverage.lastYear}, source=${source}）。` +
        `请更新节假日数据（国务院办公厅放假安排）后重试，系统不会按仅周末推算。`,
    );
  }
}

export function isDayKindWorking(kind: DayKind): boolean {
  return kind === 'workday' || kind === 'makeup-workday';
}
