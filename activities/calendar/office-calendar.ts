/**
 * The working-day calendar in force: the years the award office entered (PostgreSQL) over the
 * years of the bundled `chinese-days` package, office first. Read afresh by every `computeDeadline`,
 * so a year entered through the API or `npm run calendar` counts from the next attempt on, without
 * a restart; deadlines already computed are in their workflows' histories and never change.
 */
import type { Database, NewCalendarYear, Queryable, StoredCalendarYear } from '../../db';
import { calendarYear, calendarYears, saveCalendarYear } from '../../db';
import {
  addDays,
  CalendarOutOfRangeError,
  compareIsoDate,
  isDayKindWorking,
  parseIsoDate,
  type CalendarCoverage,
  type DayKind,
  type IsoDate,
  type WorkingDayCalendar,
} from '../../workflows/policy/index.js';
import { CHINESE_DAYS_SOURCE, chineseDaysCalendar } from './chinese-days-calendar.js';
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import { createTableCalendar, type HolidayTable } from './table-calendar.js';
import { calendarYearIssues, holidayTableOf, type CalendarYearContent, type CalendarYearIssue } from './year-entry.js';

export type CalendarYearSource = 'office' | 'package';

/** The office's years over `base`; a year the office entered is answered from its entry alone. */
export function layeredCalendar(officeYears: readonly StoredCalendarYear[], base: WorkingDayCalendar = chineseDaysCalendar()): WorkingDayCalendar {
  if (officeYears.length === 0) return base;
  const byYear = new Map(
    officeYears.map((entry) => [
      entry.year,
      createTableCalendar(holidayTableOf(entry), { source: `office:${entry.year}r${entry.revision}`, coverage: { firstYear: entry.year, lastYear: entry.year } }),
    ]),
  );
  const years = [...byYear.keys()];
  const coverage: CalendarCoverage = {
    firstYear: Math.min(base.coverage.firstYear, ...years),
    lastYear: Math.max(base.coverage.lastYear, ...years),
  };
  const source = [...[...byYear.values()].map((calendar) => calendar.source), base.source].join('+');
  const dayKind = (date: IsoDate): DayKind => {
    const year = parseIsoDate(date).year;
    const office = byYear.get(year);
    if (office) return office.dayKind(date);
    if (year < base.coverage.firstYear || year > base.coverage.lastYear) throw new CalendarOutOfRangeError(date, coverage, source);
    return base.dayKind(date);
  };
  return Object.freeze({ source, coverage: Object.freeze(coverage), dayKind, isWorkingDay: (date: IsoDate) => isDayKindWorking(dayKind(date)) });
}

/** The calendar in force now: one small query. */
export async function loadWorkingDayCalendar(db: Queryable, base: WorkingDayCalendar = chineseDaysCalendar()): Promise<WorkingDayCalendar> {
  return layeredCalendar(await calendarYears(db), base);
}

/** Years the bundled package covers. */
export function packageCoverage(): CalendarCoverage {
  return chineseDaysCalendar().coverage;
}

export const coversYear = (coverage: CalendarCoverage, year: number) => year >= coverage.firstYear && year <= coverage.lastYear;

export interface CalendarEntryRefusal {
  code: 'INVALID_CALENDAR' | 'CALENDAR_OVERRIDE_REQUIRED' | 'CALENDAR_YEAR_NOT_ADJACENT';
  message: string;
  issues: CalendarYearIssue[];
}

export class CalendarEntryRefused extends Error {
  override readonly name = 'CalendarEntryRefused';
  constructor(readonly refusal: CalendarEntryRefusal) {
    super(refusal.message);
  }
}

export interface EnteredCalendarYear {
  year: number;
  revision: number;
  /** False when the same content was already in force: nothing was stored. */
  created: boolean;
  /** The package covers this year too; the office's entry is used instead from now on. */
  replacesPackage: boolean;
  /** What the change does and does not do, for the person who made it. */
  message: string;
}

/**
 * Validates and stores a year; refusals throw {@link CalendarEntryRefused} and store nothing. A
 * year must join the covered years (no gaps: a gap would be a year nobody can count through), and a
 * year the package covers needs `override`.
 */
export async function enterCalendarYear(
  db: Database,
  year: number,
  content: CalendarYearContent,
  by: { id: string; role: string },
): Promise<EnteredCalendarYear> {
  const issues = calendarYearIssues(year, content);
  if (issues.length > 0) {
    throw new CalendarEntryRefused({ code: 'INVALID_CALENDAR', message: `${year}年节假日安排有误：${issues[0]!.message}${issues.length > 1 ? `（共${issues.length}处）` : ''}`, issues });
  }
  const inPackage = coversYear(packageCoverage(), year);
  if (inPackage && content.override !== true) {
    throw new CalendarEntryRefused({
      code: 'CALENDAR_OVERRIDE_REQUIRED',
      message: `${year}年已由内置日历数据（${CHINESE_DAYS_SOURCE}）覆盖；确需替换时请加 "override": true（已算出的期限不会改变）`,
      issues: [],
    });
  }
  const covered = (await loadWorkingDayCalendar(db)).coverage;
  if (!coversYear(covered, year) && year !== covered.lastYear + 1 && year !== covered.firstYear - 1) {
    throw new CalendarEntryRefused({
      code: 'CALENDAR_YEAR_NOT_ADJACENT',
      message: `现有日历覆盖${covered.firstYear}—${covered.lastYear}年；请先录入${year > covered.lastYear ? covered.lastYear + 1 : covered.firstYear - 1}年，年份之间不能留空`,
      issues: [],
    });
  }
  const entry: NewCalendarYear = {
    year,
    // In date order, so the same notice entered in another order is the same content.
    holidays: [...content.holidays].sort((a, b) => compareIsoDate(a.from, b.from)),
    makeupWorkdays: [...content.makeupWorkdays].sort((a, b) => compareIsoDate(a.date, b.date)),
    notice: content.notice,
    enteredBy: by.id,
    enteredRole: by.role,
    overridesPackage: inPackage,
  };
  const { stored, created } = await saveCalendarYear(db, entry);
  const effect = created
    ? `已保存${year}年节假日安排（第${stored.revision}版），此后计算的期限按此执行；已算出的期限记录在各流程历史中，不会改变。`
    : `${year}年节假日安排与现行第${stored.revision}版相同，未作改动。`;
  return {
    year,
    revision: stored.revision,
    created,
    replacesPackage: inPackage,
    message: inPackage && created ? `${effect}该年度不再使用内置日历数据（${CHINESE_DAYS_SOURCE}）。` : effect,
  };
}

