import { describe, expect, it } from 'vitest';
import { deadlineFrom, chinaDateOf, addDays, publicityPeriod, type Duration } from '../../workflows/policy/index.js';
import { DAY, DEADLINE, World, committee, expectRefused, throughEligibility, throughReviews } from './harness';
import { weekendsOnlyCalendar } from '../policy/fixtures';
import { rank } from '../../workflows/machines/cycle';

interface Expectation {
  acceptanceList: Duration | null;
  supplement: boolean;
  publicity: Duration;
}

const EXPECT: Record<string, Expectation> = {
  'ganzhou-2022': { acceptanceList: null, supplement: false, publicity: { amount: 10, unit: 'calendarDays' } },
  'benxi-draft': { acceptanceList: { amount: 5, unit: 'workingDays' }, supplement: false, publicity: { amount: 5, unit: 'workingDays' } },
  'chanhe-2021': { acceptanceList: null, supplement: false, publicity: { amount: 7, unit: 'calendarDays' } },
  'daqing-2018': { acceptanceList: null, supplement: true, publicity: { amount: 7, unit: 'calendarDays' } },
};

const badProfile = { registeredInJurisdiction: false, operatingSince: '2025-01-01' };

describe.each(Object.entries(EXPECT))('cycle under %s', (policyKey, expected) => {
  it('runs the policy’s own review steps from announcement to closing', () => {
    const w = new World(policyKey);
    expect(w.cycleView).toMatchObject({ stage: 'draft', nextActor: 'office' });
    w.sendCycle({ type: 'ANNOUNCE' });
    expect(w.cycleView.stage).toBe('applicationWindow');
    const announcement = w.published();
    expect(announcement).toHaveLength(1);
    expect(announcement[0]!.kind).toBe('announcement');
    expect(announcement[0]!.body).toContain('2026年6月30日17:00');

    w.tick().apply('a').tick().apply('b').tick().apply('c', { profile: badProfile });
    expect(Object.keys(w.ctx.applications).sort()).toEqual(['a', 'b', 'c']);

    // The deadline timer closes the window; late registrations are not accepted.
    w.advanceTo(DEADLINE - 1);
    expect(w.cycleView.stage).toBe('applicationWindow');
    w.advanceTo(DEADLINE);
    expect(w.cycleView.stage).toBe('eligibilityReview');
    expectRefused(w.checkCycle({ type: 'APPLICATION_REGISTERED', orgId: 'late', category: 'service', organisationName: '迟到公司' }), 'EVENT_NOT_ALLOWED_IN_STAGE');
    expect(w.app('a').ctx.cycleStage).toBe('eligibilityReview');

    expectRefused(w.checkCycle({ type: 'ADVANCE_STAGE' }), 'APPLICATIONS_UNRESOLVED', 'a（已提交申报）', 'b（已提交申报）', 'c（已提交申报）');

    if (expected.supplement) {
      w.sendApp('a', { type: 'REQUEST_SUPPLEMENT', items: ['近三年财务审计报告'] });
      expect(w.app('a').view.stage).toBe('supplementRequested');
      expect(w.ctx.applications.a!.status).toBe('supplementRequested');
      w.sendApp('b', { type: 'RECORD_ELIGIBILITY' }).sendApp('c', { type: 'RECORD_ELIGIBILITY' });
      expectRefused(w.checkCycle({ type: 'ADVANCE_STAGE' }), 'APPLICATIONS_UNRESOLVED', 'a（待补充材料）');
      w.sendApp('a', { type: 'SUPPLEMENT_RETURNED' }, { id: 'a', role: 'applicant' });
      expect(w.app('a').ctx.supplements[0]).toMatchObject({ items: ['近三年财务审计报告'], returnedAt: w.now });
      w.sendApp('a', { type: 'RECORD_ELIGIBILITY' });
    } else {
      expectRefused(w.checkApp('a', { type: 'REQUEST_SUPPLEMENT', items: ['x'] }), 'SUPPLEMENT_NOT_IN_POLICY');
      for (const id of ['a', 'b', 'c']) w.sendApp(id, { type: 'RECORD_ELIGIBILITY' });
    }
    expect(w.app('c').view.stage).toBe('ineligible');
    const failures = w.table.get('c')!.failures!;
    expect(failures.length).toBeGreaterThanOrEqual(2);
    expect(failures.map((f) => f.criterion)).toEqual(expect.arrayContaining(['registered', 'years-in-operation']));
    expect(failures.every((f) => f.article.startsWith('第'))).toBe(true);

    const mark = w.log.length;
    w.sendCycle({ type: 'ADVANCE_STAGE' });
    if (expected.acceptanceList) {
      expect(w.cycleView.stage).toBe('acceptancePublicity.running');
      const request = w.effects('computeDeadline', mark)[0]!.effect.params as { key: string; duration: Duration };
      expect(request).toMatchObject({ key: 'acceptancePublicity', duration: expected.acceptanceList });
      const list = w.published(mark)[0]!;
      expect(list.kind).toBe('acceptanceList');
      expect(list.body).toContain('a质量有限公司');
      expect(list.body).not.toContain('c质量有限公司');
      expectRefused(w.checkCycle({ type: 'ADVANCE_STAGE' }), 'EVENT_NOT_ALLOWED_IN_STAGE');
      w.advanceTo(w.ctx.deadlines.acceptancePublicity! - 1);
      expect(w.cycleView.stage).toBe('acceptancePublicity.running');
      w.advanceTo(w.ctx.deadlines.acceptancePublicity!);
    }
    expect(w.cycleView.stage).toBe('materialReview');
    expect(w.published().some((n) => n.kind === 'acceptanceList')).toBe(expected.acceptanceList !== null);

    throughReviews(w, { a: 820, b: 760 });
    expect(w.cycleView.stage).toBe('deliberation');
    expect(rank(w.ctx)).toEqual([
      { orgId: 'a', rank: 1, totalScore: 820 },
      { orgId: 'b', rank: 2, totalScore: 760 },
    ]);
    expect(w.app('a').view.stage).toBe('candidate');

    // A vacancy is allowed: only one award, nothing else.
    const beforeProposal = w.log.length;
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['a'] } }, committee);
    expect(w.cycleView.stage).toBe('publicity.running');
    expect(w.app('a').view.stage).toBe('proposed');
    const request = w.effects('computeDeadline', beforeProposal)[0]!.effect.params as { key: string; start: number; duration: Duration };
    expect(request).toEqual({ key: 'publicity', start: w.ctx.proposedAt, duration: expected.publicity });
    expect(publicityPeriod(w.policy).length).toEqual(expected.publicity);
    const endsAt = w.ctx.deadlines.publicity!;
    expect(endsAt).toBe(deadlineFrom(request.start, expected.publicity, weekendsOnlyCalendar).endsAt);
    if (expected.publicity.unit === 'calendarDays') {
      expect(chinaDateOf(endsAt - 1)).toBe(addDays(chinaDateOf(request.start), expected.publicity.amount));
    } else {
      expect(endsAt - request.start).toBeGreaterThanOrEqual(7 * DAY - DAY);
    }
    const publicityNotice = w.published(beforeProposal)[0]!;
    expect(publicityNotice.kind).toBe('proposedWinners');
    expect(publicityNotice.body).toContain('a质量有限公司');

    expectRefused(w.checkCycle({ type: 'ADVANCE_STAGE' }), 'PUBLICITY_NOT_OVER', '不得提前结束');
    expectRefused(w.checkCycle({ type: 'APPROVE' }), 'EVENT_NOT_ALLOWED_IN_STAGE');
    w.advanceTo(endsAt - 1);
    expect(w.cycleView.stage).toBe('publicity.running');
    w.advanceTo(endsAt);
    expect(w.cycleView.stage).toBe('approval');

    w.sendCycle({ type: 'APPROVE', decisionRef: '政府常务会议纪要〔2026〕9号' });
    expect(w.cycleView.stage).toBe('awarded');
    const results = w.published().at(-1)!;
    expect(results.kind).toBe('results');
    expect(results.body).toContain('a质量有限公司');
    expect(w.app('a').view.stage).toBe('awarded');
    expect(w.app('a').ctx).toMatchObject({ outcome: 'awarded', tierId: 'award' });
    expect(w.app('b').view.stage).toBe('notAwarded');
    expect(w.ctx.applications.a).toMatchObject({ status: 'awarded' });
    expect(w.table.get('a')).toMatchObject({ status: 'awarded', tierId: 'award' });

    w.sendCycle({ type: 'CLOSE' });
    expect(w.cycleView).toMatchObject({ stage: 'closed', status: 'done' });
    expect(w.dropped).toEqual([]);
  });

  it('refuses a proposal over the quota, and one naming an ineligible or non-candidate applicant, with articles', () => {
    const award = w0(policyKey).policy.tiers[0]!;
    const n = award.quota.max + 1;
    const ids = Array.from({ length: n }, (_, i) => `o${i + 1}`);
    const categories = ['manufacturing', 'service'] as const;
    const w = new World(policyKey);
    throughEligibility(w, [...ids.map((id, i) => ({ id, category: categories[i % 2] })), { id: 'bad', profile: badProfile }]);
    throughReviews(w, Object.fromEntries(ids.map((id, i) => [id, 900 - i * 10])));
    const over = expectRefused(
      w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ids } }),
      'PROPOSAL_INVALID',
      `超过每届${award.quota.max}个的名额`,
      award.quota.article,
    );
    expect(over.message).toContain(award.name);
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['bad'] } }), 'PROPOSAL_INVALID', 'bad不符合申报条件');
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['nobody'] } }), 'PROPOSAL_INVALID', 'nobody不在本届候选名单中');
    // Every tier vacant is still a lawful proposal where the policy allows vacancies.
    expect(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: {} })).toBeUndefined();
  });
});

