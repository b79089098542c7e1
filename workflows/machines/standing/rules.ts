/**
 * The standing's rules as pure functions of its context: which duties an award brings and when
 * they fall due, what the ledger holds, why an event is refused, and the organisation's history as
 * `mayApply` reads it. Everything jurisdiction-specific comes from the policy.
 */
import {
  addDays,
  annualReportSchedule,
  assertCycleYear,
  bonusForExternalAward,
  chinaEndOfDay,
  compareIsoDate,
  cycleOnOrAfter,
  findCause,
  isAwardValidOn,
  isCycleYear,
  isIsoDate,
  loadPolicy,
  mayApply,
  yearOf,
  type IsoDate,
  type OrganisationHistory,
  type Policy,
  type PrizeLine,
  type ReapplyDecision,
} from '../../policy/index.js';
import type { Refusal } from '../../runtime/interpreter';
import type { Duty, DutyKind, StampedStandingEvent, StandingAward, StandingContext, StandingEventType } from './types';

export type E<T extends StandingEventType> = Extract<StampedStandingEvent, { type: T }>;

export const DAY_MS = 24 * 3_600_000;
export const WEEK_MS = 7 * DAY_MS;

export function policyOf(context: { policyKey: string }): Policy {
  return loadPolicy(context.policyKey);
}

/** Durable timer ids: one per reminder, due date and overdue week of a duty, per award's validity, per ban. */
export const timerIds = {
  reminder: (dutyId: string, daysBefore: number) => `duty-reminder:${dutyId}:${daysBefore}`,
  due: (dutyId: string) => `duty-due:${dutyId}`,
  weekly: (dutyId: string, week: number) => `duty-overdue:${dutyId}:${week}`,
  validity: (cycle: number, tierId: string) => `validity-end:${cycle}/${tierId}`,
  ban: (sanctionId: string) => `ban-end:${sanctionId}`,
};

export function findAward(context: StandingContext, cycle: number, tierId?: string): StandingAward | undefined {
  return context.awards.find((a) => a.cycle === cycle && (tierId === undefined || a.tierId === tierId));
}

export function findDuty(context: StandingContext, dutyId: string): Duty | undefined {
  return context.duties.find((d) => d.id === dutyId);
}

export const isClosed = (duty: Duty) => duty.status !== 'open';

/**
 * The duties an award brings, each dated where the regulation dates it.
 *
 * Nominees carry them too. Ganzhou calls the recipients of both tiers 获奖组织 (第六条: 市长质量奖和
 * 提名奖的获奖组织), and 第三十条 revokes 市长质量奖或提名奖 of a 获奖组织 for what happens 有效期内, so a
 * nomination has the validity and the duties of 第二十四条、第二十五条 too. The other three regulations
 * have no dated duty that could differ between tiers (Benxi and Daqing none, Chanhe no nomination).
 *
 * Undated duties (`share-experience`, and an `exchange-events` without a period) are listed, so the
 * record shows what the organisation owes and the office can record them done, but they have no due
 * date and no reminders: the regulation sets none. `office-may-publicise` is a power of the office,
 * not a duty of the organisation, and is left out.
 */
export function dutiesForAward(policy: Policy, award: StandingAward): Duty[] {
  const { cycle, tierId, awardedOn, validThrough } = award;
  const duties: Duty[] = [];
  const counters = new Map<DutyKind, number>();
  const add = (kind: DutyKind, article: string, description: string, dueOn?: IsoDate) => {
    const n = (counters.get(kind) ?? 0) + 1;
    counters.set(kind, n);
    duties.push({
      id: `${cycle}/${kind}/${n}`,
      kind,
      cycle,
      tierId,
      article,
      description,
      ...(dueOn ? { dueOn, dueAt: chinaEndOfDay(dueOn) } : {}),
      status: 'open',
      remindedDaysBefore: [],
      overdueReminders: 0,
    });
  };

  let from = addDays(awardedOn, 1);
  for (const report of annualReportSchedule(policy, awardedOn)) {
    add('annual-report', report.article, `提交获奖后第${report.index}年（${from}至${report.periodEnd}）的质量绩效报告`, report.periodEnd);
    from = addDays(report.periodEnd, 1);
  }
  const review = policy.duties.reEvaluation;
  if (review) {
    for (let i = 1; i <= review.minTimesWithinValidity; i++) {
      const which = review.minTimesWithinValidity > 1 ? `，第${i}次` : '';
      add('re-evaluation', review.article, `有效期内接受复核评估（至少${review.minTimesWithinValidity}次${which}）`, validThrough ?? undefined);
    }
  }
  for (const sharing of policy.duties.experienceSharing) {
    switch (sharing.kind) {
      case 'summary-in-award-year':
        add(sharing.kind, sharing.article, sharing.description, `${yearOf(awardedOn)}-12-31`);
        break;
      case 'exchange-events': {
        const count = sharing.minCount ?? 1;
        for (let i = 0; i < count; i++) add(sharing.kind, sharing.article, sharing.description, sharing.withinValidity && validThrough ? validThrough : undefined);
        break;
      }
      case 'share-experience':
        add(sharing.kind, sharing.article, sharing.description);
        break;
      case 'office-may-publicise':
        break;
    }
  }
  return duties;
}

