import { describe, expect, it } from 'vitest';
import { ACCEPTANCE_REMINDER_LEAD_MS } from '../../workflows/machines/cycle';
import { SYSTEM_ROLE } from '../../workflows/runtime/types';
import { DAY, World, committee, expectRefused, throughEligibility, throughReviews } from './harness';

const POLICIES = ['ganzhou-2022', 'benxi-draft', 'chanhe-2021', 'daqing-2018'];

/** Two candidates a and b, a proposed for the award, the cycle in publicity. */
function inPublicity(policyKey: string): World {
  const w = throughEligibility(new World(policyKey), [{ id: 'a' }, { id: 'b' }]);
  throughReviews(w, { a: 850, b: 800 });
  w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] } }, committee);
  expect(w.cycleView.stage).toBe('publicity.running');
  return w;
}

/** The computeDeadline activity answering, as the runtime delivers it. */
const calendarActivity = { id: 'cycle/daqing-2018/2026', role: SYSTEM_ROLE };

const realNamed = { realName: '张三', contact: '13800000000', facts: '该企业2025年发生质量事故', evidence: '事故通报复印件' };

describe.each(POLICIES)('objections under %s', (policyKey) => {
  it('are accepted only while publicity runs and only against a proposed candidate', () => {
    const w = throughEligibility(new World(policyKey), [{ id: 'a' }, { id: 'b' }]);
    throughReviews(w, { a: 850, b: 800 });
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed }), 'EVENT_NOT_ALLOWED_IN_STAGE', '审议');
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] } }, committee);
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'b', ...realNamed }), 'OBJECTION_TARGET_NOT_PROPOSED', 'b');
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed });
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed }), 'OBJECTION_DUPLICATE');
    w.advanceTo(w.ctx.deadlines.publicity!);
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'o2', against: 'a', ...realNamed }), 'EVENT_NOT_ALLOWED_IN_STAGE');
  });

  it('keep the cycle from approval until each is decided, and an upheld one removes the candidate', () => {
    const w = inPublicity(policyKey);
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed });
    if (w.ctx.objections.o1!.status === 'pendingAcceptance') {
      w.sendCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1', evidenceWithin: { amount: 30, unit: 'calendarDays' } });
    }
    expect(w.ctx.objections.o1!.status).toBe('underInvestigation');
    w.advanceTo(w.ctx.deadlines.publicity!);
    expect(w.cycleView.stage).toBe('objectionHandling');
    expectRefused(w.checkCycle({ type: 'APPROVE' }), 'EVENT_NOT_ALLOWED_IN_STAGE');
    expectRefused(w.checkCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: true, reason: ' ' }), 'REASON_REQUIRED');
    w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: true, reason: '经核实事故属实' }, committee);
    expect(w.cycleView.stage).toBe('approval');
    expect(w.ctx.proposal!.award).toEqual([]);
    expect(w.ctx.removed).toEqual([expect.objectContaining({ orgId: 'a', tierId: 'award', objectionId: 'o1', reason: '异议成立：经核实事故属实' })]);
    expect(w.app('a').view.stage).toBe('notAwarded');
    expect(w.ctx.applications.a!.status).toBe('notAwarded');
    w.sendCycle({ type: 'APPROVE' });
    const results = w.published().at(-1)!;
    expect(results.body).toContain('空缺');
    expect(results.body).toContain('取消拟奖资格：a质量有限公司');
    expect(w.app('b').view.stage).toBe('notAwarded');
  });

  it('a dismissed objection leaves the candidate proposed and awarded', () => {
    const w = inPublicity(policyKey);
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed });
    if (w.ctx.objections.o1!.status === 'pendingAcceptance') {
      w.sendCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1', evidenceWithin: { amount: 3, unit: 'calendarDays' } });
      w.sendCycle({ type: 'SUBMIT_EVIDENCE', objectionId: 'o1', party: 'objector' }).sendCycle({ type: 'SUBMIT_EVIDENCE', objectionId: 'o1', party: 'candidate' });
    }
    w.sendCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: false, reason: '经核实事故系供应商责任' }, committee);
    w.advanceTo(w.ctx.deadlines.publicity!);
    expect(w.cycleView.stage).toBe('approval');
    w.sendCycle({ type: 'APPROVE' });
    expect(w.app('a').view.stage).toBe('awarded');
  });
});

