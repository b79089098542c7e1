/**
 * The standing machine on the pure interpreter (issue 12): an organisation's record after the award,
 * driven through years of timers. Named by article where one applies.
 */
import { describe, expect, it } from 'vitest';
import { mayApplyNow, presentStanding, standing, type PublishStandingNoticeParams, type StandingContext, type StandingInput, type StandingReminderParams } from '../../workflows/machines/standing';
import { chinaEndOfDay, loadPolicy } from '../../workflows/policy/index.js';
import { apply, check, dueTimers, fire, start, view, type DurableState, type Effect } from '../../workflows/runtime/interpreter';
import { SYSTEM_ROLE, type Actor, type MachineEvent, type RefusalDetails } from '../../workflows/runtime/types';
import { china } from '../policy/fixtures';

const DAY = 24 * 3_600_000;
const office: Actor = { id: 'office-1', role: 'office' };
const applicant: Actor = { id: 'org-1-user', role: 'applicant' };
const system: Actor = { id: 'cycle/x/2026', role: SYSTEM_ROLE };
const CONTACTS = ['quality@org.example.cn', 'ceo@org.example.cn'];

interface Logged {
  event: MachineEvent;
  effect: Effect;
}

/** One standing on the interpreter, with a clock; timers fire in order as the runtime fires them. */
class Org {
  state: DurableState;
  log: Logged[] = [];

  constructor(
    readonly policyKey: string,
    public now: number,
    input: Partial<StandingInput> = {},
  ) {
    this.state = start(standing, { policyKey, orgId: 'org-1', organisationName: '某某质量有限公司', contacts: CONTACTS, ...input }, now).state;
  }

  get ctx(): StandingContext {
    return this.state.snapshot.context as StandingContext;
  }

  get policy() {
    return loadPolicy(this.policyKey);
  }

  check(event: MachineEvent, actor: Actor = office): RefusalDetails | undefined {
    return check(standing, this.state, event, this.now, actor);
  }

  send(event: MachineEvent, actor: Actor = office): Effect[] {
    const refusal = this.check(event, actor);
    if (refusal) throw new Error(`${event.type} refused: ${refusal.code} ${refusal.message}`);
    return this.record(event, apply(standing, this.state, event, this.now, actor));
  }

  at(instant: number): this {
    this.now = Math.max(this.now, instant);
    return this;
  }

  award(cycle: number, tierId: string, awardedAt: number, extra: Record<string, unknown> = {}): Effect[] {
    return this.at(awardedAt).send({ type: 'AWARD_RECORDED', cycle, tierId, awardedAt, decisionRef: `政府文件〔${cycle}〕1号`, ...extra }, system);
  }

  advanceTo(instant: number): this {
    for (;;) {
      const timer = dueTimers(this.state, instant)[0];
      if (!timer) break;
      this.now = Math.max(this.now, timer.dueAt);
      this.record(timer.event, fire(standing, this.state, timer, this.now));
    }
    this.now = Math.max(this.now, instant);
    return this;
  }

  duty(id: string) {
    const duty = this.ctx.duties.find((d) => d.id === id);
    if (!duty) throw new Error(`no duty ${id}`);
    return duty;
  }

  /** Reminder mails with the event that caused them. */
  mails(from = 0): Array<{ event: MachineEvent; mail: StandingReminderParams }> {
    return this.log.slice(from).filter((l) => l.effect.type === 'sendReminder').map((l) => ({ event: l.event, mail: l.effect.params as StandingReminderParams }));
  }

  notices(): PublishStandingNoticeParams[] {
    return this.log.filter((l) => l.effect.type === 'publishStandingNotice').map((l) => l.effect.params as PublishStandingNoticeParams);
  }

  timerIds(): string[] {
    return this.state.timers.map((t) => t.id).sort();
  }

  private record(event: MachineEvent, step: { state: DurableState; effects: Effect[] }): Effect[] {
    this.state = step.state;
    for (const effect of step.effects) this.log.push({ event, effect });
    return step.effects;
  }
}

function expectRefused(refusal: RefusalDetails | undefined, code: string, ...fragments: string[]): void {
  expect(refusal, `expected refusal ${code}`).toBeDefined();
  expect(refusal!.code).toBe(code);
  for (const f of fragments) expect(refusal!.message).toContain(f);
}

