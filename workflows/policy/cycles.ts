/** Cycles (届): a cycle is identified by its year; cycles repeat every `policy.cycle.periodYears`. */
import { yearOf, type IsoDate } from './dates.js';
import type { Policy } from './schema.js';

type CyclePolicy = Pick<Policy, 'cycle'>;

function mod(a: number, n: number): number {
  return ((a % n) + n) % n;
}

export function isCycleYear(policy: CyclePolicy, year: number): boolean {
  return mod(year - policy.cycle.anchorYear, policy.cycle.periodYears) === 0;
}

/** The first cycle held in `year` or later. */
export function cycleOnOrAfter(policy: CyclePolicy, year: number): number {
  const p = policy.cycle.periodYears;
  return year + mod(policy.cycle.anchorYear - year, p);
}

/** The cycle `n` cycles after `cycle` (n may be negative). */
export function cycleAfter(policy: CyclePolicy, cycle: number, n = 1): number {
  return cycle + n * policy.cycle.periodYears;
}

/**
 * The next cycle after a date: the first cycle whose year is later than the date's year. A cycle is
 * treated as running throughout its year, so "下一届" after a decision in 2028 is the 2030 cycle.
 */
export function nextCycleAfter(policy: CyclePolicy, date: IsoDate): number {
  return cycleOnOrAfter(policy, yearOf(date) + 1);
}

export class NotACycleYearError extends Error {
  override readonly name = 'NotACycleYearError';
  constructor(
    readonly policyKey: string,
    readonly year: number,
  ) {
    super(`${year}年不是${policyKey}的评选年度（NOT_A_CYCLE_YEAR）`);
  }
}

export function assertCycleYear(policy: Pick<Policy, 'cycle' | 'key'>, year: number): void {
  if (!Number.isInteger(year) || !isCycleYear(policy, year)) throw new NotACycleYearError(policy.key, year);
}
