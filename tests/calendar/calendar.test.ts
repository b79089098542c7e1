import { getDayDetail, isWorkday } from 'chinese-days';
import { describe, expect, it } from 'vitest';
import {
  CHINESE_DAYS_SOURCE,
  chineseDaysCalendar,
  computeDeadline,
  createCalendarActivities,
  createTableCalendar,
  describeDay,
} from '../../activities/calendar/index.js';
import {
  addDays,
  CalendarOutOfRangeError,
  countWorkingDays,
  loadPolicy,
  objectionAcceptanceDuration,
  periodDeadline,
  reviewStep,
} from '../../workflows/policy/index.js';

const china = (local: string) => Date.parse(`${local}+08:00`);
const cal = chineseDaysCalendar();

describe('working-day calendar (chinese-days)', () => {
  it('covers the years of the installed data and names its source', () => {
    expect(CHINESE_DAYS_SOURCE).toBe('chinese-days@1.5.7');
    expect(cal.coverage).toEqual({ firstYear: 2004, lastYear: 2026 });
  });

  it('agrees with chinese-days on every day of 2024–2026, including 调休 make-up days', () => {
    for (let d = '2024-01-01'; d <= '2026-12-31'; d = addDays(d, 1)) {
      expect(cal.isWorkingDay(d), d).toBe(isWorkday(d));
      expect(cal.isWorkingDay(d), d).toBe(getDayDetail(d).work);
    }
    expect(cal.dayKind('2026-10-10')).toBe('makeup-workday');
    expect(cal.dayKind('2026-10-05')).toBe('holiday');
    expect(cal.dayKind('2026-10-17')).toBe('weekend');
  });

  it('a date outside the data is an explicit error, never a weekends-only guess', () => {
    expect(() => cal.isWorkingDay('2027-01-04')).toThrow(CalendarOutOfRangeError);
    expect(() => cal.isWorkingDay('2003-12-31')).toThrow(/CALENDAR_OUT_OF_RANGE.*coverage=2004-2026/);
    expect(() => cal.isWorkingDay('2027-01-04')).toThrow(/工作日历数据不覆盖 2027-01-04/);
  });

  it('a deadline that runs past the covered data fails instead of guessing', async () => {
    await expect(computeDeadline({ start: china('2026-12-28T10:00:00'), duration: { amount: 5, unit: 'workingDays' } })).rejects.toThrow(
      CalendarOutOfRangeError,
    );
  });

  it('benxi-draft 第二十一条: 5 working days of publicity from 2026-09-30 span 国庆 and the 10-10 make-up Saturday', async () => {
    const period = reviewStep(loadPolicy('benxi-draft'), 'publicity')!.period!;
    const d = await computeDeadline({ start: china('2026-09-30T10:00:00'), duration: period.length });
    expect(d).toMatchObject({
      startDay: '2026-09-30',
      lastDay: '2026-10-13',
      endsAtIso: '2026-10-14T00:00:00+08:00',
      calendarSource: 'chinese-days@1.5.7',
    });
    expect(countWorkingDays('2026-09-30', '2026-10-13', cal)).toBe(5);
    expect(periodDeadline(period, china('2026-09-30T10:00:00'), cal)).toMatchObject({ lastDay: '2026-10-13', article: '第二十一条', atLeast: true });
  });

  it('benxi-draft 第十六条: an acceptance list published before 春节 2026 stays up across the holiday', async () => {
    const period = reviewStep(loadPolicy('benxi-draft'), 'acceptance-publicity')!.period!;
    // 2026-02-12 (Thu) → 13 (Fri), 14 (Sat, 调休), 24, 25, 26
    const d = await computeDeadline({ start: china('2026-02-12T09:00:00'), duration: period.length });
    expect(d.lastDay).toBe('2026-02-26');
  });

  it('daqing-2018 第二十二条: an objection received on 2025-09-30 must be accepted or refused by 2025-10-14', async () => {
    const rule = objectionAcceptanceDuration(loadPolicy('daqing-2018'))!;
    // 2025: 10-01..10-08 holiday, 10-11 (Sat) make-up day
    const d = await computeDeadline({ start: china('2025-09-30T17:00:00'), duration: rule.within });
    expect(d.lastDay).toBe('2025-10-14');
  });

  it('a start instant is placed on its China-time day before counting', async () => {
    const d = await computeDeadline({ start: Date.parse('2026-09-30T16:30:00Z'), duration: { amount: 1, unit: 'workingDays' } });
    expect(d.startDay).toBe('2026-10-01');
    expect(d.lastDay).toBe('2026-10-08');
  });

  it('calendar-day and year durations need no holiday data, leap days included', async () => {
    expect((await computeDeadline({ start: china('2024-02-29T12:00:00'), duration: { amount: 3, unit: 'years' } })).lastDay).toBe('2027-02-28');
  });

  it('next year\'s data can be supplied without touching workflow code', async () => {
    const next = createTableCalendar(
      { holidays: { '2027-01-01': '元旦' }, workdays: { '2027-01-09': '补班' } },
      { source: 'test-2027' },
    );
    const acts = createCalendarActivities(next);
    const d = await acts.computeDeadline({ start: china('2026-12-31T10:00:00'), duration: { amount: 1, unit: 'workingDays' } });
    expect(d.lastDay).toBe('2027-01-04');
    expect((await acts.describeDay('2027-01-09')).kind).toBe('makeup-workday');
    expect(() => createTableCalendar({ holidays: { '2025-01-01': 'x', '2027-01-01': 'y' }, workdays: {} }, { source: 'gap' })).toThrow(/CALENDAR_DATA_GAP/);
  });

  it('describeDay reports the kind of a day with its source', async () => {
    expect(await describeDay('2026-02-14')).toEqual({ date: '2026-02-14', kind: 'makeup-workday', working: true, calendarSource: 'chinese-days@1.5.7' });
  });
});