const report = (n: number, cycle = 2026) => `${cycle}/annual-report/${n}`;

describe('Ganzhou 2026 winner: duties of 第二十四条、第二十五条 with reminders (issue 12)', () => {
  const awardedAt = china('2026-12-20T10:00:00');

  function winner(): Org {
    const org = new Org('ganzhou-2022', awardedAt);
    org.award(2026, 'award', awardedAt);
    return org;
  }

  it('records the award with its validity (第二十三条), its prize (第八条) and its dated duties', () => {
    const org = winner();
    expect(org.ctx.awards).toEqual([expect.objectContaining({ cycle: 2026, tierId: 'award', awardedOn: '2026-12-20', validThrough: '2029-12-20', decisionRef: '政府文件〔2026〕1号' })]);
    expect(org.ctx.ledger).toEqual([expect.objectContaining({ id: '2026/award/prize', kind: 'prize', amountCny: 500_000, article: '第八条', cycle: 2026 })]);
    expect(org.ctx.duties.map((d) => [d.id, d.article, d.dueOn ?? null])).toEqual([
      [report(1), '第二十四条', '2027-12-20'],
      [report(2), '第二十四条', '2028-12-20'],
      [report(3), '第二十四条', '2029-12-20'],
      ['2026/re-evaluation/1', '第二十四条', '2029-12-20'],
      ['2026/summary-in-award-year/1', '第二十五条', '2026-12-31'],
      ['2026/exchange-events/1', '第二十五条', '2029-12-20'],
    ]);
    expect(org.duty(report(1)).dueAt).toBe(chinaEndOfDay('2027-12-20'));
    const v = view(standing, org.state);
    expect(v.stage).toBe('standing');
    expect(v.permissions.SUBMIT_REPORT).toEqual(['applicant']);
    expect(presentStanding(org.ctx)).toMatchObject({ balanceCny: 500_000, reminderRule: expect.stringContaining('到期前30、7、1日提醒') });
  });

  it('reminds each annual report at 30, 7 and 1 days exactly once; a missed one is escalated to the office once and reminded weekly until submitted; validity ends in 2029', () => {
    const org = winner();
    // 获奖当年总结 (第二十五条) is due on 31 December: the 30-day reminder had passed when the award was recorded.
    org.advanceTo(china('2026-12-31T15:00:00'));
    org.send({ type: 'RECORD_DUTY_DONE', dutyId: '2026/summary-in-award-year/1', note: '已在市场监管局网站发布总结' });
    expect(org.duty('2026/summary-in-award-year/1').remindedDaysBefore).toEqual([7, 1]);

    org.advanceTo(china('2027-12-20T10:00:00'));
    org.send({ type: 'SUBMIT_REPORT', dutyId: report(1), fileRef: 'files/2027-report.pdf' }, applicant);
    org.advanceTo(china('2028-05-01T10:00:00'));
    org.send({ type: 'RECORD_DUTY_DONE', dutyId: '2026/exchange-events/1', note: '2028年4月质量经验交流会' });

    // Report 2 is missed: overdue from 21 December 2028.
    org.advanceTo(china('2029-01-10T10:00:00'));
    expect(org.duty(report(2))).toMatchObject({ status: 'open', overdue: true, overdueReminders: 2 });
    org.send({ type: 'SUBMIT_REPORT', dutyId: report(2), text: '2028年度质量绩效报告正文' }, applicant);
    expect(org.timerIds().filter((id) => id.includes(report(2)))).toEqual([]);

    org.advanceTo(china('2029-06-01T10:00:00'));
    org.send({ type: 'RECORD_DUTY_DONE', dutyId: '2026/re-evaluation/1', note: '复核评估通过' });
    org.advanceTo(china('2029-12-20T10:00:00'));
    org.send({ type: 'SUBMIT_REPORT', dutyId: report(3), fileRef: 'files/2029-report.pdf' }, applicant);
    org.advanceTo(china('2030-03-01T00:00:00'));

    const reminders = org.mails().filter((m) => m.event.type === 'DUTY_REMINDER_DUE');
    for (const n of [1, 2, 3]) {
      const sent = reminders.filter((m) => m.event.dutyId === report(n));
      // Two contacts, three reminders each.
      expect(sent.map((m) => [m.event.daysBefore, m.mail.to])).toEqual([30, 7, 1].flatMap((d) => CONTACTS.map((to) => [d, to])));
      expect(org.duty(report(n)).remindedDaysBefore).toEqual([30, 7, 1]);
    }
    const first = reminders.find((m) => m.event.dutyId === report(1))!.mail;
    expect(first.subject).toContain('2027年12月20日');
    expect(first.body).toContain('第二十四条');
    expect(first.body).toContain('赣州市市长质量奖管理办法');
    expect(first.body).toContain('质量绩效报告');
    expect(first.body).toContain('距今还有30天');
    expect(first.dueAt).toBe(chinaEndOfDay('2027-12-20'));

    // The office is told once, the day after the last day; the organisation weekly until it submits.
    const office = org.mails().filter((m) => m.mail.to === 'office');
    expect(office.map((m) => [m.event.type, m.event.dutyId])).toEqual([['DUTY_DUE', report(2)]]);
    expect(office[0]!.mail.body).toContain('2028年12月20日');
    const weekly = org.mails().filter((m) => m.event.type === 'DUTY_OVERDUE_WEEKLY');
    expect(weekly.map((m) => [m.event.week, m.mail.to])).toEqual([1, 2].flatMap((w) => CONTACTS.map((to) => [w, to])));
    expect(weekly[0]!.mail.subject).toContain('逾期');
    expect(org.mails().filter((m) => m.event.type === 'DUTY_OVERDUE_WEEKLY' || m.event.type === 'DUTY_DUE').every((m) => m.event.dutyId === report(2))).toBe(true);

    // Validity (第二十三条) ended on 20 December 2029: the award is expired and a notice says so.
    expect(org.ctx.awards[0]).toMatchObject({ expired: true });
    expect(org.notices()).toEqual([expect.objectContaining({ kind: 'validityEnded', cycle: 2026, tierId: 'award', on: '2029-12-20' })]);
    expect(org.notices()[0]!.body).toContain('2029年12月20日');
    expect(org.ctx.duties.map((d) => d.status)).toEqual(['submitted', 'submitted', 'submitted', 'done', 'done', 'done']);
    expect(org.state.timers).toEqual([]);
  });

  it('a duplicate timer event and a duplicate AWARD_RECORDED change nothing and send nothing', () => {
    const org = winner();
    org.advanceTo(china('2027-11-25T00:00:00'));
    expect(org.duty(report(1)).remindedDaysBefore).toEqual([30]);
    const before = { ctx: structuredClone(org.ctx), timers: org.timerIds() };
    expect(org.send({ type: 'DUTY_REMINDER_DUE', dutyId: report(1), daysBefore: 30 }, system)).toEqual([]);
    expect(org.send({ type: 'AWARD_RECORDED', cycle: 2026, tierId: 'award', awardedAt, organisationName: '另一个名称' }, system)).toEqual([]);
    expect(org.ctx).toEqual(before.ctx);
    expect(org.timerIds()).toEqual(before.timers);

    // Overdue: the office is told once, each week once.
    org.advanceTo(china('2028-01-05T00:00:00'));
    expect(org.duty(report(1))).toMatchObject({ overdue: true, overdueReminders: 2 });
    expect(org.send({ type: 'DUTY_DUE', dutyId: report(1) }, system)).toEqual([]);
    expect(org.send({ type: 'DUTY_OVERDUE_WEEKLY', dutyId: report(1), week: 2 }, system)).toEqual([]);
    // A stale week (one ahead of the next) is ignored as well.
    expect(org.send({ type: 'DUTY_OVERDUE_WEEKLY', dutyId: report(1), week: 4 }, system)).toEqual([]);
    org.send({ type: 'SUBMIT_REPORT', dutyId: report(1), text: '补交' }, applicant);
    org.advanceTo(china('2029-12-22T00:00:00'));
    expect(org.send({ type: 'VALIDITY_ENDED', cycle: 2026, tierId: 'award' }, system)).toEqual([]);
    expect(org.notices()).toHaveLength(1);
    const escalations = org.mails().filter((m) => m.event.type === 'DUTY_DUE');
    // Reports 1 and 2, re-evaluation, the award-year summary, exchange events and report 3: each once.
    expect(escalations.map((m) => m.event.dutyId).sort()).toEqual(
      ['2026/exchange-events/1', '2026/re-evaluation/1', '2026/summary-in-award-year/1', report(1), report(2), report(3)].sort(),
    );
    const weeks = org.mails().filter((m) => m.event.type === 'DUTY_OVERDUE_WEEKLY' && m.event.dutyId === report(1)).map((m) => m.event.week);
    expect(weeks).toEqual([1, 1, 2, 2]);
  });

  it('timer events and AWARD_RECORDED are the system’s; duties are handled by the roles the stage lists', () => {
    const org = winner();
    expectRefused(org.check({ type: 'DUTY_DUE', dutyId: report(1) }, applicant), 'ROLE_NOT_PERMITTED');
    expectRefused(org.check({ type: 'AWARD_RECORDED', cycle: 2026, tierId: 'award', awardedAt }, office), 'ROLE_NOT_PERMITTED');
    expectRefused(org.check({ type: 'WAIVE_DUTY', dutyId: report(1), reason: '停产' }, applicant), 'ROLE_NOT_PERMITTED');
    expectRefused(org.check({ type: 'SUBMIT_REPORT', dutyId: report(1), text: '' }, applicant), 'REPORT_EMPTY');
    expectRefused(org.check({ type: 'SUBMIT_REPORT', dutyId: '2026/re-evaluation/1', text: 'x' }, applicant), 'DUTY_NOT_A_REPORT');
    expectRefused(org.check({ type: 'SUBMIT_REPORT', dutyId: '2030/annual-report/1', text: 'x' }, applicant), 'DUTY_NOT_FOUND');
    expectRefused(org.check({ type: 'WAIVE_DUTY', dutyId: report(1), reason: ' ' }), 'REASON_REQUIRED');
    expectRefused(org.check({ type: 'AWARD_RECORDED', cycle: 2026, tierId: 'nomination', awardedAt }, system), 'AWARD_CYCLE_CONFLICT');
    expectRefused(org.check({ type: 'AWARD_RECORDED', cycle: 2027, tierId: 'award', awardedAt }, system), 'NOT_A_CYCLE_YEAR');
    org.send({ type: 'WAIVE_DUTY', dutyId: report(1), reason: '受疫情影响，经领导小组同意免于提交' });
    expect(org.duty(report(1))).toMatchObject({ status: 'waived', waiver: { reason: '受疫情影响，经领导小组同意免于提交', by: office } });
    expect(org.timerIds().filter((id) => id.includes(report(1)))).toEqual([]);
    expectRefused(org.check({ type: 'SUBMIT_REPORT', dutyId: report(1), text: 'x' }, applicant), 'DUTY_CLOSED', '豁免');
  });

  it('contacts are updated by the organisation (1–10 valid addresses); without any, the office is asked to pass reminders on', () => {
    const org = new Org('ganzhou-2022', awardedAt, { contacts: [] });
    org.award(2026, 'award', awardedAt);
    org.advanceTo(china('2026-12-26T00:00:00'));
    const [toOffice] = org.mails();
    expect(toOffice!.mail.to).toBe('office');
    expect(toOffice!.mail.subject).toMatch(/^【请转交某某质量有限公司】【提醒】/);
    expectRefused(org.check({ type: 'CONTACTS_UPDATED', contacts: ['not-an-address'] }, applicant), 'INVALID_CONTACTS', 'not-an-address');
    expectRefused(org.check({ type: 'CONTACTS_UPDATED', contacts: [] }, applicant), 'INVALID_CONTACTS');
    expectRefused(org.check({ type: 'CONTACTS_UPDATED', contacts: Array.from({ length: 11 }, (_, i) => `u${i}@org.cn`) }, applicant), 'INVALID_CONTACTS', '10');
    org.send({ type: 'CONTACTS_UPDATED', contacts: ['new@org.cn', 'NEW@org.cn'] }, applicant);
    expect(org.ctx.contacts).toEqual(['new@org.cn']);
    const from = org.log.length;
    org.advanceTo(china('2026-12-31T12:00:00'));
    expect(org.mails(from).map((m) => m.mail.to)).toEqual(['new@org.cn']);
  });

  it('a nominee carries the same duties (第六条 calls both tiers’ recipients 获奖组织; 第三十条 gives nominations a validity)', () => {
    const org = new Org('ganzhou-2022', awardedAt);
    org.award(2026, 'nomination', awardedAt);
    expect(org.ctx.ledger).toEqual([expect.objectContaining({ kind: 'prize', amountCny: 0 })]);
    expect(org.ctx.duties.filter((d) => d.kind === 'annual-report')).toHaveLength(3);
    expect(org.ctx.awards[0]!.validThrough).toBe('2029-12-20');
  });
});

