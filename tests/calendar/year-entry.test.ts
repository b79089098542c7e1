/**
 * The office's calendar entries, without a database: the format can express a real year (2026 from
 * its notice agrees with the package on every day), and each rule of a real notice is enforced.
 */
import { describe, expect, it } from 'vitest';
import {
  calendarYearContentSchema,
  calendarYearFileSchema,
  calendarYearIssues,
  chineseDaysCalendar,
  createTableCalendar,
  holidayTableOf,
  layeredCalendar,
  type CalendarYearContent,
} from '../../activities/calendar/index.js';
import type { StoredCalendarYear } from '../../db';
import { addDays, CalendarOutOfRangeError, deadlineFrom } from '../../workflows/policy/index.js';
import { madeUpYear, NOTICE_2026 } from './fixtures';

const stored = (year: number, content: CalendarYearContent, revision = 1): StoredCalendarYear => ({
  year,
  revision,
  holidays: content.holidays,
  makeupWorkdays: content.makeupWorkdays,
  notice: content.notice,
  enteredBy: 'office-1',
  enteredRole: 'office',
  enteredAt: new Date(0),
  overridesPackage: false,
});

/** The entry with `change` applied to a copy. */
function with2026(change: (entry: CalendarYearContent) => void): CalendarYearContent {
  const copy = structuredClone(NOTICE_2026);
  change(copy);
  return copy;
}

const codes = (content: CalendarYearContent, year = 2026) => calendarYearIssues(year, content).map((issue) => issue.code);

describe('a calendar year entered from the State Council notice', () => {
  it('2026 by hand from its notice classifies every day of 2026 as the package does', () => {
    expect(calendarYearContentSchema.safeParse(NOTICE_2026).success).toBe(true);
    expect(calendarYearIssues(2026, NOTICE_2026)).toEqual([]);
    const entered = createTableCalendar(holidayTableOf(NOTICE_2026), { source: 'office', coverage: { firstYear: 2026, lastYear: 2026 } });
    const packaged = chineseDaysCalendar();
    let days = 0;
    for (let day = '2026-01-01'; day <= '2026-12-31'; day = addDays(day, 1), days++) {
      expect(entered.dayKind(day), day).toBe(packaged.dayKind(day));
    }
    expect(days).toBe(365);
  });

  it('the office\'s year comes first, the package answers the rest, and a year neither has is an error', () => {
    const changed = with2026((e) => {
      e.makeupWorkdays.push({ date: '2026-12-26', festival: '元旦' });
    });
    const calendar = layeredCalendar([stored(2026, changed, 2), stored(2027, madeUpYear(2027))]);
    expect(calendar.dayKind('2026-12-26')).toBe('makeup-workday');
    expect(chineseDaysCalendar().dayKind('2026-12-26')).toBe('weekend');
    expect(calendar.dayKind('2025-10-11')).toBe('makeup-workday');
    expect(calendar.dayKind('2027-01-02')).toBe('makeup-workday');
    expect(calendar.coverage).toEqual({ firstYear: 2004, lastYear: 2027 });
    expect(calendar.source).toBe('office:2026r2+office:2027r1+chinese-days@1.5.7');
    expect(() => calendar.dayKind('2028-01-03')).toThrow(CalendarOutOfRangeError);
    // 5 working days from Friday 2026-12-25: four in December, then the 调休 Saturday 2027-01-02.
    expect(deadlineFrom(Date.parse('2026-12-25T10:00:00+08:00'), { amount: 5, unit: 'workingDays' }, layeredCalendar([stored(2027, madeUpYear(2027))])).lastDay).toBe(
      '2027-01-02',
    );
  });

  it('the file `npm run calendar -- import` reads is the PUT body with its year', () => {
    expect(calendarYearFileSchema.safeParse({ year: 2026, ...NOTICE_2026 }).success).toBe(true);
    expect(calendarYearFileSchema.safeParse(NOTICE_2026).success).toBe(false);
  });
});

describe('each rule of a notice refuses an entry that breaks it', () => {
  it('dates outside the year', () => {
    expect(codes(with2026((e) => (e.holidays[0]!.from = '2025-12-31')))).toEqual(['DATE_OUTSIDE_YEAR']);
    expect(codes(with2026((e) => (e.makeupWorkdays[0]!.date = '2027-01-02')))).toEqual(['DATE_OUTSIDE_YEAR']);
  });

  it('a day both holiday and working day', () => {
    // 2026-02-21 is a Saturday inside 春节.
    expect(codes(with2026((e) => e.makeupWorkdays.push({ date: '2026-02-21', festival: '春节' })))).toEqual(['DAY_BOTH_HOLIDAY_AND_WORKDAY']);
  });

  it('a make-up working day that is not a Saturday or Sunday', () => {
    const issues = calendarYearIssues(2026, with2026((e) => (e.makeupWorkdays[0]!.date = '2026-01-05')));
    expect(issues).toEqual([expect.objectContaining({ code: 'MAKEUP_NOT_WEEKEND', field: 'makeupWorkdays.0.date', message: expect.stringContaining('周一') })]);
  });

  it('the same make-up day twice', () => {
    expect(codes(with2026((e) => e.makeupWorkdays.push({ date: '2026-02-14', festival: '春节' })))).toEqual(['MAKEUP_REPEATED']);
  });

  it('an empty holiday range', () => {
    expect(codes(with2026((e) => Object.assign(e.holidays[2]!, { from: '2026-04-06', to: '2026-04-04' })))).toEqual(['EMPTY_RANGE']);
  });

  it('overlapping holiday ranges', () => {
    const issues = calendarYearIssues(2026, with2026((e) => (e.holidays[5]!.to = '2026-10-01')));
    expect(issues).toEqual([expect.objectContaining({ code: 'RANGES_OVERLAP', field: 'holidays.6.from', message: expect.stringContaining('国庆节') })]);
  });

  it('a festival missing or named twice', () => {
    expect(codes(with2026((e) => e.holidays.splice(3, 1)))).toEqual(['FESTIVAL_MISSING']);
    expect(calendarYearIssues(2026, with2026((e) => e.holidays.splice(3, 1)))[0]!.message).toBe('缺少劳动节的放假安排');
    expect(codes(with2026((e) => (e.holidays[3]!.festival = '春节')))).toEqual(['FESTIVAL_REPEATED', 'FESTIVAL_MISSING']);
  });

  it('the shape: real dates, a known festival, the notice\'s number or address, no control characters', () => {
    const bad = (change: (entry: Record<string, any>) => void) => {
      const copy: Record<string, any> = structuredClone(NOTICE_2026);
      change(copy);
      return calendarYearContentSchema.safeParse(copy).error?.issues[0];
    };
    expect(bad((e) => (e.holidays[1].to = '2026-02-30'))).toMatchObject({ path: ['holidays', 1, 'to'], message: '须为有效日期 YYYY-MM-DD' });
    expect(bad((e) => (e.holidays[1].festival = '除夕'))).toMatchObject({ path: ['holidays', 1, 'festival'] });
    expect(bad((e) => (e.notice = { title: '通知', publishedOn: '2025-11-04' }))).toMatchObject({ message: '须给出通知的文号或网址（至少其一）' });
    expect(bad((e) => (e.notice.title = '通知\u0000'))).toMatchObject({ path: ['notice', 'title'], message: '不能包含控制字符' });
    expect(bad((e) => (e.extra = 1))).toMatchObject({ code: 'unrecognized_keys' });
  });
});