export interface CalendarDay {
  date: IsoDate;
  kind: 'holiday' | 'makeup-workday';
  festival: string;
}

export interface CalendarYearView {
  year: number;
  source: CalendarYearSource;
  /** `chinese-days@1.5.7`, or `office:2027r2` (year and revision). */
  sourceDetail: string;
  revision: number | null;
  notice: StoredCalendarYear['notice'] | null;
  enteredBy: { id: string; role: string } | null;
  enteredAt: string | null;
  /** True when the office's entry replaces a year the package also covers. */
  overridesPackage: boolean;
  holidays: Array<{ festival: string; from: IsoDate; to: IsoDate }>;
  makeupWorkdays: Array<{ date: IsoDate; festival: string }>;
  /** Every day that is not an ordinary weekday or weekend, in date order. */
  days: CalendarDay[];
}

function officeView(entry: StoredCalendarYear): CalendarYearView {
  const table = holidayTableOf(entry);
  return {
    year: entry.year,
    source: 'office',
    sourceDetail: `office:${entry.year}r${entry.revision}`,
    revision: entry.revision,
    notice: entry.notice,
    enteredBy: { id: entry.enteredBy, role: entry.enteredRole },
    enteredAt: entry.enteredAt.toISOString(),
    overridesPackage: entry.overridesPackage,
    holidays: entry.holidays,
    makeupWorkdays: entry.makeupWorkdays,
    days: daysOf(table),
  };
}

/** chinese-days names days `Spring Festival,春节,4`; the office's entries use the notice's names. */
const PACKAGE_FESTIVAL_NAMES: Record<string, string> = { 清明: '清明节', 端午: '端午节', 中秋: '中秋节' };
const packageFestival = (label: string) => {
  const chinese = label.split(',')[1] ?? label;
  return PACKAGE_FESTIVAL_NAMES[chinese] ?? chinese;
};

function packageView(year: number): CalendarYearView {
  const data = chineseDaysData as HolidayTable;
  const pick = (table: Readonly<Record<IsoDate, string>>) =>
    Object.fromEntries(Object.entries(table).filter(([date]) => parseIsoDate(date).year === year).map(([date, label]) => [date, packageFestival(label)]));
  const table: HolidayTable = { holidays: pick(data.holidays), workdays: pick(data.workdays) };
  const days = daysOf(table);
  const holidays: CalendarYearView['holidays'] = [];
  for (const day of days.filter((d) => d.kind === 'holiday')) {
    const last = holidays[holidays.length - 1];
    if (last && last.festival === day.festival && addDays(last.to, 1) === day.date) last.to = day.date;
    else holidays.push({ festival: day.festival, from: day.date, to: day.date });
  }
  return {
    year,
    source: 'package',
    sourceDetail: CHINESE_DAYS_SOURCE,
    revision: null,
    notice: null,
    enteredBy: null,
    enteredAt: null,
    overridesPackage: false,
    holidays,
    makeupWorkdays: days.filter((d) => d.kind === 'makeup-workday').map(({ date, festival }) => ({ date, festival })),
    days,
  };
}

function daysOf(table: HolidayTable): CalendarDay[] {
  const days: CalendarDay[] = [
    ...Object.entries(table.holidays).map(([date, festival]) => ({ date, kind: 'holiday' as const, festival })),
    ...Object.entries(table.workdays).map(([date, festival]) => ({ date, kind: 'makeup-workday' as const, festival })),
  ];
  return days.sort((a, b) => compareIsoDate(a.date, b.date));
}

/** The year as it is in force (the office's entry, else the package's data); undefined when neither covers it. */
export async function calendarYearView(db: Queryable, year: number): Promise<CalendarYearView | undefined> {
  const entry = await calendarYear(db, year);
  if (entry) return officeView(entry);
  return coversYear(packageCoverage(), year) ? packageView(year) : undefined;
}

export interface CoveredYear {
  year: number;
  source: CalendarYearSource;
  sourceDetail: string;
  notice: StoredCalendarYear['notice'] | null;
}

/** Every covered year, oldest first, with where its days come from. */
export async function coveredYears(db: Queryable): Promise<CoveredYear[]> {
  const office = new Map((await calendarYears(db)).map((entry) => [entry.year, entry]));
  const { firstYear, lastYear } = packageCoverage();
  const years = new Set<number>([...office.keys()]);
  for (let year = firstYear; year <= lastYear; year++) years.add(year);
  return [...years]
    .sort((a, b) => a - b)
    .map((year) => {
      const entry = office.get(year);
      return entry
        ? { year, source: 'office' as const, sourceDetail: `office:${year}r${entry.revision}`, notice: entry.notice }
        : { year, source: 'package' as const, sourceDetail: CHINESE_DAYS_SOURCE, notice: null };
    });
}