describe('Ganzhou 第二十八条: fraud found in 2027 on a 2026 award', () => {
  it('revokes the award, recovers the whole prize, stops the duties and bars applications for 10 years', () => {
    const org = new Org('ganzhou-2022', china('2026-12-20T10:00:00'));
    org.award(2026, 'award', org.now);
    org.advanceTo(china('2027-09-01T10:00:00'));
    const sanction = { type: 'RECORD_SANCTION', sanctionId: 'S-2027-01', causeId: 'fraud', cycle: 2026, occurredOn: '2026-05-10', decidedOn: '2027-09-01', reason: '申报材料中的经营数据系伪造' };
    expectRefused(org.check({ ...sanction, causeId: 'bribery' }), 'UNKNOWN_REVOCATION_CAUSE', 'bribery', 'fraud');
    expectRefused(org.check({ ...sanction, cycle: 2024 }), 'AWARD_NOT_FOUND', '2024');
    expectRefused(org.check({ ...sanction, occurredOn: '2027-09-02' }), 'DECIDED_BEFORE_OCCURRED');
    expectRefused(org.check({ ...sanction, decidedOn: '2027-13-01' }), 'INVALID_DATE');
    expectRefused(org.check({ ...sanction, cycle: undefined }), 'CYCLE_REQUIRED');
    expectRefused(org.check(sanction, applicant), 'ROLE_NOT_PERMITTED');
    org.send(sanction);

    expect(org.ctx.awards[0]).toMatchObject({ revokedOn: '2027-09-01', revokedBy: 'S-2027-01' });
    expect(org.ctx.ledger.map((e) => [e.kind, e.amountCny])).toEqual([['prize', 500_000], ['recovery', -500_000]]);
    expect(presentStanding(org.ctx).balanceCny).toBe(0);
    expect(org.ctx.sanctions[0]).toMatchObject({ applicable: true, article: '第二十八条', ban: { kind: 'until', mayApplyFrom: '2037-09-02' } });
    // Summary duty (overdue since January) and the open reports stop, with every reminder.
    expect(org.ctx.duties.map((d) => d.status)).toEqual(Array(6).fill('cancelled'));
    expect(org.timerIds()).toEqual(['ban-end:S-2027-01']);
    expect(org.notices()).toEqual([expect.objectContaining({ kind: 'revoked', on: '2027-09-01' })]);
    expect(org.notices()[0]!.body).toContain('追缴奖金500000元');
    expectRefused(org.check({ ...sanction, sanctionId: 'S-2027-02' }), 'AWARD_ALREADY_REVOKED');
    // A retried sanction changes nothing.
    expect(org.send(sanction)).toEqual([]);
    expect(org.ctx.sanctions).toHaveLength(1);

    const refused = mayApplyNow(org.ctx, org.policy, 2036, '2036-05-01');
    expect(refused.allowed).toBe(false);
    if (refused.allowed) return;
    expect(refused.fromDate).toBe('2037-09-02');
    expect(refused.blocks.map((b) => [b.code, b.article])).toEqual([['ban-years', '第二十八条']]);
    expect(refused.blocks[0]!.message).toContain('2037-09-02');
    expect(mayApplyNow(org.ctx, org.policy, 2038, '2038-05-01')).toMatchObject({ allowed: true });

    org.advanceTo(china('2037-09-02T00:00:00'));
    expect(org.ctx.sanctions[0]!.banEnded).toBe(true);
    expect(org.mails().filter((m) => m.event.type !== 'DUTY_REMINDER_DUE' && m.event.type !== 'DUTY_DUE' && m.event.type !== 'DUTY_OVERDUE_WEEKLY')).toEqual([]);
  });

  it('a winner may apply again only after two cycles in between (第二十七条)', () => {
    const org = new Org('ganzhou-2022', china('2026-12-20T10:00:00'));
    org.award(2026, 'award', org.now);
    expect(mayApplyNow(org.ctx, org.policy, 2028, '2028-05-01')).toMatchObject({ allowed: false, fromCycle: 2032 });
    expect(mayApplyNow(org.ctx, org.policy, 2032, '2032-05-01')).toMatchObject({ allowed: true });
  });
});

