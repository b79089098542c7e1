/**
 * The chart's actions for Daqing 第十三条's supplement request: deadline, request letter, reminder and
 * overdue notice as durable timers. Rules and names are in supplement.ts, texts in letters.ts.
 */
import { collect, type E, type Enqueue } from './collect';
import { supplementOverdueReminder, supplementReminderLetter, supplementRequestLetter } from './letters';
import { reasonsOf } from './rules';
import {
  endOfDueDay,
  lastDayBefore,
  openSupplement,
  reminderAt,
  supplementDeadlineKey,
  supplementIndexOf,
  supplementRuleOf,
  supplementTimerIds,
  type SupplementRule,
} from './supplement';
import type { ApplicationContext, SupplementRecord } from './types';

/**
 * A supplement request whose deadline is known: record it, mail the request, and set the reminder
 * and the deadline as durable timers (the reminder only when it falls after now).
 */
function scheduleSupplement(enqueue: Enqueue, context: ApplicationContext, index: number, record: SupplementRecord, rule: SupplementRule, dueAt: number, at: number): void {
  const scheduled = { ...record, lastDay: lastDayBefore(dueAt), dueAt, overdue: false };
  enqueue.assign({ supplements: context.supplements.map((s, i) => (i === index ? scheduled : s)).concat(index === context.supplements.length ? [scheduled] : []) });
  enqueue({ type: 'notifyApplicant', params: supplementRequestLetter(context, scheduled, rule) });
  const remindAt = reminderAt(rule, dueAt, at);
  // Raised events carry no `at` here; the runtime stamps them when their timer fires.
  if (remindAt !== undefined) enqueue.raise({ type: 'SUPPLEMENT_REMINDER_DUE', index } as never, { id: supplementTimerIds.reminder(index), delay: remindAt - at });
  enqueue.raise({ type: 'SUPPLEMENT_DUE', index } as never, { id: supplementTimerIds.due(index), delay: Math.max(0, dueAt - at) });
}

/**
 * Records the request. Where the articles are enforced and the policy sets a supplement deadline
 * (大庆第十三条), the deadline follows: a day the office named at once, a period through the
 * calendar-backed `computeDeadline` (its answer schedules the rest).
 */
export const requestSupplement = collect(({ context, event, enqueue }) => {
  const e = event as E<'REQUEST_SUPPLEMENT'>;
  const record: SupplementRecord = { items: reasonsOf(e.items), ...(e.note ? { note: e.note } : {}), requestedAt: e.at };
  const rule = supplementRuleOf(context);
  if (!rule) {
    enqueue.assign({ supplements: [...context.supplements, record] });
    return;
  }
  const index = context.supplements.length;
  const byOffice = e.dueOn !== undefined || e.within !== undefined;
  const stated: SupplementRecord = { ...record, deadlineSetBy: byOffice ? 'office' : 'policy', article: rule.article };
  if (e.dueOn !== undefined) {
    scheduleSupplement(enqueue, context, index, stated, rule, endOfDueDay(e.dueOn), e.at);
    return;
  }
  const within = e.within ?? rule.within;
  enqueue.assign({ supplements: [...context.supplements, { ...stated, within }] });
  enqueue({ type: 'computeDeadline', params: { key: supplementDeadlineKey(index), start: e.at, duration: within } });
});

export const supplementDeadlineComputed = collect(({ context, event, enqueue }) => {
  const e = event as E<'DEADLINE_COMPUTED'>;
  const index = supplementIndexOf(context, e.key);
  const rule = supplementRuleOf(context);
  if (index === undefined || !rule) return;
  scheduleSupplement(enqueue, context, index, context.supplements[index]!, rule, e.endsAt, e.at);
});

export const supplementReminder = collect(({ context, event, enqueue }) => {
  const e = event as E<'SUPPLEMENT_REMINDER_DUE'>;
  const s = openSupplement(context, e.index);
  const rule = supplementRuleOf(context);
  if (!s || !rule || s.lastDay === undefined || s.remindedAt !== undefined) return;
  enqueue.assign({ supplements: context.supplements.map((x, i) => (i === e.index ? { ...x, remindedAt: e.at } : x)) });
  enqueue({ type: 'notifyApplicant', params: supplementReminderLetter(context, { ...s, lastDay: s.lastDay }, rule) });
});

/** The deadline passed with nothing returned: the office hears it and decides; nothing is decided here. */
export const supplementOverdue = collect(({ context, event, enqueue }) => {
  const e = event as E<'SUPPLEMENT_DUE'>;
  const s = openSupplement(context, e.index);
  const rule = supplementRuleOf(context);
  if (!s || !rule || s.lastDay === undefined || s.dueAt === undefined || s.overdue) return;
  enqueue.assign({ supplements: context.supplements.map((x, i) => (i === e.index ? { ...x, overdue: true } : x)) });
  enqueue({ type: 'sendReminder', params: supplementOverdueReminder(context, { ...s, lastDay: s.lastDay, dueAt: s.dueAt }, rule) });
});

/** Leaving the request (returned, decided, withdrawn…) ends its reminder and deadline. */
export const endSupplementTimers = collect(({ context, enqueue }) => {
  if (!supplementRuleOf(context)) return;
  const index = context.supplements.length - 1;
  enqueue.cancel(supplementTimerIds.reminder(index));
  enqueue.cancel(supplementTimerIds.due(index));
});
