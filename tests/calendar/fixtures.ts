/** Calendar years for the tests: 2026 as its notice says, and made-up years with a 调休 that matters. */
import type { CalendarYearContent, Festival } from '../../activities/calendar/index.js';
import { addDays, isoWeekday } from '../../workflows/policy/index.js';

/**
 * 国务院办公厅关于2026年部分节假日安排的通知, entered by hand as an office would: each festival's
 * whole block (weekends inside it included) and the 调休 Saturdays and Sundays. The days are the
 * notice's; the reference points at gov.cn's policy index rather than quoting a number from memory.
 */
export const NOTICE_2026: CalendarYearContent = {
  notice: {
    title: '国务院办公厅关于2026年部分节假日安排的通知',
    publishedOn: '2025-11-04',
    url: 'https://www.gov.cn/zhengce/',
  },
  holidays: [
    { festival: '元旦', from: '2026-01-01', to: '2026-01-03' },
    { festival: '春节', from: '2026-02-15', to: '2026-02-23' },
    { festival: '清明节', from: '2026-04-04', to: '2026-04-06' },
    { festival: '劳动节', from: '2026-05-01', to: '2026-05-05' },
    { festival: '端午节', from: '2026-06-19', to: '2026-06-21' },
    { festival: '中秋节', from: '2026-09-25', to: '2026-09-27' },
    { festival: '国庆节', from: '2026-10-01', to: '2026-10-07' },
  ],
  makeupWorkdays: [
    { date: '2026-01-04', festival: '元旦' },
    { date: '2026-02-14', festival: '春节' },
    { date: '2026-02-28', festival: '春节' },
    { date: '2026-05-09', festival: '劳动节' },
    { date: '2026-09-20', festival: '国庆节' },
    { date: '2026-10-10', festival: '国庆节' },
  ],
};

/** The first Saturday or Sunday after 1 January of `year`. */
export function firstWeekendDayAfterNewYear(year: number): string {
  let day = addDays(`${year}-01-01`, 1);
  while (isoWeekday(day) < 6) day = addDays(day, 1);
  return day;
}

/**
 * A valid year that is not a real one: 元旦 runs from 1 January to the day before the first weekend
 * day after it, and that weekend day is a make-up working day, so January's first working day is
 * the 调休 day and a deadline reaching into the year ends on it or later.
 */
export function madeUpYear(year: number): CalendarYearContent {
  const makeup = firstWeekendDayAfterNewYear(year);
  const range = (festival: Festival, from: string, to: string) => ({ festival, from: `${year}-${from}`, to: `${year}-${to}` });
  return {
    notice: { title: `测试用${year}年节假日安排`, publishedOn: `${year - 1}-11-01`, documentNumber: `测试〔${year - 1}〕1号` },
    holidays: [
      { festival: '元旦', from: `${year}-01-01`, to: addDays(makeup, -1) },
      range('春节', '02-10', '02-16'),
      range('清明节', '04-05', '04-05'),
      range('劳动节', '05-01', '05-03'),
      range('端午节', '06-10', '06-10'),
      range('中秋节', '09-20', '09-20'),
      range('国庆节', '10-01', '10-07'),
    ],
    makeupWorkdays: [{ date: makeup, festival: '元旦' }],
  };
}
