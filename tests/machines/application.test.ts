import { describe, expect, it } from 'vitest';
import { canReviewerSee } from '../../workflows/machines/application';
import { World, expectRefused, sheet, sheetTotalling, throughEligibility } from './harness';

const reviewer = (id: string) => ({ id, role: 'reviewer' });
const POLICIES = ['ganzhou-2022', 'benxi-draft', 'chanhe-2021', 'daqing-2018'];

/** One eligible applicant `a` with the cycle in material review. */
function inMaterialReview(policyKey: string): World {
  const w = throughEligibility(new World(policyKey), [{ id: 'a' }, { id: 'b' }]);
  while (w.cycleView.stage !== 'materialReview') {
    if (w.cycleView.stage.startsWith('acceptancePublicity')) w.advanceTo(w.ctx.deadlines.acceptancePublicity!);
    else w.sendCycle({ type: 'ADVANCE_STAGE' });
  }
  return w;
}

describe.each(POLICIES)('application under %s', (policyKey) => {
  it('a reviewer with a declared conflict can neither see nor score the applicant, and earlier scores stop counting', () => {
    const w = inMaterialReview(policyKey);
    w.sendApp('a', { type: 'ASSIGN_REVIEWER', reviewerId: 'r1', phase: 'material' });
    w.sendApp('a', { type: 'ASSIGN_REVIEWER', reviewerId: 'r2', phase: 'material' });
    expect(canReviewerSee(w.app('a').ctx, 'r1')).toBe(true);
    expect(canReviewerSee(w.app('a').ctx, 'r9')).toBe(false);
    w.sendApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: sheetTotalling(900) }, reviewer('r1'));
    w.sendApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r2', phase: 'material', scores: sheetTotalling(700) }, reviewer('r2'));
    expect(w.app('a').ctx.materialScore).toBe(800);

    w.sendApp('a', { type: 'DECLARE_CONFLICT', reviewerId: 'r1', note: '曾任该企业顾问' }, reviewer('r1'));
    expect(canReviewerSee(w.app('a').ctx, 'r1')).toBe(false);
    expect(w.app('a').ctx.materialScore).toBe(700);
    expectRefused(
      w.checkApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: sheet() }),
      'REVIEWER_CONFLICTED',
      'r1',
    );
    expectRefused(w.checkApp('a', { type: 'ASSIGN_REVIEWER', reviewerId: 'r1', phase: 'onSite' }), 'REVIEWER_CONFLICTED');
    expectRefused(w.checkApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r3', phase: 'material', scores: sheet() }), 'REVIEWER_NOT_ASSIGNED', 'r3');
    // The chart agrees with the explanation.
    expect(w.app('a').state.snapshot.can({ type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: sheet(), at: w.now } as never)).toBe(false);
  });

  it('refuses an out-of-range or incomplete score sheet, naming the category and its maximum', () => {
    const w = inMaterialReview(policyKey);
    w.sendApp('a', { type: 'ASSIGN_REVIEWER', reviewerId: 'r1', phase: 'material' });
    const submit = (scores: unknown) => w.checkApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores });
    expectRefused(submit(sheet({ results: 401 })), 'SCORE_OUT_OF_RANGE', '结果（results）得分401，应在0至400分之间');
    expectRefused(submit(sheet({ leadership: 111 })), 'SCORE_OUT_OF_RANGE', '领导（leadership）', '110');
    expectRefused(submit(sheet({ measurement: -1 })), 'SCORE_OUT_OF_RANGE', '测量、分析与改进（measurement）', '80');
    const { process: _p, ...partial } = sheet();
    expectRefused(submit(partial), 'SCORE_INCOMPLETE', '过程管理（process）');
    expect(submit(sheet({ results: 400, leadership: 110 }))).toBeUndefined();
  });

  it('scores only in the cycle’s matching stage, aggregates means and weights material 40% and on-site 60%', () => {
    const w = throughEligibility(new World(policyKey), [{ id: 'a' }]);
    w.sendApp('a', { type: 'ASSIGN_REVIEWER', reviewerId: 'r1', phase: 'material' });
    expectRefused(w.checkApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: sheet() }), 'REVIEW_PHASE_NOT_OPEN');
    while (w.cycleView.stage !== 'materialReview') {
      if (w.cycleView.stage.startsWith('acceptancePublicity')) w.advanceTo(w.ctx.deadlines.acceptancePublicity!);
      else w.sendCycle({ type: 'ADVANCE_STAGE' });
    }
    w.sendApp('a', { type: 'ASSIGN_REVIEWER', reviewerId: 'r2', phase: 'material' });
    w.sendApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: sheetTotalling(800) }, reviewer('r1'));
    expectRefused(w.checkApp('a', { type: 'ADVANCE' }), 'SCORES_INCOMPLETE', 'r2');
    w.sendApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r2', phase: 'material', scores: sheetTotalling(700) }, reviewer('r2'));
    w.sendApp('a', { type: 'ASSIGN_REVIEWER', reviewerId: 'r3', phase: 'onSite' });
    w.sendApp('a', { type: 'ADVANCE' });
    expect(w.table.get('a')).toMatchObject({ status: 'advanced', materialScore: 750 });
    expectRefused(w.checkApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r3', phase: 'onSite', scores: sheet() }), 'REVIEW_PHASE_NOT_OPEN');
    w.sendCycle({ type: 'ADVANCE_STAGE' });
    w.sendApp('a', { type: 'SUBMIT_SCORE', reviewerId: 'r3', phase: 'onSite', scores: sheetTotalling(900) }, reviewer('r3'));
    w.sendApp('a', { type: 'CONCLUDE_ON_SITE' });
    expect(w.app('a').view.stage).toBe('scored');
    expect(w.table.get('a')).toMatchObject({ status: 'scored', materialScore: 750, onSiteScore: 900, totalScore: 840 });
    expect(w.ctx.applications.a).toMatchObject({ status: 'scored', onSiteScore: 900, totalScore: 840 });
  });

  it('records the office’s eligibility decision and reasons, and refuses one that contradicts the rules', () => {
    const w = new World(policyKey);
    w.sendCycle({ type: 'ANNOUNCE' }).tick().apply('a').tick().apply('bad', { profile: { registeredInJurisdiction: false } });
    expectRefused(w.checkApp('a', { type: 'RECORD_ELIGIBILITY' }), 'CYCLE_STAGE_MISMATCH');
    w.advanceTo(w.ctx.applicationDeadline);
    expectRefused(w.checkApp('bad', { type: 'RECORD_ELIGIBILITY', eligible: true }), 'ELIGIBILITY_CONTRADICTS_RULES', '不能认定为符合', '未在本行政区域内登记注册');
    expectRefused(w.checkApp('a', { type: 'RECORD_ELIGIBILITY', eligible: false }), 'ELIGIBILITY_REASONS_REQUIRED');
    w.sendApp('a', { type: 'RECORD_ELIGIBILITY', eligible: false, reasons: ['申报材料不齐全'] });
    expect(w.app('a').view.stage).toBe('ineligible');
    expect(w.app('a').ctx.eligibility).toMatchObject({ eligible: false, officeVerdict: false, reasons: ['申报材料不齐全'], failures: [], by: { id: 'office-1' }, asOf: '2026-06-30' });
    expect(w.table.get('a')).toMatchObject({ status: 'ineligible', eligible: false, reasons: ['申报材料不齐全'] });
  });

  it('lets the applicant withdraw before an outcome, and the cycle stops waiting for it', () => {
    const w = new World(policyKey);
    w.sendCycle({ type: 'ANNOUNCE' }).tick().apply('a');
    w.advanceTo(w.ctx.applicationDeadline);
    expectRefused(w.checkCycle({ type: 'ADVANCE_STAGE' }), 'APPLICATIONS_UNRESOLVED', 'a');
    w.sendApp('a', { type: 'WITHDRAW' }, { id: 'a', role: 'applicant' });
    expect(w.app('a').view).toMatchObject({ stage: 'withdrawn', status: 'done' });
    expect(w.checkCycle({ type: 'ADVANCE_STAGE' })).toBeUndefined();
  });
});

