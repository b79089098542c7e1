/**
 * Date convention for the whole policy module (pure, usable in the Temporal workflow sandbox):
 *
 * - A *day* is an ISO calendar date string `YYYY-MM-DD` (type {@link IsoDate}) and always means a
 *   calendar day in China time (Asia/Shanghai, UTC+8, no daylight saving).
 * - An *instant* is a number of epoch milliseconds (type {@link Instant}), as returned by
 *   `Date.now()` inside a Temporal workflow. `chinaDateOf(instant)` tells which Chinese calendar day
 *   an instant falls on: 2026-09-30T16:30:00Z is already 2026-10-01 in China.
 *
 * Nothing here reads the clock: "now" is always an argument. `new Date(x)` is only ever called
 * with an argument, which is deterministic.
 */

export type IsoDate = string;
export type Instant = number;

export const CHINA_UTC_OFFSET_MS = 8 * 60 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;
const ISO_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

export class InvalidDateError extends Error {
  override readonly name = 'InvalidDateError';
  constructor(readonly input: unknown) {
    super(`无效日期（invalid IsoDate）：${String(input)}，应为 YYYY-MM-DD`);
  }
}

export interface DateParts {
  year: number;
  month: number; // 1-12
  day: number; // 1-31
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month) ? 30 : 31;
}

export function isIsoDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string') return false;
  const m = ISO_DATE_RE.exec(value);
  if (!m) return false;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

export function parseIsoDate(date: IsoDate): DateParts {
  if (!isIsoDate(date)) throw new InvalidDateError(date);
  const [y, m, d] = date.split('-');
  return { year: Number(y), month: Number(m), day: Number(d) };
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export function formatIsoDate(parts: DateParts): IsoDate {
  return `${pad(parts.year, 4)}-${pad(parts.month, 2)}-${pad(parts.day, 2)}`;
}

/** Days since 1970-01-01 for a calendar date (timezone-free arithmetic). */
function toDayNumber(date: IsoDate): number {
  const { year, month, day } = parseIsoDate(date);
  return Math.round(Date.UTC(year, month - 1, day) / DAY_MS);
}

function fromDayNumber(n: number): IsoDate {
  const d = new Date(n * DAY_MS);
  return formatIsoDate({ year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() });
}

/** A day as Chinese text writes it: `2026年7月14日`. */
export function chineseDay(date: IsoDate): string {
  const { year, month, day } = parseIsoDate(date);
  return `${year}年${month}月${day}日`;
}

/** The Chinese calendar day (UTC+8) on which an instant falls. */
export function chinaDateOf(instant: Instant): IsoDate {
  if (!Number.isFinite(instant)) throw new InvalidDateError(instant);
  return fromDayNumber(Math.floor((instant + CHINA_UTC_OFFSET_MS) / DAY_MS));
}

/** The instant at which a Chinese calendar day begins (00:00 China time). */
export function chinaStartOfDay(date: IsoDate): Instant {
  return toDayNumber(date) * DAY_MS - CHINA_UTC_OFFSET_MS;
}

/** The instant at which a Chinese calendar day ends (= 00:00 China time of the next day, exclusive). */
export function chinaEndOfDay(date: IsoDate): Instant {
  return chinaStartOfDay(date) + DAY_MS;
}

/** `2026-10-08T00:00:00+08:00` for an instant, for display and history. */
export function formatChinaInstant(instant: Instant): string {
  const shifted = new Date(instant + CHINA_UTC_OFFSET_MS);
  const date = formatIsoDate({
    year: shifted.getUTCFullYear(),
    month: shifted.getUTCMonth() + 1,
    day: shifted.getUTCDate(),
  });
  const time = `${pad(shifted.getUTCHours(), 2)}:${pad(shifted.getUTCMinutes(), 2)}:${pad(shifted.getUTCSeconds(), 2)}`;
  return `${date}T${time}+08:00`;
}

export function addDays(date: IsoDate, days: number): IsoDate {
  return fromDayNumber(toDayNumber(date) + days);
}

/** Whole days from `a` to `b` (positive when b is later). */
export function daysBetween(a: IsoDate, b: IsoDate): number {
  return toDayNumber(b) - toDayNumber(a);
}

/**
 * The same day `months` later; when that month has no such day the month's last day is used
 * (民法典第二百零二条: 没有对应日的，月末日为期间的最后一日). 2024-02-29 + 12 months = 2025-02-28.
 */
export function addMonths(date: IsoDate, months: number): IsoDate {
  const { year, month, day } = parseIsoDate(date);
  const index = year * 12 + (month - 1) + months;
  const newYear = Math.floor(index / 12);
  const newMonth = (index % 12) + 1;
  return formatIsoDate({ year: newYear, month: newMonth, day: Math.min(day, daysInMonth(newYear, newMonth)) });
}

export function addYears(date: IsoDate, years: number): IsoDate {
  return addMonths(date, years * 12);
}

export function compareIsoDate(a: IsoDate, b: IsoDate): number {
  return toDayNumber(a) - toDayNumber(b);
}

export function isBefore(a: IsoDate, b: IsoDate): boolean {
  return compareIsoDate(a, b) < 0;
}

export function isOnOrBefore(a: IsoDate, b: IsoDate): boolean {
  return compareIsoDate(a, b) <= 0;
}

export function maxIsoDate(a: IsoDate, b: IsoDate): IsoDate {
  return compareIsoDate(a, b) >= 0 ? a : b;
}

/** ISO weekday: 1 = Monday … 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  const dow = new Date(toDayNumber(date) * DAY_MS).getUTCDay();
  return dow === 0 ? 7 : dow;
}

export function yearOf(date: IsoDate): number {
  return parseIsoDate(date).year;
}