describe('objection rules that differ by policy', () => {
  it('daqing-2018 refuses anonymous objections and ones without contact or evidence, citing 第二十一条', () => {
    const w = inPublicity('daqing-2018');
    const { realName: _r, ...anonymous } = realNamed;
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...anonymous }), 'OBJECTION_INADMISSIBLE', '以匿名方式提出的异议不予受理', '第二十一条');
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed, contact: '' }), 'OBJECTION_INADMISSIBLE', '匿名');
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed, evidence: undefined }), 'OBJECTION_INADMISSIBLE', '证明材料');
  });

  it.each(['ganzhou-2022', 'chanhe-2021'])('%s takes an anonymous objection straight to verification', (policyKey) => {
    const w = inPublicity(policyKey);
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', facts: '匿名来信反映质量问题' });
    expect(w.ctx.objections.o1!.status).toBe('underInvestigation');
    expectRefused(w.checkCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1' }), 'OBJECTION_WRONG_STATUS');
    expect(w.effects('computeDeadline').some((l) => (l.effect.params as { key: string }).key.startsWith('objection'))).toBe(false);
  });

  it('benxi-draft requires facts with evidence but not a real name', () => {
    const w = inPublicity('benxi-draft');
    expectRefused(w.checkCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', facts: '质量问题' }), 'OBJECTION_INADMISSIBLE', '证明材料', '第二十二条');
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', facts: '质量问题', evidence: '检测报告' });
    expect(w.ctx.objections.o1!.status).toBe('underInvestigation');
  });

  it('daqing-2018: acceptance within 5 working days with a reminder first, then evidence deadlines with default outcomes', () => {
    const w = inPublicity('daqing-2018');
    w.autoDeadlines = false;
    const mark = w.log.length;
    w.tick().sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed });
    expect(w.ctx.objections.o1!.status).toBe('pendingAcceptance');
    const request = w.effects('computeDeadline', mark)[0]!.effect.params as { key: string; start: number; duration: unknown };
    expect(request).toEqual({ key: 'objection-acceptance:o1', start: w.now, duration: { amount: 5, unit: 'workingDays' } });

    // The activity answers with the computed end (here: 7 calendar days, a weekend inside).
    const acceptanceEnds = w.now + 7 * DAY;
    w.sendCycle({ type: 'DEADLINE_COMPUTED', key: 'objection-acceptance:o1', endsAt: acceptanceEnds }, calendarActivity);
    expect(w.ctx.objections.o1!.acceptanceDueAt).toBe(acceptanceEnds);
    expect(w.cycle.timers.map((t) => t.id).sort()).toEqual(
      ['objection-acceptance-due:o1', 'objection-acceptance-reminder:o1', 'xstate.after.publicityEnd.cycle.publicity.running'].sort(),
    );
    expect(w.cycle.timers.find((t) => t.id === 'objection-acceptance-reminder:o1')!.dueAt).toBe(acceptanceEnds - ACCEPTANCE_REMINDER_LEAD_MS);

    const beforeReminder = w.log.length;
    w.advanceTo(acceptanceEnds - ACCEPTANCE_REMINDER_LEAD_MS);
    const reminder = w.effects('sendReminder', beforeReminder)[0]!.effect.params as { to: string; subject: string; body: string; dueAt: number };
    expect(reminder).toMatchObject({ to: 'office', dueAt: acceptanceEnds });
    expect(reminder.body).toContain('第二十二条');

    expectRefused(w.checkCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1' }), 'EVIDENCE_DEADLINE_REQUIRED', '第二十三条');
    const beforeAccept = w.log.length;
    w.sendCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1', evidenceWithin: { amount: 10, unit: 'calendarDays' } });
    expect(w.cycle.timers.some((t) => t.id.startsWith('objection-acceptance'))).toBe(false);
    expect(w.effects('computeDeadline', beforeAccept)[0]!.effect.params).toMatchObject({ key: 'objection-evidence:o1', duration: { amount: 10, unit: 'calendarDays' } });
    const evidenceEnds = w.now + 10 * DAY;
    w.sendCycle({ type: 'DEADLINE_COMPUTED', key: 'objection-evidence:o1', endsAt: evidenceEnds }, calendarActivity);
    w.sendCycle({ type: 'SUBMIT_EVIDENCE', objectionId: 'o1', party: 'objector' });

    // Publicity ends first; approval waits for the objection.
    w.advanceTo(w.ctx.deadlines.publicity!);
    expect(w.cycleView.stage).toBe('objectionHandling');
    // The candidate never answered: deemed to admit the objection (大庆第二十三条).
    w.advanceTo(evidenceEnds);
    expect(w.ctx.objections.o1).toMatchObject({ status: 'upheld', decision: { upheld: true, by: 'default', article: '第二十三条' } });
    expect(w.ctx.removed.map((r) => r.orgId)).toEqual(['a']);
    expect(w.app('a').view.stage).toBe('notAwarded');
    expect(w.cycleView.stage).toBe('approval');
  });

  it('daqing-2018: an objector who misses the evidence deadline is deemed to withdraw', () => {
    const w = inPublicity('daqing-2018');
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed });
    w.sendCycle({ type: 'ACCEPT_OBJECTION', objectionId: 'o1', evidenceWithin: { amount: 2, unit: 'calendarDays' } });
    w.sendCycle({ type: 'SUBMIT_EVIDENCE', objectionId: 'o1', party: 'candidate' });
    w.advanceTo(w.ctx.objections.o1!.evidenceDueAt!);
    expect(w.ctx.objections.o1).toMatchObject({ status: 'withdrawn', decision: { upheld: false, by: 'default' } });
    expect(w.ctx.proposal!.award).toEqual(['a']);
    w.advanceTo(w.ctx.deadlines.publicity!);
    expect(w.cycleView.stage).toBe('approval');
  });

  it('daqing-2018: an acceptance left undecided past its deadline is flagged and the office reminded again', () => {
    const w = inPublicity('daqing-2018');
    w.sendCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'a', ...realNamed });
    const due = w.ctx.objections.o1!.acceptanceDueAt!;
    const mark = w.log.length;
    w.advanceTo(due);
    expect(w.ctx.objections.o1).toMatchObject({ acceptanceReminded: true, acceptanceOverdue: true, status: 'pendingAcceptance' });
    expect(w.effects('sendReminder', mark).map((l) => (l.effect.params as { subject: string }).subject)).toEqual([
      '异议o1受理期限即将届满',
      '异议o1已超过受理期限',
    ]);
    w.sendCycle({ type: 'REFUSE_OBJECTION', objectionId: 'o1', reason: '不属于质量奖评选异议范围' });
    expect(w.ctx.objections.o1).toMatchObject({ status: 'refused', acceptance: { accepted: false } });
  });
});