describe('policy-specific application steps', () => {
  it('daqing-2018: not advancing needs written reasons, which are sent to the applicant', () => {
    const w = inMaterialReview('daqing-2018');
    expectRefused(w.checkApp('b', { type: 'NOT_ADVANCE' }), 'WRITTEN_REASONS_REQUIRED', '第十四条');
    expectRefused(w.checkApp('b', { type: 'NOT_ADVANCE', reasons: ['  '] }), 'WRITTEN_REASONS_REQUIRED');
    const mark = w.log.length;
    w.sendApp('b', { type: 'NOT_ADVANCE', reasons: ['结果类指标证据不足'] });
    expect(w.app('b').view.stage).toBe('notAdvanced');
    const letter = w.effects('notifyApplicant', mark)[0]!.effect.params as { body: string; article: string };
    expect(letter.article).toBe('第十四条');
    expect(letter.body).toContain('结果类指标证据不足');
    expect(w.table.get('b')).toMatchObject({ status: 'notAdvanced', reasons: ['结果类指标证据不足'] });
  });

  it.each(['ganzhou-2022', 'benxi-draft', 'chanhe-2021'])('%s: not advancing needs no written reasons and sends no letter', (policyKey) => {
    const w = inMaterialReview(policyKey);
    const mark = w.log.length;
    w.sendApp('b', { type: 'NOT_ADVANCE' });
    expect(w.app('b').view.stage).toBe('notAdvanced');
    expect(w.effects('notifyApplicant', mark)).toEqual([]);
  });

  it('benxi-draft: office attestations sent with the decision count for the judgement criteria', () => {
    const w = new World('benxi-draft');
    w.sendCycle({ type: 'ANNOUNCE' }).tick().apply('a', { profile: { attestations: {} } });
    w.advanceTo(w.ctx.applicationDeadline);
    expectRefused(w.checkApp('a', { type: 'RECORD_ELIGIBILITY', eligible: true }), 'ELIGIBILITY_CONTRADICTS_RULES', '尚未', '第十一条');
    w.sendApp('a', { type: 'RECORD_ELIGIBILITY', attestations: { 'law-abiding': true, 'industry-leading': true, 'standards-innovation': true } });
    expect(w.app('a').view.stage).toBe('eligible');
  });

  it('declares the next actor and per-event roles in the meta of each stage', () => {
    const w = new World('daqing-2018');
    w.sendCycle({ type: 'ANNOUNCE' }).tick().apply('a');
    const { view, state } = w.app('a');
    expect(view).toMatchObject({ stage: 'submitted', stageLabel: '资格审查', nextActor: 'office' });
    const meta = Object.values(state.snapshot.getMeta() as Record<string, { roles: Record<string, string[]> }>)[0]!;
    expect(meta.roles).toMatchObject({ RECORD_ELIGIBILITY: ['office'], WITHDRAW: ['applicant'], DECLARE_CONFLICT: ['reviewer', 'office'] });
  });
});
