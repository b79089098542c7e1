/**
 * The consequences of a revocation cause on a date: is it within the cause's window, what is
 * revoked and recovered, and the ban (until a date, or a bar on the next cycle(s)).
 */
import { addDays, addYears, compareIsoDate, type IsoDate } from './dates.js';
import { cycleAfter, nextCycleAfter } from './cycles.js';
import type { Policy, RevocationCause } from './schema.js';
import { isWithin, validityPeriod, yearsAfter, type DatePeriod } from './validity.js';

export interface RevocationInput {
  causeId: string;
  /** For after-award causes: the tier concerned and the day it was awarded. */
  tierId?: string;
  awardedOn?: IsoDate;
  /** When the facts occurred (the incident), checked against the window. */
  occurredOn: IsoDate;
  /** When the sanction is decided; a ban runs from this day. */
  decidedOn: IsoDate;
  /** 情节严重 (大庆第三十一条). */
  serious?: boolean;
  /** Money paid for this award so far (prize, top-ups, bonuses), in CNY. */
  paidCny?: number;
}

export type BanOutcome =
  | { kind: 'none' }
  | { kind: 'until'; years: number; bannedThrough: IsoDate; mayApplyFrom: IsoDate; scope: string[] }
  | { kind: 'cycles'; barredCycles: number[]; mayApplyFromCycle: number; scope: string[] };

export type RevocationConsequences =
  | {
      applicable: false;
      causeId: string;
      article: string;
      reasons: string[];
    }
  | {
      applicable: true;
      causeId: string;
      article: string;
      window: DatePeriod | null;
      revoke: boolean;
      disqualifyCurrentCycle: boolean;
      publicNotice: boolean;
      creditRecord: boolean;
      stopUsingTitle: boolean;
      recovery: { items: string[]; amountCny: number };
      ban: BanOutcome;
      /** A Chinese summary, one line per consequence. */
      summary: string[];
    };

export class UnknownRevocationCauseError extends Error {
  override readonly name = 'UnknownRevocationCauseError';
  constructor(
    readonly policyKey: string,
    readonly causeId: string,
  ) {
    super(`政策 ${policyKey} 没有撤销情形“${causeId}”（UNKNOWN_REVOCATION_CAUSE）`);
  }
}

export function findCause(policy: Policy, causeId: string): RevocationCause {
  const cause = policy.revocation.causes.find((c) => c.id === causeId);
  if (!cause) throw new UnknownRevocationCauseError(policy.key, causeId);
  return cause;
}

/** The window in which the facts must occur for the cause to apply, or null (any time). */
export function causeWindow(policy: Policy, cause: RevocationCause, awardedOn: IsoDate): DatePeriod | null {
  switch (cause.window.kind) {
    case 'any-time':
      return null;
    case 'validity':
      return validityPeriod(policy, awardedOn);
    case 'years-after-award':
      return yearsAfter(awardedOn, cause.window.years);
  }
}

/** The ban a cause imposes when decided on `decidedOn`. */
export function banFor(policy: Policy, cause: RevocationCause, decidedOn: IsoDate, serious: boolean): BanOutcome {
  const ban = cause.consequences.ban;
  switch (ban.kind) {
    case 'none':
      return { kind: 'none' };
    case 'years': {
      if (ban.onlyIfSerious && !serious) return { kind: 'none' };
      const bannedThrough = addYears(decidedOn, ban.years);
      return { kind: 'until', years: ban.years, bannedThrough, mayApplyFrom: addDays(bannedThrough, 1), scope: [...ban.scope] };
    }
    case 'next-cycles': {
      const first = nextCycleAfter(policy, decidedOn);
      const barredCycles = Array.from({ length: ban.cycles }, (_, i) => cycleAfter(policy, first, i));
      return { kind: 'cycles', barredCycles, mayApplyFromCycle: cycleAfter(policy, first, ban.cycles), scope: [...ban.scope] };
    }
  }
}

export function revocationConsequences(policy: Policy, input: RevocationInput): RevocationConsequences {
  const cause = findCause(policy, input.causeId);
  const reasons: string[] = [];
  let window: DatePeriod | null = null;

  if (compareIsoDate(input.decidedOn, input.occurredOn) < 0) reasons.push(`决定日期${input.decidedOn}早于事实发生日期${input.occurredOn}`);
  if (cause.stage === 'after-award') {
    if (input.tierId === undefined || input.awardedOn === undefined) {
      reasons.push('获奖后的撤销情形须提供奖项和获奖日期');
    } else {
      if (!cause.appliesToTiers.includes(input.tierId)) reasons.push(`该情形不适用于奖项“${input.tierId}”`);
      if (compareIsoDate(input.occurredOn, input.awardedOn) < 0 && cause.window.kind !== 'any-time') {
        reasons.push(`事实发生于获奖（${input.awardedOn}）之前`);
      }
      window = causeWindow(policy, cause, input.awardedOn);
      if (window && !isWithin(input.occurredOn, window)) {
        reasons.push(`事实发生于${input.occurredOn}，不在${window.from}至${window.through}的期限内`);
      }
    }
  }
  if (reasons.length > 0) return { applicable: false, causeId: cause.id, article: cause.article, reasons };

  const c = cause.consequences;
  const amountCny = c.recoverPrize ? (input.paidCny ?? 0) : 0;
  const ban = banFor(policy, cause, input.decidedOn, input.serious ?? false);
  const summary: string[] = [];
  if (c.revoke) summary.push('撤销奖项');
  if (c.disqualifyCurrentCycle) summary.push('取消本届评选资格');
  if (c.recoverItems.length > 0) summary.push(`收回${c.recoverItems.join('、')}`);
  if (c.recoverPrize) summary.push(`追缴奖金${amountCny}元`);
  if (c.publicNotice) summary.push('向社会公告');
  if (c.creditRecord) summary.push('纳入信用记录');
  if (c.stopUsingTitle) summary.push('停止使用获奖称号和标识');
  if (ban.kind === 'until') summary.push(`${ban.years}年内不得申报（${ban.scope.join('、')}），至${ban.bannedThrough}止，${ban.mayApplyFrom}起可申报`);
  if (ban.kind === 'cycles') summary.push(`不得参加${ban.barredCycles.join('、')}年度的评审（${ban.scope.join('、')}）`);
  return {
    applicable: true,
    causeId: cause.id,
    article: cause.article,
    window,
    revoke: c.revoke,
    disqualifyCurrentCycle: c.disqualifyCurrentCycle,
    publicNotice: c.publicNotice,
    creditRecord: c.creditRecord,
    stopUsingTitle: c.stopUsingTitle,
    recovery: { items: [...c.recoverItems], amountCny },
    ban,
    summary,
  };
}
