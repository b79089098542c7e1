/**
 * The application's side of issue 11, on the pure interpreter: Daqing 第十三条 (supplement request
 * with its deadline, reminder and overdue notice) and the cycle's letters to a unit (Daqing 第二十四条).
 * A small driver plays the runtime: computeDeadline is answered (weekends-only calendar) as the
 * worker's activity answers it, and timers fire when the clock reaches them.
 */
import { describe, expect, it } from 'vitest';
import {
  APPLICATION_SYSTEM_EVENTS,
  application,
  type ApplicationContext,
  type ApplicationInput,
  type NotifyApplicantParams,
  type OfficeReminderParams,
} from '../../workflows/machines/application';
import { deadlineFrom, loadPolicy, type Duration } from '../../workflows/policy/index.js';
import { apply, check, dueTimers, fire, start, view, type DurableState, type Effect } from '../../workflows/runtime/interpreter';
import type { Actor, MachineEvent } from '../../workflows/runtime/types';
import { china, goodProfile, weekendsOnlyCalendar } from '../policy/fixtures';

const DAY = 24 * 3_600_000;
const office: Actor = { id: 'office-1', role: 'office' };
const applicant: Actor = { id: 'user-a', role: 'applicant' };
const system: Actor = { id: 'cycle/daqing-2018/2026', role: 'system' };

/** One application on the interpreter, with the runtime's effect feedback and timers. */
class App {
  state: DurableState;
  effects: Effect[] = [];
  /** computeDeadline requests, answered at once unless `holdDeadlines`. */
  holdDeadlines = false;
  held: Effect[] = [];

  constructor(
    readonly policyKey: string,
    public now = china('2026-07-01T10:00:00'),
    input: Partial<ApplicationInput> = {},
  ) {
    const policy = loadPolicy(policyKey);
    const step = start(
      application,
      {
        policyKey,
        year: 2026,
        orgId: 'org-a',
        organisationName: '甲质量有限公司',
        category: 'manufacturing',
        profile: goodProfile(policy, { organisationId: 'org-a', name: '甲质量有限公司' }),
        applicationDeadline: china('2026-06-30T17:00:00'),
        contactEmail: 'quality@org-a.example.cn',
        submittedAt: this.now,
        reportsReviewers: true,
        enforcesArticles: true,
        ...input,
      },
      this.now,
    );
    this.state = step.state;
    this.record(step.effects);
    this.deliver({ type: 'CYCLE_STAGE_CHANGED', stage: 'eligibilityReview', closedAt: china('2026-06-30T17:00:00') }, system);
  }

  get ctx(): ApplicationContext {
    return this.state.snapshot.context as ApplicationContext;
  }

  view() {
    return view(application, this.state);
  }

  check(event: MachineEvent, actor: Actor = office) {
    return check(application, this.state, event, this.now, actor);
  }

  /** As an update (or a system message with `system`): refused events throw. */
  send(event: MachineEvent, actor: Actor = office): this {
    this.deliver(event, actor);
    return this;
  }

  /** The runtime's feedBack: an activity's answer, checked without an actor, applied or dropped. */
  answer(event: MachineEvent): boolean {
    if (check(application, this.state, event, this.now)) return false;
    this.commit(apply(application, this.state, event, this.now));
    return true;
  }

  advanceTo(at: number): this {
    for (let timer = dueTimers(this.state, at)[0]; timer; timer = dueTimers(this.state, at)[0]) {
      this.now = Math.max(this.now, timer.dueAt);
      this.commit(fire(application, this.state, timer, this.now));
    }
    this.now = Math.max(this.now, at);
    return this;
  }

  of<T>(type: string, from = 0): T[] {
    return this.effects.slice(from).filter((e) => e.type === type).map((e) => e.params as T);
  }

  private deliver(event: MachineEvent, actor: Actor): void {
    const refusal = check(application, this.state, event, this.now, actor);
    if (refusal) throw new Error(`${event.type} refused: ${refusal.code} ${refusal.message}`);
    this.commit(apply(application, this.state, event, this.now, actor));
  }

  private commit(step: { state: DurableState; effects: Effect[] }): void {
    this.state = step.state;
    this.record(step.effects);
  }

  private record(effects: Effect[]): void {
    for (const effect of effects) {
      this.effects.push(effect);
      if (effect.type !== 'computeDeadline') continue;
      if (this.holdDeadlines) this.held.push(effect);
      else this.answerDeadline(effect);
    }
  }

  answerDeadline(effect: Effect): boolean {
    const { key, start: from, duration } = effect.params as { key: string; start: number; duration: Duration };
    const { endsAt, lastDay } = deadlineFrom(from, duration, weekendsOnlyCalendar);
    return this.answer({ type: 'DEADLINE_COMPUTED', key, endsAt, lastDay, calendarSource: weekendsOnlyCalendar.source });
  }
}

