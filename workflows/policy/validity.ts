/**
 * Periods that run from an award date. Periods follow 民法典第二百零一条、第二百零二条: the day of
 * the award is not counted, and the period's last day is the corresponding day N years later (the
 * month's last day when there is none). An award of 2022-12-20 with a 3-year validity is valid
 * through 2025-12-20; one of 2024-02-29 with 1 year would end 2025-02-28.
 */
import { addDays, addYears, compareIsoDate, type IsoDate } from './dates.js';
import type { Policy } from './schema.js';

export interface DatePeriod {
  /** First day (the day after the start). */
  from: IsoDate;
  /** Last day, inclusive. */
  through: IsoDate;
}

export function yearsAfter(start: IsoDate, years: number): DatePeriod {
  return { from: addDays(start, 1), through: addYears(start, years) };
}

export function isWithin(date: IsoDate, period: DatePeriod): boolean {
  return compareIsoDate(date, period.from) >= 0 && compareIsoDate(date, period.through) <= 0;
}

/** The validity of an award, or null when the policy sets none. */
export function validityPeriod(policy: Policy, awardedOn: IsoDate): (DatePeriod & { article: string }) | null {
  if (!policy.validity) return null;
  return { ...yearsAfter(awardedOn, policy.validity.years), article: policy.validity.article };
}

/**
 * Whether the title may be used on a date: within the validity when there is one; from the award
 * on when the policy sets no validity.
 */
export function isAwardValidOn(policy: Policy, awardedOn: IsoDate, date: IsoDate): boolean {
  const v = validityPeriod(policy, awardedOn);
  if (v === null) return compareIsoDate(date, awardedOn) >= 0;
  return compareIsoDate(date, awardedOn) >= 0 && compareIsoDate(date, v.through) <= 0;
}

export interface AnnualReportDue {
  /** 1-based report number. */
  index: number;
  /** The award-year this report covers ends on this day. */
  periodEnd: IsoDate;
  article: string;
}

/** The annual quality-performance reports owed after an award (赣州第二十四条, 瀍河第二十四条). */
export function annualReportSchedule(policy: Policy, awardedOn: IsoDate): AnnualReportDue[] {
  const duty = policy.duties.annualReport;
  if (!duty) return [];
  return Array.from({ length: duty.years }, (_, i) => ({
    index: i + 1,
    periodEnd: addYears(awardedOn, i + 1),
    article: duty.article,
  }));
}

/** Until when evaluation records must be kept (大庆第三十六条), or null. */
export function recordsRetainedThrough(policy: Policy, closedOn: IsoDate): IsoDate | null {
  return policy.records ? addYears(closedOn, policy.records.retentionYears) : null;
}
