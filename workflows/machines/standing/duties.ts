/**
 * Duties over time: each dated duty gets durable timers for its reminders, its due date and, while
 * it stays overdue, one week after another. A timer event does something only the first time (the
 * duty records which reminders went out), so a duplicated or late timer mails nobody twice; the
 * runtime's idempotency keys make each enqueued mail go out once.
 */
import type { Policy } from '../../policy/index.js';
import { collect, type Enqueue } from './collect';
import { addressed, overdueOfficeMail, overdueWeeklyMail, reminderMail } from './letters';
import { DAY_MS, WEEK_MS, findDuty, policyOf, timerIds, type E } from './rules';
import type { Duty, StandingContext } from './types';

type DatedDuty = Duty & { dueOn: string; dueAt: number };

const isDated = (duty: Duty): duty is DatedDuty => duty.dueAt !== undefined && duty.dueOn !== undefined;

export function replaceDuties(context: StandingContext, changed: readonly Duty[]): Duty[] {
  const byId = new Map(changed.map((d) => [d.id, d]));
  return context.duties.map((d) => byId.get(d.id) ?? d);
}

/** Raised events carry no `at` here; the runtime stamps them when their timer fires. */
export function scheduleDuty(enqueue: Enqueue, policy: Policy, duty: Duty, now: number): void {
  if (!isDated(duty) || duty.status !== 'open') return;
  for (const daysBefore of policy.duties.reminders.daysBefore) {
    const at = duty.dueAt - daysBefore * DAY_MS;
    // A reminder whose day has passed when the award is recorded is not sent late.
    if (at > now && !duty.remindedDaysBefore.includes(daysBefore)) {
      enqueue.raise({ type: 'DUTY_REMINDER_DUE', dutyId: duty.id, daysBefore } as never, { id: timerIds.reminder(duty.id, daysBefore), delay: at - now });
    }
  }
  enqueue.raise({ type: 'DUTY_DUE', dutyId: duty.id } as never, { id: timerIds.due(duty.id), delay: Math.max(0, duty.dueAt - now) });
}

export function cancelDutyTimers(enqueue: Enqueue, policy: Policy, duty: Duty): void {
  if (!isDated(duty)) return;
  for (const daysBefore of policy.duties.reminders.daysBefore) enqueue.cancel(timerIds.reminder(duty.id, daysBefore));
  enqueue.cancel(timerIds.due(duty.id));
  enqueue.cancel(timerIds.weekly(duty.id, duty.overdueReminders + 1));
}

function scheduleWeek(enqueue: Enqueue, duty: DatedDuty, week: number, now: number): void {
  enqueue.raise({ type: 'DUTY_OVERDUE_WEEKLY', dutyId: duty.id, week } as never, {
    id: timerIds.weekly(duty.id, week),
    delay: Math.max(0, duty.dueAt + week * WEEK_MS - now),
  });
}

export const dutyReminder = collect(({ context, event, enqueue }) => {
  const e = event as E<'DUTY_REMINDER_DUE'>;
  const duty = findDuty(context, e.dutyId);
  if (!duty || !isDated(duty) || duty.status !== 'open' || duty.overdue || duty.remindedDaysBefore.includes(e.daysBefore)) return;
  const reminded: Duty = { ...duty, remindedDaysBefore: [...duty.remindedDaysBefore, e.daysBefore].sort((a, b) => b - a) };
  enqueue.assign({ duties: replaceDuties(context, [reminded]) });
  for (const mail of addressed(context, duty, reminderMail(context, policyOf(context), duty, e.daysBefore))) enqueue({ type: 'sendReminder', params: mail });
});

/** The last day is over: the duty is overdue, the office hears it once, weekly reminders begin. */
export const dutyDue = collect(({ context, event, enqueue }) => {
  const e = event as E<'DUTY_DUE'>;
  const duty = findDuty(context, e.dutyId);
  if (!duty || !isDated(duty) || duty.status !== 'open' || duty.overdue) return;
  const policy = policyOf(context);
  enqueue.assign({ duties: replaceDuties(context, [{ ...duty, overdue: true }]) });
  enqueue({ type: 'sendReminder', params: overdueOfficeMail(context, policy, duty) });
  if (policy.duties.reminders.weeklyWhileOverdue) scheduleWeek(enqueue, duty, 1, e.at);
});

export const dutyOverdueWeekly = collect(({ context, event, enqueue }) => {
  const e = event as E<'DUTY_OVERDUE_WEEKLY'>;
  const duty = findDuty(context, e.dutyId);
  // Only the next week counts: a repeated or stale week's timer does nothing.
  if (!duty || !isDated(duty) || duty.status !== 'open' || !duty.overdue || e.week !== duty.overdueReminders + 1) return;
  const policy = policyOf(context);
  enqueue.assign({ duties: replaceDuties(context, [{ ...duty, overdueReminders: e.week }]) });
  for (const mail of addressed(context, duty, overdueWeeklyMail(context, policy, duty, e.week))) enqueue({ type: 'sendReminder', params: mail });
  if (policy.duties.reminders.weeklyWhileOverdue) scheduleWeek(enqueue, duty, e.week + 1, e.at);
});

/** Submitted, done or waived: the duty is closed and its reminders stop. */
export const closeDuty = collect(({ context, event, enqueue }) => {
  const e = event as E<'SUBMIT_REPORT' | 'WAIVE_DUTY' | 'RECORD_DUTY_DONE'>;
  const duty = findDuty(context, e.dutyId);
  if (!duty || duty.status !== 'open') return;
  const by = e.actor ? { by: e.actor } : {};
  let closed: Duty;
  switch (e.type) {
    case 'SUBMIT_REPORT':
      closed = { ...duty, status: 'submitted', submission: { at: e.at, ...by, ...(e.fileRef ? { fileRef: e.fileRef } : {}), ...(e.text ? { text: e.text } : {}) } };
      break;
    case 'WAIVE_DUTY':
      closed = { ...duty, status: 'waived', waiver: { at: e.at, ...by, reason: e.reason } };
      break;
    case 'RECORD_DUTY_DONE':
      closed = { ...duty, status: 'done', done: { at: e.at, ...by, ...(e.note ? { note: e.note } : {}) } };
      break;
  }
  enqueue.assign({ duties: replaceDuties(context, [closed]) });
  cancelDutyTimers(enqueue, policyOf(context), duty);
});
