/**
 * A whole award cycle under each of the four regulations, on Temporal's time-skipping server with
 * the real worker, the real activities, PostgreSQL and SMTP: nine applicants, two of them
 * ineligible, one not advanced, a conflicted reviewer refused, a proposal over its quota refused,
 * a vacancy, one objection upheld and one dismissed, publicity ending on its timer, approval.
 * (Daqing adds its supplement request and its real-name objection procedure.)
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import type { ConnectedDeps } from '../../activities';
import { listNotices } from '../../db';
import type { applicationWorkflow, cycleWorkflow } from '../../workflows';
import type { ApplicationContext } from '../../workflows/machines/application';
import { applicationWorkflowId, cycleWorkflowId, type CycleContext } from '../../workflows/machines/cycle';
import { standingWorkflowId, type StandingContext } from '../../workflows/machines/standing';
import { loadPolicy, voteRule, type IndustryCategory, type Policy } from '../../workflows/policy/index.js';
import { sendEventUpdate, stateQuery } from '../../workflows/runtime/definitions';
import type { Actor, MachineEvent, RefusalDetails, StateView, TransitionResult } from '../../workflows/runtime/types';
import { createDeadlineActivities } from '../../activities/deadlines';
import { goodProfile, weekendsOnlyCalendar } from '../policy/fixtures';
import { sheetTotalling } from '../support/score-sheets';
import { receivedMail, testActivityDeps } from '../support/services';
import { expectAuditMatchesHistory } from '../support/audit-history';
import { eventually } from '../support/eventually';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';

const DAY = 86_400_000;
// Its own year: the applications table (PostgreSQL) is shared by every test file of the run.
const YEAR = 2030;
const taskQueue = 'award-cycle-test';
const office: Actor = { id: 'office-1', role: 'office' };
const committee: Actor = { id: 'committee-1', role: 'committee' };

let env: TestWorkflowEnvironment;
let deps: ConnectedDeps;
let system: TimeSkippingWorker;

beforeAll(async () => {
  // The test server's clock starts at today's date and runs weeks ahead through four cycles, past
  // the end of the published holiday data; a real-data calendar would make this test expire.
  // The State Council calendar itself is tested on fixed dates in tests/calendar.
  const activityDeps = await testActivityDeps();
  system = await startTimeSkippingWorker(taskQueue, activityDeps, createDeadlineActivities(activityDeps, { calendar: async () => weekendsOnlyCalendar }));
  ({ env, deps } = system);
});

afterAll(async () => {
  await system?.stop();
});

function send(workflowId: string, event: MachineEvent, actor: Actor = office): Promise<TransitionResult> {
  return env.client.workflow.getHandle(workflowId).executeUpdate(sendEventUpdate, { args: [{ event, actor }] });
}

async function refusal(workflowId: string, event: MachineEvent, actor: Actor = office): Promise<RefusalDetails> {
  const error = await send(workflowId, event, actor).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error, `${event.type} should be refused`).toBeInstanceOf(WorkflowUpdateFailedError);
  const cause = (error as WorkflowUpdateFailedError).cause as ApplicationFailure;
  return cause.details?.[0] as RefusalDetails;
}

function state<T = unknown>(workflowId: string): Promise<StateView & { context: T }> {
  return env.client.workflow.getHandle(workflowId).query(stateQuery) as Promise<StateView & { context: T }>;
}


interface Applicant {
  id: string;
  category: IndustryCategory;
  score?: number;
  ineligible?: 'not-registered' | 'too-young';
  notAdvanced?: boolean;
}

const APPLICANTS: Applicant[] = [
  { id: 'a', category: 'manufacturing', score: 900 },
  { id: 'b', category: 'manufacturing', score: 880 },
  { id: 'c', category: 'manufacturing', score: 860 },
  { id: 'd', category: 'manufacturing', score: 840 },
  { id: 'e', category: 'service', score: 820 },
  { id: 'f', category: 'service', score: 800 },
  { id: 'g', category: 'manufacturing', ineligible: 'not-registered' },
  { id: 'h', category: 'service', ineligible: 'too-young' },
  { id: 'i', category: 'service', score: 600, notAdvanced: true },
];
const CANDIDATES = APPLICANTS.filter((a) => a.score !== undefined && !a.notAdvanced).map((a) => a.id);

const realNamed = { realName: '李四', contact: '13900000000', facts: '公示材料与事实不符', evidence: '情况说明及照片' };
/** Where the policy asks the objector to identify itself in full (大庆第二十一条). */
const objectorEmail = 'lisi@example.com';
const identified = {
  objector: { kind: 'person', realName: '李四', idNumber: '11010519491231002X', contact: '13900000000', email: objectorEmail },
  facts: '公示材料与事实不符',
  evidence: '情况说明及照片',
};
const committeeVote = { membersPresent: 9, for: 7, against: 1, abstaining: 1 };