describe('Benxi 第二十五条、第三十二条: nominee, then winner, then an incident in year 4', () => {
  it('pays the top-up, records bonuses, and an incident bars the next cycle only', () => {
    const org = new Org('benxi-draft', china('2022-12-15T10:00:00'));
    org.award(2022, 'nomination', org.now);
    org.award(2024, 'award', china('2024-12-16T10:00:00'));
    expect(org.ctx.ledger.map((e) => [e.id, e.kind, e.amountCny])).toEqual([
      ['2022/nomination/prize', 'prize', 100_000],
      ['2024/award/top-up', 'top-up', 100_000],
    ]);
    expect(org.ctx.ledger[1]!.description).toContain('补发差额');
    // No dated duties in Benxi: sharing experience is listed without a due date, and reminds no one.
    expect(org.ctx.duties.every((d) => d.dueOn === undefined)).toBe(true);
    expect(org.ctx.awards.map((a) => a.validThrough)).toEqual(['2027-12-15', '2029-12-16']);

    // A provincial award while holding the city's award (第二十五条).
    org.at(china('2025-06-01T10:00:00'));
    const bonus = { type: 'RECORD_BONUS', bonusId: 'B-1', award: 'provincial-governor-award', on: '2025-06-01' };
    org.send(bonus);
    expect(org.send(bonus)).toEqual([]);
    expect(org.ctx.ledger.filter((e) => e.kind === 'bonus')).toEqual([expect.objectContaining({ id: 'bonus/B-1/1', amountCny: 100_000, cycle: 2024 })]);
    expect(presentStanding(org.ctx).balanceCny).toBe(300_000);

    // 第三十二条: an incident in the 4th year after the 2024 award, within its 5-year window.
    org.at(china('2028-08-01T10:00:00'));
    org.send({ type: 'RECORD_SANCTION', sanctionId: 'S-1', causeId: 'incident-after-award', cycle: 2024, occurredOn: '2028-06-01', decidedOn: '2028-08-01', reason: '发生较大生产安全事故' });
    expect(org.ctx.awards.map((a) => a.revokedOn ?? null)).toEqual([null, '2028-08-01']);
    // What was paid for the 2024 award (top-up and bonus) is recovered; the nomination's prize is not.
    expect(org.ctx.ledger.at(-1)).toMatchObject({ kind: 'recovery', amountCny: -200_000, article: '第三十二条' });
    expect(org.ctx.sanctions[0]!.ban).toEqual({ kind: 'cycles', barredCycles: [2030], mayApplyFromCycle: 2032, scope: ['市长质量奖'] });
    expect(org.timerIds().filter((id) => id.startsWith('ban-end'))).toEqual([]);

    expect(mayApplyNow(org.ctx, org.policy, 2030, '2030-05-01')).toMatchObject({ allowed: false, blocks: [expect.objectContaining({ code: 'ban-cycles', article: '第三十二条' })] });
    // 2032 is open; the nomination is not given twice (第十二条).
    expect(mayApplyNow(org.ctx, org.policy, 2032, '2032-05-01')).toMatchObject({ allowed: true, excludedTiers: [expect.objectContaining({ tierId: 'nomination' })] });
  });

  it('refuses a bonus the policy does not provide or the organisation does not qualify for', () => {
    const org = new Org('benxi-draft', china('2022-12-15T10:00:00'));
    org.award(2022, 'nomination', org.now);
    expectRefused(org.check({ type: 'RECORD_BONUS', bonusId: 'B-1', award: 'china-quality-award', on: '2023-06-01' }), 'NO_BONUS', '市长质量奖', '第二十五条');
    const gz = new Org('ganzhou-2022', china('2026-12-20T10:00:00'));
    gz.award(2026, 'award', gz.now);
    expectRefused(gz.check({ type: 'RECORD_BONUS', bonusId: 'B-1', award: 'china-quality-award', on: '2027-06-01' }), 'NO_BONUS', '未规定');
  });
});

