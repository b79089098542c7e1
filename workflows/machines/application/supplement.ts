/**
 * Daqing 第十三条: incomplete material → the applicant is told what to supplement and by when, reminded
 * before the deadline, and the office is told when it passes. Pure rules and names; the chart wires
 * them in machine.ts, the texts are in letters.ts.
 */
import type { Refusal } from '../../runtime/interpreter';
import { DURATION_UNITS, chinaDateOf, chinaEndOfDay, compareIsoDate, isIsoDate, reviewStep, type Duration, type IsoDate, type ReviewStep } from '../../policy/index.js';
import { policyOf, whyNotRequestSupplement } from './rules';
import type { ApplicationContext, ApplicationEvent, SupplementRecord } from './types';

export type SupplementRule = NonNullable<ReviewStep['supplementRequest']>;

const DAY_MS = 24 * 3_600_000;

/** The policy's supplement rule, for applications that enforce the articles. */
export function supplementRuleOf(context: ApplicationContext): SupplementRule | undefined {
  if (!context.enforcesArticles) return undefined;
  return reviewStep(policyOf(context), 'eligibility-review')?.supplementRequest;
}

/** The `computeDeadline` key of the n-th supplement request: answers for an earlier request are told apart. */
export const supplementDeadlineKey = (index: number) => `supplement:${index}`;

export const supplementTimerIds = {
  reminder: (index: number) => `supplement-reminder:${index}`,
  due: (index: number) => `supplement-due:${index}`,
};

/** The request still waiting for its supplement, if it is `index` (or the latest when omitted). */
export function openSupplement(context: ApplicationContext, index = context.supplements.length - 1): SupplementRecord | undefined {
  const s = context.supplements[index];
  return index === context.supplements.length - 1 && s && s.returnedAt === undefined && context.status === 'supplementRequested' ? s : undefined;
}

/** The index a computed deadline belongs to, when it answers the open request and that request has no deadline yet. */
export function supplementIndexOf(context: ApplicationContext, key: string): number | undefined {
  const index = context.supplements.length - 1;
  if (key !== supplementDeadlineKey(index)) return undefined;
  const open = openSupplement(context, index);
  return open && open.dueAt === undefined ? index : undefined;
}

const isDuration = (d: unknown): d is Duration =>
  typeof d === 'object' &&
  d !== null &&
  Number.isInteger((d as Duration).amount) &&
  (d as Duration).amount > 0 &&
  (d as Duration).amount <= 366 &&
  (DURATION_UNITS as readonly string[]).includes((d as Duration).unit);

/** The office's deadline in a request, checked where the policy sets one; the rest of the request is rules.ts's. */
export function whyNotSupplementDeadline(
  context: ApplicationContext,
  event: Extract<ApplicationEvent, { type: 'REQUEST_SUPPLEMENT' }>,
  at: number,
): Refusal | undefined {
  const rule = supplementRuleOf(context);
  const setByOffice = event.dueOn !== undefined || event.within !== undefined;
  // Old applications take no deadline at all: accepting one silently would let the office believe it set.
  if (!rule) {
    if (!setByOffice || context.enforcesArticles) return undefined;
    return { code: 'SUPPLEMENT_DEADLINE_NOT_SUPPORTED', message: '该申报提交于补充期限规则施行之前，补充通知不设期限：请去掉 dueOn / within 后重发' };
  }
  if (event.dueOn !== undefined && event.within !== undefined) {
    return { code: 'SUPPLEMENT_DEADLINE_AMBIGUOUS', message: '补充期限只能指定一种：截止日期（dueOn）或期限（within）' };
  }
  if (event.dueOn !== undefined) {
    if (!isIsoDate(event.dueOn)) return { code: 'SUPPLEMENT_DEADLINE_INVALID', message: `补充截止日期应为 YYYY-MM-DD，收到 ${String(event.dueOn)}` };
    if (compareIsoDate(event.dueOn, chinaDateOf(at)) < 0) {
      return { code: 'SUPPLEMENT_DEADLINE_PASSED', message: `补充截止日期 ${event.dueOn} 早于今天（${chinaDateOf(at)}）` };
    }
  }
  if (event.within !== undefined && !isDuration(event.within)) {
    return { code: 'SUPPLEMENT_DEADLINE_INVALID', message: `补充期限应为 { amount: 1–366 的整数, unit: ${DURATION_UNITS.join(' / ')} }` };
  }
  return undefined;
}

/** When the reminder goes: `remindDaysBefore` calendar days before the deadline, or never when that is not after `at`. */
export function reminderAt(rule: SupplementRule, dueAt: number, at: number): number | undefined {
  const when = dueAt - rule.remindDaysBefore * DAY_MS;
  return when > at ? when : undefined;
}

/** The end of a day the office named (00:00 China time after it). */
export const endOfDueDay = (dueOn: IsoDate): number => chinaEndOfDay(dueOn);

/** The last day of a deadline that ends at `dueAt`. */
export const lastDayBefore = (dueAt: number): IsoDate => chinaDateOf(dueAt - 1);

/** Every refusal of a supplement request, in the order the API reports them; the chart's guard is its negation. */
export function whyNotRequest(context: ApplicationContext, event: Extract<ApplicationEvent, { type: 'REQUEST_SUPPLEMENT' }>, at: number): Refusal | undefined {
  return whyNotRequestSupplement(context, event) ?? whyNotSupplementDeadline(context, event, at);
}
