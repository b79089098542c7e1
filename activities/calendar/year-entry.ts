/**
 * One calendar year as the award office enters it from the State Council's holiday notice
 * (国务院办公厅关于某年部分节假日安排的通知): the seven festivals' holiday ranges, the 调休 make-up
 * working days, and the notice itself. Pure: the shape, the rules a real notice obeys, and the
 * table a working-day calendar is built from. The API, the `npm run calendar` command and the
 * tests share it.
 */
import { z } from 'zod';
import { addDays, compareIsoDate, isIsoDate, isoWeekday, yearOf, type IsoDate } from '../../workflows/policy/index.js';
import type { HolidayTable } from './table-calendar.js';

/** The statutory festivals every year's notice covers, in calendar order. */
export const FESTIVALS = ['元旦', '春节', '清明节', '劳动节', '端午节', '中秋节', '国庆节'] as const;
export type Festival = (typeof FESTIVALS)[number];

/** Years an entry may be for: beyond them a typo is far likelier than a calendar. */
export const CALENDAR_YEARS = { min: 2000, max: 2100 } as const;

const isoDateSchema = z.string().refine(isIsoDate, '须为有效日期 YYYY-MM-DD');
const festivalSchema = z.enum(FESTIVALS, { error: `须为以下节日之一：${FESTIVALS.join('、')}` });
const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    // Stored and shown as is; a control character is never part of a notice.
    .refine((value) => !/[\u0000-\u001f\u007f]/.test(value), '不能包含控制字符');

export const calendarNoticeSchema = z
  .strictObject({
    title: text(200).describe('通知标题，如「国务院办公厅关于2027年部分节假日安排的通知」'),
    publishedOn: isoDateSchema.describe('通知发布日期'),
    documentNumber: text(100).optional().describe('文号，如「国办发明电〔2026〕7号」'),
    url: z.url({ protocol: /^https?$/, error: '须为 http(s) 网址' }).max(500).optional().describe('通知原文网址'),
  })
  .refine((notice) => notice.documentNumber !== undefined || notice.url !== undefined, {
    message: '须给出通知的文号或网址（至少其一）',
    path: ['documentNumber'],
  })
  .describe('放假安排所依据的国务院办公厅通知');

export const holidayRangeSchema = z
  .strictObject({
    festival: festivalSchema,
    from: isoDateSchema.describe('放假首日（含）'),
    to: isoDateSchema.describe('放假末日（含）；放假期间的周末也列入'),
  })
  .describe('一个节日的放假区间');

export const makeupWorkdaySchema = z
  .strictObject({
    date: isoDateSchema.describe('调休上班的周六或周日'),
    festival: festivalSchema.describe('因哪个节日调休'),
  })
  .describe('调休补班日');

/** What `PUT /calendar/{year}` takes; the file `npm run calendar -- import` reads adds `year`. */
export const calendarYearContentSchema = z.strictObject({
  notice: calendarNoticeSchema,
  holidays: z.array(holidayRangeSchema).min(1).max(20).describe('七个法定节日的放假区间，每个节日一条'),
  makeupWorkdays: z.array(makeupWorkdaySchema).max(20).describe('调休补班日（周六或周日）'),
  override: z.boolean().optional().describe('替换日历数据包已覆盖的年份时须为 true；已算出的期限不受影响'),
});
export type CalendarYearContent = z.infer<typeof calendarYearContentSchema>;

export const calendarYearSchema = z.number().int().min(CALENDAR_YEARS.min).max(CALENDAR_YEARS.max);
export const calendarYearFileSchema = calendarYearContentSchema.extend({ year: calendarYearSchema });
export type CalendarYearFile = z.infer<typeof calendarYearFileSchema>;

export type CalendarNotice = z.infer<typeof calendarNoticeSchema>;
export type HolidayRange = z.infer<typeof holidayRangeSchema>;
export type MakeupWorkday = z.infer<typeof makeupWorkdaySchema>;

export interface CalendarYearIssue {
  /** Where in the body, e.g. `holidays.2.to`. */
  field: string;
  code:
    | 'DATE_OUTSIDE_YEAR'
    | 'EMPTY_RANGE'
    | 'RANGES_OVERLAP'
    | 'FESTIVAL_MISSING'
    | 'FESTIVAL_REPEATED'
    | 'DAY_BOTH_HOLIDAY_AND_WORKDAY'
    | 'MAKEUP_NOT_WEEKEND'
    | 'MAKEUP_REPEATED';
  message: string;
}