describe('Chanhe 第二十九条: an incident within two years of the award', () => {
  const awardedAt = china('2026-12-18T10:00:00');
  const incident = (occurredOn: string) => ({ type: 'RECORD_SANCTION', sanctionId: `S-${occurredOn}`, causeId: 'incident-after-award', cycle: 2026, occurredOn, decidedOn: '2029-03-01', reason: '发生重大质量事故' });

  function winner(): Org {
    const org = new Org('chanhe-2021', awardedAt);
    org.award(2026, 'award', awardedAt);
    org.advanceTo(china('2029-03-01T10:00:00'));
    return org;
  }

  it('23 months after the award revokes it and bars applications for 4 years, without recovering the prize', () => {
    const org = winner();
    expect(org.ctx.awards[0]!.validThrough).toBeNull();
    org.send(incident('2028-11-18'));
    expect(org.ctx.awards[0]!.revokedOn).toBe('2029-03-01');
    expect(org.ctx.sanctions[0]).toMatchObject({ applicable: true, ban: { kind: 'until', mayApplyFrom: '2033-03-02' } });
    expect(org.ctx.ledger.map((e) => e.kind)).toEqual(['prize']);
    expect(org.ctx.duties.filter((d) => d.status === 'open')).toEqual([]);
  });

  it('25 months after the award is recorded as outside the window and changes nothing else', () => {
    const org = winner();
    const before = { awards: structuredClone(org.ctx.awards), duties: structuredClone(org.ctx.duties), timers: org.timerIds() };
    expect(org.send(incident('2029-01-18'))).toEqual([]);
    expect(org.ctx.sanctions[0]).toMatchObject({ applicable: false, article: '第二十九条' });
    expect(org.ctx.sanctions[0]!.summary.join()).toContain('不在');
    expect(org.ctx.awards).toEqual(before.awards);
    expect(org.ctx.duties).toEqual(before.duties);
    expect(org.timerIds()).toEqual(before.timers);
    expect(mayApplyNow(org.ctx, org.policy, 2030, '2030-05-01')).toMatchObject({ allowed: true });
  });

  it('annual reports for three years after the award (第二十四条), without a validity', () => {
    const org = new Org('chanhe-2021', awardedAt);
    org.award(2026, 'award', awardedAt);
    expect(org.ctx.duties.map((d) => [d.id, d.dueOn ?? null])).toEqual([
      [report(1), '2027-12-18'],
      [report(2), '2028-12-18'],
      [report(3), '2029-12-18'],
      ['2026/share-experience/1', null],
    ]);
    expect(org.timerIds().some((id) => id.startsWith('validity-end'))).toBe(false);
  });
});

describe('Daqing 第二十五条: a repeat winner', () => {
  it('gets plaque and certificate and no money', () => {
    const org = new Org('daqing-2018', china('2026-12-10T10:00:00'));
    org.award(2026, 'award', org.now);
    org.award(2028, 'award', china('2028-12-12T10:00:00'));
    expect(org.ctx.ledger.map((e) => [e.kind, e.amountCny, e.article])).toEqual([
      ['prize', 800_000, '第二十五条'],
      ['re-award', 0, '第二十五条'],
    ]);
    expect(org.ctx.ledger[1]!.description).toContain('奖牌、证书');
    expect(presentStanding(org.ctx).balanceCny).toBe(800_000);
    // 联席会议办公室可宣传 (第二十九条) is the office's power, not a duty.
    expect(org.ctx.duties).toEqual([]);
    expect(org.state.timers).toEqual([]);
  });
});