const ITEMS = ['近三年财务审计报告', '县区政府推荐意见原件'];
/** 2026-07-01 (Wed) + 10 working days, weekends only: the last day is Wednesday 15 July. */
const LAST_DAY = '2026-07-15';
const DUE_AT = china('2026-07-16T00:00:00');

describe('大庆第十三条：申报材料不完整的，及时通知企业和组织补充完善', () => {
  it('大庆第十三条: the request is mailed once with its items and the policy’s 10 working days, reminded 3 days before, and at the deadline the office is told and the request is marked overdue, nothing decided', () => {
    const app = new App('daqing-2018');
    app.send({ type: 'REQUEST_SUPPLEMENT', items: ITEMS, note: '请加盖公章' });

    const [asked] = app.of<{ key: string; duration: Duration }>('computeDeadline');
    expect(asked).toMatchObject({ key: 'supplement:0', duration: { amount: 10, unit: 'workingDays' } });
    expect(app.view().stage).toBe('supplementRequested');
    expect(app.ctx.supplements[0]).toMatchObject({ items: ITEMS, note: '请加盖公章', deadlineSetBy: 'policy', article: '第十三条', lastDay: LAST_DAY, dueAt: DUE_AT, overdue: false });

    const [request, ...more] = app.of<NotifyApplicantParams>('notifyApplicant');
    expect(more).toEqual([]);
    expect(request).toMatchObject({ orgId: 'org-a', contactEmail: 'quality@org-a.example.cn', article: '第十三条' });
    expect(request!.subject).toContain('申报材料补充通知');
    for (const text of ['1. 近三年财务审计报告', '2. 县区政府推荐意见原件', '请加盖公章', '2026年7月15日（含当日）前', '第十三条']) expect(request!.body).toContain(text);
    expect(view(application, app.state).timers).toEqual([
      { event: 'SUPPLEMENT_REMINDER_DUE', dueAt: new Date(DUE_AT - 3 * DAY).toISOString() },
      { event: 'SUPPLEMENT_DUE', dueAt: new Date(DUE_AT).toISOString() },
    ]);

    const beforeReminder = app.effects.length;
    app.advanceTo(DUE_AT - 3 * DAY - 1);
    expect(app.effects.length).toBe(beforeReminder);
    app.advanceTo(DUE_AT - 3 * DAY);
    const [reminder, ...moreReminders] = app.of<NotifyApplicantParams>('notifyApplicant', beforeReminder);
    expect(moreReminders).toEqual([]);
    expect(reminder!.subject).toContain('【提醒】');
    expect(reminder!.body).toContain('2026年7月15日');
    expect(app.ctx.supplements[0]!.remindedAt).toBe(DUE_AT - 3 * DAY);

    app.advanceTo(DUE_AT + 30 * DAY);
    const office = app.of<OfficeReminderParams>('sendReminder');
    expect(office).toHaveLength(1);
    expect(office[0]).toMatchObject({ to: 'office', dueAt: DUE_AT });
    expect(office[0]!.body).toContain('2026年7月15日届满');
    expect(app.of('notifyApplicant')).toHaveLength(2);
    expect(app.ctx.supplements[0]!.overdue).toBe(true);
    expect(app.ctx.status).toBe('supplementRequested');
    expect(view(application, app.state).timers).toEqual([]);

    // Returned late: taken, and the record keeps that it was late.
    app.send({ type: 'SUPPLEMENT_RETURNED', note: '已补充' }, applicant);
    expect(app.ctx.supplements[0]).toMatchObject({ overdue: true, returnedAt: app.now });
    expect(app.view().stage).toBe('submitted');
  });

  it('大庆第十三条: returning the supplement before the deadline cancels the reminder and the deadline', () => {
    const app = new App('daqing-2018');
    app.send({ type: 'REQUEST_SUPPLEMENT', items: ITEMS });
    app.advanceTo(china('2026-07-06T09:00:00'));
    app.send({ type: 'SUPPLEMENT_RETURNED' }, applicant);
    expect(view(application, app.state).timers).toEqual([]);
    app.advanceTo(DUE_AT + 10 * DAY);
    expect(app.of('notifyApplicant')).toHaveLength(1);
    expect(app.of('sendReminder')).toEqual([]);
    expect(app.ctx.supplements[0]).toMatchObject({ overdue: false, returnedAt: china('2026-07-06T09:00:00') });
    expect(app.ctx.supplements[0]!.remindedAt).toBeUndefined();
  });

  it('大庆第十三条: deciding eligibility while the request is open ends its timers too', () => {
    const app = new App('daqing-2018');
    app.send({ type: 'REQUEST_SUPPLEMENT', items: ITEMS });
    app.send({ type: 'RECORD_ELIGIBILITY' });
    expect(app.view().stage).toBe('eligible');
    expect(view(application, app.state).timers).toEqual([]);
    app.advanceTo(DUE_AT + DAY);
    expect(app.of('sendReminder')).toEqual([]);
  });

  it('大庆第十三条: the office may set its own deadline, a last day (mailed at once) or a period (through the calendar)', () => {
    const byDay = new App('daqing-2018');
    byDay.send({ type: 'REQUEST_SUPPLEMENT', items: ITEMS, dueOn: '2026-07-20' });
    expect(byDay.of('computeDeadline')).toEqual([]);
    expect(byDay.ctx.supplements[0]).toMatchObject({ deadlineSetBy: 'office', lastDay: '2026-07-20', dueAt: china('2026-07-21T00:00:00') });
    expect(byDay.of<NotifyApplicantParams>('notifyApplicant')[0]!.body).toContain('2026年7月20日（含当日）前');

    // A day too near for a reminder: only the deadline is kept.
    const tomorrow = new App('daqing-2018');
    tomorrow.send({ type: 'REQUEST_SUPPLEMENT', items: ITEMS, dueOn: '2026-07-02' });
    expect(view(application, tomorrow.state).timers.map((t) => t.event)).toEqual(['SUPPLEMENT_DUE']);

    const byPeriod = new App('daqing-2018');
    byPeriod.send({ type: 'REQUEST_SUPPLEMENT', items: ITEMS, within: { amount: 5, unit: 'calendarDays' } });
    expect(byPeriod.of('computeDeadline')[0]).toMatchObject({ duration: { amount: 5, unit: 'calendarDays' } });
    expect(byPeriod.ctx.supplements[0]).toMatchObject({ deadlineSetBy: 'office', within: { amount: 5, unit: 'calendarDays' }, lastDay: '2026-07-06' });
  });

  it('大庆第十三条: refuses an office deadline that is ambiguous, malformed or already past, and changes nothing', () => {
    const app = new App('daqing-2018');
    const refused = (event: Record<string, unknown>) => app.check({ type: 'REQUEST_SUPPLEMENT', items: ITEMS, ...event })?.code;
    expect(refused({ dueOn: '2026-07-20', within: { amount: 5, unit: 'calendarDays' } })).toBe('SUPPLEMENT_DEADLINE_AMBIGUOUS');
    expect(refused({ dueOn: '2026-06-30' })).toBe('SUPPLEMENT_DEADLINE_PASSED');
    expect(refused({ dueOn: '2026-02-30' })).toBe('SUPPLEMENT_DEADLINE_INVALID');
    expect(refused({ within: { amount: 0, unit: 'workingDays' } })).toBe('SUPPLEMENT_DEADLINE_INVALID');
    expect(refused({ within: { amount: 3, unit: 'fortnights' } })).toBe('SUPPLEMENT_DEADLINE_INVALID');
    expect(refused({ dueOn: '2026-07-01' })).toBeUndefined();
    expect(app.state.snapshot.can({ type: 'REQUEST_SUPPLEMENT', items: ITEMS, dueOn: '2026-06-30', at: app.now } as never)).toBe(false);
    expect(app.ctx.supplements).toEqual([]);
  });

  it('大庆第十三条: without a contact address the request is addressed to the office to forward (no contactEmail)', () => {
    const app = new App('daqing-2018', undefined, { contactEmail: undefined });
    app.send({ type: 'REQUEST_SUPPLEMENT', items: ITEMS });
    const [letter] = app.of<NotifyApplicantParams>('notifyApplicant');
    expect(letter).toBeDefined();
    expect(letter!.contactEmail).toBeUndefined();
  });

  it('大庆第十三条: a deadline computed for an earlier request does not schedule the current one', () => {
    const app = new App('daqing-2018');
    app.holdDeadlines = true;
    app.send({ type: 'REQUEST_SUPPLEMENT', items: ['甲'] });
    app.send({ type: 'SUPPLEMENT_RETURNED' }, applicant);
    app.send({ type: 'REQUEST_SUPPLEMENT', items: ['乙'] });
    const [first, second] = app.held;
    app.answerDeadline(first!);
    expect(app.of('notifyApplicant')).toEqual([]);
    expect(app.ctx.supplements.map((s) => s.dueAt)).toEqual([undefined, undefined]);
    app.answerDeadline(second!);
    expect(app.of<NotifyApplicantParams>('notifyApplicant')).toHaveLength(1);
    expect(app.of<NotifyApplicantParams>('notifyApplicant')[0]!.body).toContain('1. 乙');
    // Its answer again (a retried activity) mails nothing more.
    app.answerDeadline(second!);
    expect(app.of('notifyApplicant')).toHaveLength(1);
  });

  it('applications started before the articles were enforced record the request as before: no deadline, no mail, no timer', () => {
    const app = new App('daqing-2018', undefined, { enforcesArticles: undefined });
    const mark = app.effects.length;
    app.send({ type: 'REQUEST_SUPPLEMENT', items: ITEMS, note: 'x' });
    expect(app.effects.slice(mark).map((e) => e.type)).toEqual(['reportToCycle']);
    expect(app.ctx.supplements).toEqual([{ items: ITEMS, note: 'x', requestedAt: app.now }]);
    expect(view(application, app.state).timers).toEqual([]);
    const returned = app.effects.length;
    app.send({ type: 'SUPPLEMENT_RETURNED' }, applicant);
    expect(app.effects.slice(returned).map((e) => e.type)).toEqual(['reportToCycle']);
    // A deadline they cannot keep is refused rather than ignored.
    expect(app.check({ type: 'REQUEST_SUPPLEMENT', items: ITEMS, dueOn: '2026-07-20' })?.code).toBe('SUPPLEMENT_DEADLINE_NOT_SUPPORTED');
  });

  it.each(['ganzhou-2022', 'benxi-draft', 'chanhe-2021'])('%s has no supplement step: the request is refused as before', (policyKey) => {
    expect(new App(policyKey).check({ type: 'REQUEST_SUPPLEMENT', items: ITEMS, dueOn: '2026-07-20' })?.code).toBe('SUPPLEMENT_NOT_IN_POLICY');
  });
});