const WEEKDAY_NAMES = ['', '周一', '周二', '周三', '周四', '周五', '周六', '周日'];

/**
 * The rules every real notice obeys; an entry breaking one is refused whole. Dates must lie in the
 * entry's own year: a holiday block reaching into the year before is entered from 1 January (the
 * days before are that year's weekend or holiday already).
 */
export function calendarYearIssues(year: number, content: Pick<CalendarYearContent, 'holidays' | 'makeupWorkdays'>): CalendarYearIssue[] {
  const issues: CalendarYearIssue[] = [];
  const outside = (field: string, date: IsoDate) => {
    if (yearOf(date) !== year) issues.push({ field, code: 'DATE_OUTSIDE_YEAR', message: `${date} 不在${year}年内` });
  };

  content.holidays.forEach((range, i) => {
    outside(`holidays.${i}.from`, range.from);
    outside(`holidays.${i}.to`, range.to);
    if (compareIsoDate(range.from, range.to) > 0) {
      issues.push({ field: `holidays.${i}.to`, code: 'EMPTY_RANGE', message: `${range.festival}的放假区间为空：末日 ${range.to} 早于首日 ${range.from}` });
    }
  });

  const seen = new Map<Festival, number>();
  content.holidays.forEach((range, i) => {
    const first = seen.get(range.festival);
    if (first === undefined) seen.set(range.festival, i);
    else issues.push({ field: `holidays.${i}.festival`, code: 'FESTIVAL_REPEATED', message: `${range.festival}重复出现（另见 holidays.${first}）` });
  });
  for (const festival of FESTIVALS) {
    if (!seen.has(festival)) issues.push({ field: 'holidays', code: 'FESTIVAL_MISSING', message: `缺少${festival}的放假安排` });
  }

  const ordered = content.holidays
    .map((range, index) => ({ range, index }))
    .filter(({ range }) => compareIsoDate(range.from, range.to) <= 0)
    .sort((a, b) => compareIsoDate(a.range.from, b.range.from));
  for (let k = 1; k < ordered.length; k++) {
    const before = ordered[k - 1]!;
    const after = ordered[k]!;
    if (compareIsoDate(after.range.from, before.range.to) <= 0) {
      issues.push({
        field: `holidays.${after.index}.from`,
        code: 'RANGES_OVERLAP',
        message: `${after.range.festival}（${after.range.from} 起）与${before.range.festival}（至 ${before.range.to}）的放假区间重叠`,
      });
    }
  }

  const makeupSeen = new Set<IsoDate>();
  content.makeupWorkdays.forEach((day, i) => {
    outside(`makeupWorkdays.${i}.date`, day.date);
    if (makeupSeen.has(day.date)) {
      issues.push({ field: `makeupWorkdays.${i}.date`, code: 'MAKEUP_REPEATED', message: `补班日 ${day.date} 重复出现` });
    }
    makeupSeen.add(day.date);
    const weekday = isoWeekday(day.date);
    if (weekday < 6) {
      issues.push({ field: `makeupWorkdays.${i}.date`, code: 'MAKEUP_NOT_WEEKEND', message: `补班日 ${day.date} 是${WEEKDAY_NAMES[weekday]}，调休补班只能安排在周六或周日` });
    }
    const holiday = content.holidays.find((range) => compareIsoDate(range.from, day.date) <= 0 && compareIsoDate(day.date, range.to) <= 0);
    if (holiday) {
      issues.push({
        field: `makeupWorkdays.${i}.date`,
        code: 'DAY_BOTH_HOLIDAY_AND_WORKDAY',
        message: `${day.date} 既在${holiday.festival}放假区间（${holiday.from} 至 ${holiday.to}）内，又被列为补班日`,
      });
    }
  });
  return issues;
}

/** The entry as the table a working-day calendar reads (the shape chinese-days publishes). */
export function holidayTableOf(content: {
  holidays: ReadonlyArray<{ festival: string; from: IsoDate; to: IsoDate }>;
  makeupWorkdays: ReadonlyArray<{ date: IsoDate; festival: string }>;
}): HolidayTable {
  const holidays: Record<IsoDate, string> = {};
  for (const range of content.holidays) {
    for (let day = range.from; compareIsoDate(day, range.to) <= 0; day = addDays(day, 1)) holidays[day] = range.festival;
  }
  const workdays: Record<IsoDate, string> = {};
  for (const day of content.makeupWorkdays) workdays[day.date] = day.festival;
  return { holidays, workdays };
}
