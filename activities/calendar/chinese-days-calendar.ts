/**
 * The State Council holiday calendar from the maintained `chinese-days` data package. To take in
 * next year's calendar, upgrade the package (or build a table calendar from a newer JSON file);
 * workflow code does not change. The package's own `isWorkday` silently falls back to weekends
 * outside its data, so its published table is used directly and the covered years are enforced.
 */
import chineseDaysData from 'chinese-days/dist/chinese-days.json';
import chineseDaysPackage from 'chinese-days/package.json';
import type { WorkingDayCalendar } from '../../workflows/policy/index.js';
import { createTableCalendar, type HolidayTable } from './table-calendar.js';

export const CHINESE_DAYS_SOURCE = `chinese-days@${(chineseDaysPackage as { version: string }).version}`;

let cached: WorkingDayCalendar | undefined;

export function chineseDaysCalendar(): WorkingDayCalendar {
  cached ??= createTableCalendar(chineseDaysData as HolidayTable, { source: CHINESE_DAYS_SOURCE });
  return cached;
}