function w0(policyKey: string) {
  return new World(policyKey);
}

describe('cycle rules that only some policies have', () => {
  it('ganzhou-2022: a category cap is enforced within a tier', () => {
    const w = new World('ganzhou-2022');
    const ids = ['m1', 'm2', 'm3', 'm4'];
    throughEligibility(w, ids.map((id) => ({ id })));
    throughReviews(w, { m1: 900, m2: 890, m3: 880, m4: 870 });
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ids } }), 'PROPOSAL_INVALID', '制造业组织拟授4个，超过3个', '第六条');
    w.sendCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['m1', 'm2', 'm3'], nomination: ['m4'] } }, committee);
    expect(w.ctx.proposal).toEqual({ award: ['m1', 'm2', 'm3'], nomination: ['m4'] });
  });

  it('a disqualified applicant cannot be proposed, and the stage no longer waits for a withdrawn one', () => {
    const w = new World('daqing-2018');
    throughEligibility(w, [{ id: 'a' }, { id: 'b' }, { id: 'x' }]);
    w.sendCycle({ type: 'ADVANCE_STAGE' });
    expectRefused(w.checkCycle({ type: 'ADVANCE_STAGE' }), 'APPLICATIONS_UNRESOLVED', 'a（资格审查通过）', 'x（资格审查通过）');
    w.sendApp('x', { type: 'WITHDRAW', reason: '企业重组' }, { id: 'x', role: 'applicant' });
    expect(w.ctx.applications.x!.status).toBe('withdrawn');
    expect(w.checkCycle({ type: 'ADVANCE_STAGE' })!.message).not.toContain('x（');
    w.sendApp('b', { type: 'DISQUALIFY', reason: '申报材料弄虚作假' });
    throughReviews(w, { a: 800 });
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['b'] } }), 'PROPOSAL_INVALID', 'b已被取消本届评选资格', '第三十一条');
    expectRefused(w.checkCycle({ type: 'PROPOSE_WINNERS', proposal: { award: ['x'] } }), 'PROPOSAL_INVALID', 'x不在本届候选名单中');
  });

  it('CLOSE_APPLICATIONS closes the window by hand, and the timer is dropped', () => {
    const w = new World('chanhe-2021');
    w.sendCycle({ type: 'ANNOUNCE' });
    expect(w.cycle.timers.map((t) => t.dueAt)).toEqual([DEADLINE]);
    w.tick().apply('a').sendCycle({ type: 'CLOSE_APPLICATIONS' });
    expect(w.cycleView.stage).toBe('eligibilityReview');
    expect(w.cycle.timers).toEqual([]);
    expect(w.ctx.applicationsClosedAt).toBe(w.now);
  });

  it('refuses an application submitted after the deadline though the deadline timer has not fired yet', () => {
    const w = new World('ganzhou-2022');
    w.sendCycle({ type: 'ANNOUNCE' });
    w.tick().apply('on-time');
    // The clock passes the deadline; the cycle's timer is late (a busy worker).
    w.tick(DEADLINE - w.now + 1).apply('late');
    expect(w.cycleView.stage).toBe('applicationWindow');
    expect(Object.keys(w.ctx.applications)).toEqual(['on-time']);
    expect(w.app('late').view.stage).toBe('notAccepted');
    expect(w.app('late').ctx.notAcceptedReason).toMatch(/逾期/);
  });

  it('declares who acts next and which roles may send each event, in the state meta', () => {
    const w = new World('benxi-draft');
    const roles = () => {
      const meta = w.cycle.snapshot.getMeta() as Record<string, { roles?: Record<string, string[]> }>;
      return Object.assign({}, ...Object.values(meta).map((m) => m.roles ?? {})) as Record<string, string[]>;
    };
    expect(roles()).toEqual({ ANNOUNCE: ['office'] });
    w.sendCycle({ type: 'ANNOUNCE' });
    expect(w.cycleView).toMatchObject({ stageLabel: '申报受理中', nextActor: 'applicant' });
    expect(roles()).toMatchObject({ CLOSE_APPLICATIONS: ['office'] });
  });
});