async function runCycle(policyKey: string): Promise<void> {
  const policy: Policy = loadPolicy(policyKey);
  const cycleId = cycleWorkflowId(policyKey, YEAR);
  const appId = (orgId: string) => applicationWorkflowId(policyKey, YEAR, orgId);
  // The test server's clock runs ahead of the wall clock once a previous cycle has slept.
  const now = () => env.currentTimeMs();
  const applicationDeadline = (await now()) + 2 * DAY;
  const [topTier, secondTier] = policy.tiers;

  await env.client.workflow.start<typeof cycleWorkflow>('cycleWorkflow', {
    taskQueue,
    workflowId: cycleId,
    args: [{ machineInput: { policyKey, year: YEAR, title: `${policy.awardName}（${YEAR}年度）`, applicationDeadline } }],
  });
  await send(cycleId, { type: 'ANNOUNCE' });

  // Applications: each runs as its own workflow and registers itself with the cycle by its first report.
  for (const applicant of APPLICANTS) {
    const name = `${applicant.id}质量有限公司`;
    const profile = goodProfile(policy, {
      organisationId: applicant.id,
      name,
      industry: applicant.category,
      ...(applicant.ineligible === 'not-registered' ? { registeredInJurisdiction: false } : {}),
      ...(applicant.ineligible === 'too-young' ? { operatingSince: '2025-03-01' } : {}),
    });
    await env.client.workflow.start<typeof applicationWorkflow>('applicationWorkflow', {
      taskQueue,
      workflowId: appId(applicant.id),
      args: [{ machineInput: { policyKey, year: YEAR, orgId: applicant.id, organisationName: name, category: applicant.category, profile, applicationDeadline } }],
    });
  }
  await eventually(() => state<CycleContext>(cycleId), (s) => Object.keys(s.context.applications).length === APPLICANTS.length && Object.values(s.context.applications).every((a) => a.status === 'submitted'), 'all applications reported');

  await send(cycleId, { type: 'CLOSE_APPLICATIONS' });
  expect((await state(cycleId)).stage).toBe('eligibilityReview');
  await eventually(() => state<ApplicationContext>(appId('a')), (s) => s.context.cycleStage === 'eligibilityReview', 'stage broadcast');

  const unresolved = await refusal(cycleId, { type: 'ADVANCE_STAGE' });
  expect(unresolved.code).toBe('APPLICATIONS_UNRESOLVED');
  expect(unresolved.message).toContain('a');

  if (policy.reviewSteps.some((step) => step.supplementRequest)) {
    await send(appId('c'), { type: 'REQUEST_SUPPLEMENT', items: ['近三年财务审计报告'] });
    expect((await state(appId('c'))).stage).toBe('supplementRequested');
    await send(appId('c'), { type: 'SUPPLEMENT_RETURNED', note: '已补充' }, { id: 'c', role: 'applicant' });
  } else {
    expect((await refusal(appId('c'), { type: 'REQUEST_SUPPLEMENT', items: ['x'] })).code).toMatch(/NOT_ALLOWED|SUPPLEMENT/);
  }

  for (const applicant of APPLICANTS) await send(appId(applicant.id), { type: 'RECORD_ELIGIBILITY' });
  const g = await state<ApplicationContext>(appId('g'));
  expect(g.stage).toBe('ineligible');
  expect(g.context.eligibility?.failures.map((f) => f.article).join(' ')).toMatch(/第.+条/);
  expect((await state(appId('h'))).stage).toBe('ineligible');

  await eventually(() => state<CycleContext>(cycleId), (s) => Object.values(s.context.applications).every((a) => a.status !== 'submitted' && a.status !== 'supplementRequested'), 'eligibility reported');
  await send(cycleId, { type: 'ADVANCE_STAGE' });
  if ((await state(cycleId)).stage.startsWith('acceptancePublicity')) {
    const accepting = await eventually(() => state<CycleContext>(cycleId), (s) => s.context.deadlines.acceptancePublicity !== undefined, 'acceptance list deadline');
    await env.sleep(accepting.context.deadlines.acceptancePublicity! - (await now()) + DAY);
  }
  await eventually(() => state(cycleId), (s) => s.stage === 'materialReview', 'material review');
  await eventually(() => state<ApplicationContext>(appId('a')), (s) => s.context.cycleStage === 'materialReview', 'material review broadcast');

  // Material review, with a reviewer who declares a conflict and is then refused.
  await send(appId('a'), { type: 'ASSIGN_REVIEWER', reviewerId: 'r-conflict', phase: 'material' });
  await send(appId('a'), { type: 'DECLARE_CONFLICT', reviewerId: 'r-conflict', note: '曾任该企业顾问' }, { id: 'r-conflict', role: 'reviewer' });
  const conflicted = await refusal(appId('a'), { type: 'SUBMIT_SCORE', reviewerId: 'r-conflict', phase: 'material', scores: sheetTotalling(999) }, { id: 'r-conflict', role: 'reviewer' });
  expect(conflicted.code).toBe('REVIEWER_CONFLICTED');
  await send(appId('a'), { type: 'ASSIGN_REVIEWER', reviewerId: 'r1', phase: 'material' });
  const outOfRange = await refusal(appId('a'), { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: { ...sheetTotalling(900), results: 401 } }, { id: 'r1', role: 'reviewer' });
  expect(outOfRange.code).toBe('SCORE_OUT_OF_RANGE');
  expect(outOfRange.message).toContain('400');

  for (const applicant of APPLICANTS.filter((x) => x.score !== undefined)) {
    const id = appId(applicant.id);
    if (applicant.id !== 'a') await send(id, { type: 'ASSIGN_REVIEWER', reviewerId: 'r1', phase: 'material' });
    await send(id, { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: sheetTotalling(applicant.score!) }, { id: 'r1', role: 'reviewer' });
    if (applicant.notAdvanced) await send(id, { type: 'NOT_ADVANCE', reasons: ['材料评审得分低于入围线'] });
    else await send(id, { type: 'ADVANCE' });
  }
  expect((await state(appId('i'))).stage).toBe('notAdvanced');
  const writtenReasons = policy.reviewSteps.find((step) => step.writtenReasonsForRejected)?.writtenReasonsForRejected;
  if (writtenReasons) {
    // Daqing: the reasons reach the applicant in writing, by real mail (here through the office, no address on file).
    const letters = await eventually(
      () => receivedMail(),
      (mail) => mail.some((m) => m.subject.includes('i质量有限公司') && m.text.includes('材料评审得分低于入围线')),
      'written reasons mailed',
    );
    expect(letters.find((m) => m.subject.includes('i质量有限公司'))!.text).toContain(writtenReasons.article);
  }

  await eventually(
    () => state<CycleContext>(cycleId),
    (s) => CANDIDATES.every((id) => s.context.applications[id]?.status === 'advanced') && s.context.applications.i?.status === 'notAdvanced',
    'material results reported',
  );
  await send(cycleId, { type: 'ADVANCE_STAGE' });
  await eventually(() => state<ApplicationContext>(appId('a')), (s) => s.context.cycleStage === 'onSiteReview', 'on-site broadcast');
  for (const orgId of CANDIDATES) {
    const applicant = APPLICANTS.find((x) => x.id === orgId)!;
    await send(appId(orgId), { type: 'ASSIGN_REVIEWER', reviewerId: 'r2', phase: 'onSite' });
    await send(appId(orgId), { type: 'SUBMIT_SCORE', reviewerId: 'r2', phase: 'onSite', scores: sheetTotalling(applicant.score!) }, { id: 'r2', role: 'reviewer' });
    await send(appId(orgId), { type: 'CONCLUDE_ON_SITE' });
  }
  await eventually(() => state<CycleContext>(cycleId), (s) => CANDIDATES.every((id) => s.context.applications[id]?.status === 'scored'), 'scores reported');
  await send(cycleId, { type: 'ADVANCE_STAGE' }); // comprehensive evaluation
  await send(cycleId, { type: 'ADVANCE_STAGE' }); // deliberation
  expect((await state(cycleId)).stage).toBe('deliberation');

  // Deliberation: every candidate in the top tier breaks its quota; the proposal is refused.
  const overQuota = await refusal(cycleId, { type: 'PROPOSE_WINNERS', proposal: { [topTier!.id]: CANDIDATES } }, committee);
  expect(overQuota.code).toBe('PROPOSAL_INVALID');
  expect(overQuota.message).toMatch(/名额|超过/);
  const withIneligible = await refusal(cycleId, { type: 'PROPOSE_WINNERS', proposal: { [topTier!.id]: ['a', 'g'] } }, committee);
  expect(withIneligible.message).toContain('g');

  // A valid proposal with vacancies: two in the top tier, one nominee where there is a second tier.
  const proposal: Record<string, string[]> = { [topTier!.id]: ['a', 'b'] };
  if (secondTier) proposal[secondTier.id] = ['c'];
  await send(cycleId, { type: 'PROPOSE_WINNERS', proposal, ...(voteRule(policy) ? { vote: committeeVote } : {}) }, committee);
  const publicity = await eventually(() => state<CycleContext>(cycleId), (s) => s.stage === 'publicity.running', 'publicity running');
  const publicityEnds = publicity.context.deadlines.publicity!;
  expect(publicityEnds).toBeGreaterThan(await now());

  // Objections while publicity runs: one upheld against b, one dismissed against a.
  for (const [objectionId, against] of [['o1', 'b'], ['o2', 'a']] as const) {
    const filing = policy.objections.form.identity ? identified : realNamed;
    await send(cycleId, { type: 'FILE_OBJECTION', objectionId, against, ...filing }, { id: 'objector-1', role: 'applicant' });
    const filed = await state<CycleContext>(cycleId);
    if (filed.context.objections[objectionId]!.status === 'pendingAcceptance') {
      await send(cycleId, { type: 'ACCEPT_OBJECTION', objectionId, evidenceWithin: { amount: 3, unit: 'calendarDays' } });
      await send(cycleId, { type: 'SUBMIT_EVIDENCE', objectionId, party: 'objector' });
      await send(cycleId, { type: 'SUBMIT_EVIDENCE', objectionId, party: 'candidate' });
    }
  }
  await send(cycleId, { type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: true, reason: '经核实材料与事实不符' }, committee);
  await send(cycleId, { type: 'DECIDE_OBJECTION', objectionId: 'o2', upheld: false, reason: '异议事实不成立' }, committee);
  const afterObjections = await state<CycleContext>(cycleId);
  expect(afterObjections.context.removed.map((r) => r.orgId)).toEqual(['b']);

  // Publicity cannot end early; its timer ends it.
  expect((await refusal(cycleId, { type: 'ADVANCE_STAGE' })).code).toBe('PUBLICITY_NOT_OVER');
  await env.sleep(publicityEnds - (await now()) + 60_000);
  await eventually(() => state(cycleId), (s) => s.stage === 'approval', 'approval');

  // Under 瀍河第十九条 a candidate objected to (the objection dismissed) is awarded only if confirmed by name.
  const confirmations = policy.objections.mustPassWithoutObjection?.value ? { confirmations: { a: true } } : {};
  await send(cycleId, { type: 'APPROVE', decisionRef: `${policy.jurisdiction}人民政府常务会议`, ...confirmations });
  expect((await state(cycleId)).stage).toBe('awarded');
  await eventually(() => state(appId('a')), (s) => s.stage === 'awarded', 'a awarded');
  await eventually(() => state(appId('b')), (s) => s.stage === 'notAwarded', 'b removed by the upheld objection');
  await eventually(() => state(appId('f')), (s) => s.stage === 'notAwarded', 'f not awarded');
  if (secondTier) await eventually(() => state<ApplicationContext>(appId('c')), (s) => s.stage === 'awarded' && s.context.tierId === secondTier.id, 'c nominated');
  await send(cycleId, { type: 'CLOSE' });
  expect((await state(cycleId)).status).toBe('done');

  // Issue 13: the audit trail says, transition for transition, what the histories say.
  const trail = await expectAuditMatchesHistory(env.client, deps.db, cycleId);
  expect(trail.map((t) => t.event)).toEqual(expect.arrayContaining(['ANNOUNCE', 'PROPOSE_WINNERS', 'DECIDE_OBJECTION', 'APPROVE', 'CLOSE']));
  expect(trail.find((t) => t.event === 'DECIDE_OBJECTION' && t.reason === '经核实材料与事实不符')).toMatchObject({ actor: committee });
  for (const applicant of APPLICANTS) await expectAuditMatchesHistory(env.client, deps.db, appId(applicant.id));

  // Each winner's award is on its organisation's standing (issue 12), dated by the approval.
  const approvedAt = (await state<CycleContext>(cycleId)).context.approval!.at;
  for (const [orgId, tier] of [['a', topTier!], ...(secondTier ? [['c', secondTier] as const] : [])] as const) {
    const record = await eventually(
      () => state<StandingContext>(standingWorkflowId(policyKey, orgId)).catch(() => undefined),
      (s) => s !== undefined && s.context.awards.length === 1,
      `${orgId}'s standing`,
    );
    expect(record!.context.awards[0]).toMatchObject({ cycle: YEAR, tierId: tier.id, awardedAt: approvedAt });
  }

  // Every public step left a notice in the records database, in Chinese.
  const notices = await eventually(
    () => listNotices(deps.db, { workflowId: cycleId }),
    (rows) => ['announcement', 'proposedWinners', 'results'].every((kind) => rows.items.some((n) => n.kind === kind)),
    'notices stored',
  );
  const results = notices.items.find((n) => n.kind === 'results')!;
  expect(results.body).toContain('a质量有限公司');
  expect(results.body).toContain('取消拟奖资格：b质量有限公司');

  if (policy.objections.acceptanceReview?.writtenReceipt) {
    // 大庆第二十二条 and 第二十四条, through the real outbox and SMTP: a receipt and an outcome per
    // objection to the objector, the outcome to each unit objected to, each once.
    const toObjector = await eventually(
      async () => (await receivedMail()).filter((m) => m.to.includes(objectorEmail) && m.headers['x-workflow-id'] === cycleId),
      (mails) => mails.length >= 4,
      'letters to the objector',
    );
    expect(toObjector.map((m) => m.subject).sort()).toEqual(['异议受理凭证（编号o1）', '异议受理凭证（编号o2）', '异议处理结果告知书（编号o1）', '异议处理结果告知书（编号o2）'].sort());
    const receipt = toObjector.find((m) => m.subject === '异议受理凭证（编号o2）')!;
    expect(receipt.text).toContain('拟奖单位a质量有限公司');
    expect(receipt.text).not.toContain('11010519491231002X');
    for (const orgId of ['a', 'b']) {
      const toUnit = await eventually(
        async () => (await receivedMail()).filter((m) => m.headers['x-workflow-id'] === appId(orgId) && m.subject.includes('异议处理结果告知书')),
        (mails) => mails.length >= 1,
        `outcome to ${orgId}`,
      );
      expect(toUnit).toHaveLength(1);
    }
  }
}

describe('a whole award cycle on the time-skipping server', () => {
  it.each(['ganzhou-2022', 'benxi-draft', 'chanhe-2021', 'daqing-2018'])('%s', async (policyKey) => {
    await runCycle(policyKey);
  });
});