describe('大庆第二十四条：the cycle’s letter to a unit (SEND_LETTER)', () => {
  const letter = { type: 'SEND_LETTER', letterId: 'objection-o-1-outcome-unit', subject: '异议处理结果告知书', body: '经调查核实，针对贵单位的异议不成立。', article: '第二十四条' };

  it('大庆第二十四条: mails the letter once to the unit and changes nothing else', () => {
    for (const enforcesArticles of [true, undefined]) {
      const app = new App('daqing-2018', undefined, { enforcesArticles });
      app.send({ type: 'REQUEST_SUPPLEMENT', items: ITEMS });
      const before = { view: app.view(), context: JSON.stringify(app.ctx), timers: app.state.timers };
      const mark = app.effects.length;
      app.send(letter, system);
      expect(app.effects.slice(mark)).toEqual([expect.objectContaining({ type: 'notifyApplicant' })]);
      expect(app.effects[mark]!.params).toEqual({
        orgId: 'org-a',
        organisationName: '甲质量有限公司',
        contactEmail: 'quality@org-a.example.cn',
        subject: letter.subject,
        body: letter.body,
        article: '第二十四条',
      });
      expect(app.view()).toEqual({ ...before.view, seq: before.view.seq + 1 });
      expect(JSON.stringify(app.ctx)).toBe(before.context);
      expect(app.state.timers).toEqual(before.timers);
    }
  });

  it('大庆第二十四条: goes to the office to forward without a contact address, is taken in every stage until the end, and only from the system', () => {
    const app = new App('daqing-2018', undefined, { contactEmail: undefined });
    app.send(letter, system);
    expect(app.of<NotifyApplicantParams>('notifyApplicant')[0]!.contactEmail).toBeUndefined();
    for (const role of ['office', 'applicant', 'reviewer', 'committee', 'admin']) {
      expect(app.check(letter, { id: `${role}-1`, role })?.code, role).toBe('ROLE_NOT_PERMITTED');
    }
    app.send({ type: 'RECORD_ELIGIBILITY' });
    app.send(letter, system);
    expect(app.of('notifyApplicant')).toHaveLength(2);
    app.send({ type: 'WITHDRAW' }, applicant);
    expect(app.check(letter, system)?.code).toBe('WORKFLOW_FINISHED');
  });

  it('SEND_LETTER and the supplement timers are system events: no stage lets a person send them', () => {
    for (const type of ['SEND_LETTER', 'DEADLINE_COMPUTED', 'SUPPLEMENT_REMINDER_DUE', 'SUPPLEMENT_DUE']) {
      expect(APPLICATION_SYSTEM_EVENTS).toContain(type);
    }
    const metas = Object.values(application.machine.states).map((node) => (node.meta ?? {}) as { roles?: Record<string, string[]> });
    for (const meta of metas) {
      for (const type of APPLICATION_SYSTEM_EVENTS) expect(meta.roles?.[type]).toBeUndefined();
    }
  });
});