/**
 * Re-evaluation is the office's to carry out (赣州第二十九条: 市领导小组办公室…开展定期回访和复核评估); the
 * organisation only submits to it, so its reminders go to the office.
 */
export const remindsOffice = (duty: Duty) => duty.kind === 're-evaluation';

export function ledgerBalance(context: StandingContext): number {
  return context.ledger.reduce((sum, entry) => sum + entry.amountCny, 0);
}

/** What was paid for the award of a cycle (prize, top-up, bonuses), which a revocation may recover. */
export function paidFor(context: StandingContext, cycle: number): number {
  return context.ledger.filter((e) => e.cycle === cycle && e.amountCny > 0).reduce((sum, e) => sum + e.amountCny, 0);
}

/** Tiers held before a cycle, revoked ones excluded (expired ones count: 再次获得 is still a re-award). */
export function priorTiers(context: StandingContext, cycle: number): string[] {
  return context.awards.filter((a) => a.revokedOn === undefined && a.cycle < cycle).map((a) => a.tierId);
}

const EMAIL_RE = /^[^\s@<>(),;:"]+@[^\s@<>(),;:"]+\.[^\s@<>(),;:"]+$/;
export const MAX_CONTACTS = 10;

/** Addresses deduplicated (case-insensitively), in the order given. */
export function uniqueContacts(contacts: readonly string[]): string[] {
  const seen = new Set<string>();
  return contacts
    .map((c) => c.trim())
    .filter((c) => {
      const key = c.toLowerCase();
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
}

/** The addresses an award workflow passes on: the valid ones, at most ten; invalid ones are dropped, not refused. */
export function acceptedContacts(contacts: readonly unknown[] | undefined): string[] | undefined {
  if (!contacts) return undefined;
  const valid = uniqueContacts(contacts.filter((c): c is string => typeof c === 'string' && EMAIL_RE.test(c.trim()))).slice(0, MAX_CONTACTS);
  return valid.length > 0 ? valid : undefined;
}

// ---------------------------------------------------------------------------------------------
// Refusals (`refuse` and the guards ask the same functions)
// ---------------------------------------------------------------------------------------------

const refusal = (code: string, message: string): Refusal => ({ code, message });
const nonEmpty = (s: unknown): s is string => typeof s === 'string' && s.trim().length > 0;

export function whyNotRecordAward(context: StandingContext, e: E<'AWARD_RECORDED'>): Refusal | undefined {
  const policy = policyOf(context);
  if (!policy.tiers.some((t) => t.id === e.tierId)) return refusal('UNKNOWN_TIER', `${policy.awardName}没有奖项“${e.tierId}”`);
  if (!Number.isInteger(e.cycle) || !isCycleYear(policy, e.cycle)) return refusal('NOT_A_CYCLE_YEAR', `${e.cycle}年不是${policy.awardName}的评选年度`);
  if (!Number.isFinite(e.awardedAt)) return refusal('INVALID_INSTANT', '授奖时间无效');
  const other = context.awards.find((a) => a.cycle === e.cycle && a.tierId !== e.tierId);
  if (other) return refusal('AWARD_CYCLE_CONFLICT', `${e.cycle}年度已记录该组织获得“${other.tierId}”，同一届不能再记录“${e.tierId}”`);
  return undefined;
}

export function whyNotUpdateContacts(e: E<'CONTACTS_UPDATED'>): Refusal | undefined {
  if (!Array.isArray(e.contacts) || e.contacts.length === 0) return refusal('INVALID_CONTACTS', '请至少填写一个联系邮箱');
  const invalid = e.contacts.filter((c) => typeof c !== 'string' || !EMAIL_RE.test(c.trim()));
  if (invalid.length > 0) return refusal('INVALID_CONTACTS', `邮箱地址无效：${invalid.map(String).join('、')}`);
  if (uniqueContacts(e.contacts).length > MAX_CONTACTS) return refusal('INVALID_CONTACTS', `联系邮箱最多${MAX_CONTACTS}个`);
  return undefined;
}

function whyNotHandle(context: StandingContext, dutyId: string): Refusal | undefined {
  const duty = findDuty(context, dutyId);
  if (!duty) return refusal('DUTY_NOT_FOUND', `没有义务“${dutyId}”`);
  if (isClosed(duty)) return refusal('DUTY_CLOSED', `义务“${dutyId}”已${DUTY_STATUS_LABELS[duty.status]}，不能再办理`);
  return undefined;
}

export const DUTY_STATUS_LABELS: Readonly<Record<Duty['status'], string>> = {
  open: '待办理',
  submitted: '提交',
  done: '登记完成',
  waived: '豁免',
  cancelled: '随奖项撤销而取消',
};

export function whyNotSubmitReport(context: StandingContext, e: E<'SUBMIT_REPORT'>): Refusal | undefined {
  const duty = findDuty(context, e.dutyId);
  if (duty && duty.kind !== 'annual-report') return refusal('DUTY_NOT_A_REPORT', `“${e.dutyId}”不是年度质量绩效报告，由办公室登记完成情况`);
  const closed = whyNotHandle(context, e.dutyId);
  if (closed) return closed;
  if (!nonEmpty(e.fileRef) && !nonEmpty(e.text)) return refusal('REPORT_EMPTY', '请上传报告文件或填写报告正文');
  return undefined;
}

export function whyNotWaive(context: StandingContext, e: E<'WAIVE_DUTY'>): Refusal | undefined {
  return whyNotHandle(context, e.dutyId) ?? (nonEmpty(e.reason) ? undefined : refusal('REASON_REQUIRED', '豁免须说明理由'));
}

export function whyNotRecordDone(context: StandingContext, e: E<'RECORD_DUTY_DONE'>): Refusal | undefined {
  return whyNotHandle(context, e.dutyId);
}

function isCauseKnown(policy: Policy, causeId: string): boolean {
  return policy.revocation.causes.some((c) => c.id === causeId);
}

export function whyNotRecordSanction(context: StandingContext, e: E<'RECORD_SANCTION'>): Refusal | undefined {
  // A repeat of a recorded sanction changes nothing (the office's retry), so it is not refused.
  if (context.sanctions.some((s) => s.id === e.sanctionId)) return undefined;
  const policy = policyOf(context);
  if (!nonEmpty(e.sanctionId)) return refusal('SANCTION_ID_REQUIRED', '请填写处理决定编号');
  if (!isCauseKnown(policy, e.causeId)) {
    return refusal('UNKNOWN_REVOCATION_CAUSE', `${policy.awardName}没有撤销情形“${e.causeId}”；可选：${policy.revocation.causes.map((c) => `${c.id}（${c.name}）`).join('、')}`);
  }
  for (const [label, date] of [['事实发生日期', e.occurredOn], ['决定日期', e.decidedOn]] as const) {
    if (!isIsoDate(date)) return refusal('INVALID_DATE', `${label}无效：${String(date)}，应为 YYYY-MM-DD`);
  }
  if (compareIsoDate(e.decidedOn, e.occurredOn) < 0) return refusal('DECIDED_BEFORE_OCCURRED', `决定日期${e.decidedOn}早于事实发生日期${e.occurredOn}`);
  if (!nonEmpty(e.reason)) return refusal('REASON_REQUIRED', '请写明处理的事实和理由');
  const cause = findCause(policy, e.causeId);
  if (e.cycle === undefined) {
    return refusal('CYCLE_REQUIRED', cause.stage === 'after-award' ? `${cause.name}须指明所涉奖项的年度（${cause.article}）` : `${cause.name}须指明申报的年度（${cause.article}）`);
  }
  if (cause.stage === 'after-award') {
    const award = findAward(context, e.cycle);
    if (!award) return refusal('AWARD_NOT_FOUND', `该组织没有${e.cycle}年度的获奖记录`);
    if (award.revokedOn !== undefined) return refusal('AWARD_ALREADY_REVOKED', `${e.cycle}年度奖项已于${award.revokedOn}撤销`);
  } else if (!isCycleYear(policy, e.cycle)) {
    return refusal('NOT_A_CYCLE_YEAR', `${e.cycle}年不是${policy.awardName}的评选年度`);
  }
  return undefined;
}

/** Bonus lines per award held on the bonus's day, the latest award of each tier, so a re-award is not counted twice. */
export function bonusLinesFor(context: StandingContext, e: E<'RECORD_BONUS'>): Array<PrizeLine & { cycle: number }> {
  const policy = policyOf(context);
  const latestByTier = new Map<string, StandingAward>();
  for (const a of context.awards) {
    if (a.revokedOn !== undefined || !isAwardValidOn(policy, a.awardedOn, e.on)) continue;
    const known = latestByTier.get(a.tierId);
    if (!known || known.cycle < a.cycle) latestByTier.set(a.tierId, a);
  }
  return [...latestByTier.values()].flatMap((a) => bonusForExternalAward(policy, { event: e.award, heldTiers: [a.tierId] }).lines.map((l) => ({ ...l, cycle: a.cycle })));
}

export const bonusEntryId = (bonusId: string, index: number) => `bonus/${bonusId}/${index + 1}`;
export const hasBonus = (context: StandingContext, bonusId: string) => context.ledger.some((l) => l.id.startsWith(`bonus/${bonusId}/`));

export function whyNotRecordBonus(context: StandingContext, e: E<'RECORD_BONUS'>): Refusal | undefined {
  if (hasBonus(context, e.bonusId)) return undefined;
  if (!nonEmpty(e.bonusId)) return refusal('BONUS_ID_REQUIRED', '请填写奖励记录编号');
  if (!isIsoDate(e.on)) return refusal('INVALID_DATE', `获奖日期无效：${String(e.on)}，应为 YYYY-MM-DD`);
  if (bonusLinesFor(context, e).length === 0) {
    const policy = policyOf(context);
    const rules = policy.prizes.laterBonuses.filter((b) => b.event === e.award);
    return refusal(
      'NO_BONUS',
      rules.length === 0
        ? `${policy.awardName}的办法未规定获得该奖项后的追加奖励`
        : `追加奖励须在获得该奖项时持有有效的${rules.map((b) => policy.tiers.find((t) => t.id === b.requiresTier)?.name ?? b.requiresTier).join('或')}（${rules[0]!.article}）`,
    );
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Applying again
// ---------------------------------------------------------------------------------------------

/** The organisation's record as `mayApply` reads it: its awards, and the sanctions that applied. */
export function historyOf(context: StandingContext, policy: Policy): OrganisationHistory {
  return {
    awards: context.awards.map((a) => ({ tierId: a.tierId, cycle: a.cycle, awardedOn: a.awardedOn, ...(a.revokedOn ? { revokedOn: a.revokedOn } : {}) })),
    sanctions: context.sanctions
      .filter((s) => s.applicable)
      .map((s) => ({
        causeId: s.causeId,
        // 取消当年评选资格 needs the cycle it was decided in: the cycle applied to for a cause found
        // while applying, the first cycle of the decision's year or later for one after an award.
        cycle: findCause(policy, s.causeId).stage === 'application' && s.cycle !== undefined ? s.cycle : cycleOnOrAfter(policy, yearOf(s.decidedOn)),
        decidedOn: s.decidedOn,
        serious: s.serious,
      })),
  };
}

/** Whether the organisation may apply in `cycle` on `applicationDate` (the API refuses applications with it). */
export function mayApplyNow(context: StandingContext, policy: Policy, cycle: number, applicationDate: IsoDate): ReapplyDecision {
  assertCycleYear(policy, cycle);
  return mayApply(policy, { cycle, applicationDate, history: historyOf(context, policy) });
}
