/**
 * A working-day calendar over a table of official holidays and make-up working days (调休), in the
 * shape chinese-days publishes (`{ holidays: { 'YYYY-MM-DD': '…' }, workdays: { … } }`). Coverage is
 * the contiguous range of years present in the table; any date outside it is refused with
 * CalendarOutOfRangeError rather than guessed from weekends.
 */
import {
  CalendarOutOfRangeError,
  isDayKindWorking,
  isoWeekday,
  parseIsoDate,
  type CalendarCoverage,
  type DayKind,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../workflows/policy/index.js';

export interface HolidayTable {
  /** Statutory holidays (法定节假日), including the weekend days inside a holiday block. */
  holidays: Readonly<Record<IsoDate, string>>;
  /** Weekend days made working days (调休补班). */
  workdays: Readonly<Record<IsoDate, string>>;
}

export interface TableCalendarOptions {
  source: string;
  /** Restrict or state the covered years; defaults to the years present in `holidays`. */
  coverage?: CalendarCoverage;
}

export class CalendarDataError extends Error {
  override readonly name = 'CalendarDataError';
  constructor(message: string) {
    super(message);
  }
}

function yearsIn(table: HolidayTable): number[] {
  const years = new Set<number>();
  for (const d of Object.keys(table.holidays)) years.add(parseIsoDate(d).year);
  return [...years].sort((a, b) => a - b);
}

export function coverageOf(table: HolidayTable): CalendarCoverage {
  const years = yearsIn(table);
  const first = years[0];
  const last = years[years.length - 1];
  if (first === undefined || last === undefined) throw new CalendarDataError('节假日数据为空（CALENDAR_DATA_EMPTY）');
  for (let y = first; y <= last; y++) {
    if (!years.includes(y)) throw new CalendarDataError(`节假日数据缺少${y}年（CALENDAR_DATA_GAP: year=${y}）`);
  }
  return { firstYear: first, lastYear: last };
}

export function createTableCalendar(table: HolidayTable, options: TableCalendarOptions): WorkingDayCalendar {
  const coverage = options.coverage ?? coverageOf(table);
  const holidays = new Set(Object.keys(table.holidays));
  const workdays = new Set(Object.keys(table.workdays));
  const source = options.source;

  function dayKind(date: IsoDate): DayKind {
    const { year } = parseIsoDate(date);
    if (year < coverage.firstYear || year > coverage.lastYear) throw new CalendarOutOfRangeError(date, coverage, source);
    if (workdays.has(date)) return 'makeup-workday';
    if (holidays.has(date)) return 'holiday';
    return isoWeekday(date) >= 6 ? 'weekend' : 'workday';
  }

  return Object.freeze({
    source,
    coverage: Object.freeze({ ...coverage }),
    dayKind,
    isWorkingDay: (date: IsoDate) => isDayKindWorking(dayKind(date)),
  });
}
