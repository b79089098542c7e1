/**
 * Records that outlive Temporal (issue 13), end to end on a dev server with the real worker, the
 * API and PostgreSQL: a whole Ganzhou cycle closes (an applicant found ineligible, one not advanced
 * after its material review, one awarded); then Temporal deletes the cycle's and two applications'
 * executions (`WorkflowService.deleteWorkflowExecution`, what its retention does a day later), and
 * the API answers them from the archive with the same content — stages, scores, reasons, outcome —
 * marked `archived: true`, lists them, and creating or submitting them again reopens nothing.
 *
 * A dev server runs in real time and a Ganzhou publicity lasts working days: the worker's
 * `computeDeadline` is replaced by one that ends each publicity two seconds after it starts. Every
 * other activity, timer and transition is the real one.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Connection } from '@temporalio/client';
import { auditOf, findArchived } from '../../db';
import { applicationWorkflowId, cycleWorkflowId } from '../../workflows/machines/cycle';
import { chinaDateOf, loadPolicy, type ApplicantProfile, type IndustryCategory } from '../../workflows/policy/index.js';
import type { EffectInput } from '../../workflows/runtime/types';
import { goodProfile } from '../policy/fixtures';
import { eventually } from '../support/eventually';
import { sheetTotalling } from '../support/score-sheets';
import { signToken } from '../../api/auth/tokens';
import { http, startSystem, type HttpResult, type RunningSystem } from '../support/system';

const POLICY = 'ganzhou-2022';
// A year of its own: the applications table and the archive are shared by the run's test files.
const YEAR = 2090;
const policy = loadPolicy(POLICY);
const PUBLICITY_MS = 2_000;

let system: RunningSystem;
const reviewer = (id: string) => signToken({ sub: id, role: 'reviewer' }, system.authSecret);

beforeAll(async () => {
  system = await startSystem({
    activities: {
      async computeDeadline(input: EffectInput<{ key: string }>) {
        const endsAt = Date.now() + PUBLICITY_MS;
        return { type: 'DEADLINE_COMPUTED', key: input.params.key, endsAt, lastDay: chinaDateOf(endsAt), calendarSource: 'test: two seconds' };
      },
    },
  });
});

afterAll(async () => {
  await system?.stop();
});

function call<T = any>(who: string, method: string, path: string, body?: unknown): Promise<HttpResult<T>> {
  const token = who.startsWith('applicant:') ? system.token('applicant', who.slice('applicant:'.length)) : who.startsWith('reviewer:') ? reviewer(who.slice('reviewer:'.length)) : system.token(who as never);
  return http<T>(system.api.url, method, path, body, { authorization: `Bearer ${token}` });
}

async function ok<T = any>(result: Promise<HttpResult<T>>, status = 200): Promise<HttpResult<T>> {
  const res = await result;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res;
}

const cyclePath = `/cycles/${POLICY}/${YEAR}`;
const appPath = (orgId: string) => `/applications/${POLICY}/${YEAR}/${orgId}`;
const cycleAction = (action: string, body?: unknown, who = 'office') => ok(call(who, 'POST', `${cyclePath}/actions/${action}`, body));
const appAction = (orgId: string, action: string, body?: unknown, who = 'office') => ok(call(who, 'POST', `${appPath(orgId)}/actions/${action}`, body));
const read = (path: string) => call('office', 'GET', path).then((r) => r.body);
const advanceCycle = () =>
  eventually(
    () => call('office', 'POST', `${cyclePath}/actions/advance`),
    (r) => r.status !== 409 || r.body.code !== 'APPLICATIONS_UNRESOLVED',
    'the cycle takes advance',
  ).then((r) => {
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r.body;
  });

const APPLICANTS: Array<{ id: string; category: IndustryCategory; profile?: Partial<ApplicantProfile> }> = [
  { id: 'a', category: 'manufacturing' },
  { id: 'b', category: 'manufacturing' },
  { id: 'g', category: 'service', profile: { registeredInJurisdiction: false } },
];
const body = (a: (typeof APPLICANTS)[number]) => ({
  orgId: a.id,
  organisationName: `${a.id}质量有限公司`,
  category: a.category,
  profile: goodProfile(policy, { organisationId: a.id, name: `${a.id}质量有限公司`, industry: a.category, ...a.profile }),
});

/** What a read shows of a workflow, apart from how it was read. */
function content(view: Record<string, unknown>) {
  const { archived: _archived, seq: _seq, ...rest } = view;
  return rest;
}

/** What Temporal's retention does to a closed workflow, now: deletes it (the server finishes in the background). */
async function deleteFromTemporal(workflowIds: string[]): Promise<void> {
  const connection = await Connection.connect({ address: system.settings.address });
  const namespace = system.settings.namespace;
  try {
    for (const workflowId of workflowIds) await connection.workflowService.deleteWorkflowExecution({ namespace, workflowExecution: { workflowId } });
    for (const workflowId of workflowIds) {
      await eventually(
        () =>
          connection.workflowService.describeWorkflowExecution({ namespace, execution: { workflowId } }).then(
            () => 'present',
            (error: { code?: number }) => (error.code === 5 ? 'gone' : 'present'),
          ),
        (state) => state === 'gone',
        `${workflowId} deleted from Temporal`,
        120_000,
      );
    }
  } finally {
    await connection.close();
  }
}

describe('a closed cycle and its applications after Temporal has forgotten them', () => {
  const cycleId = cycleWorkflowId(POLICY, YEAR);
  const before: Record<string, any> = {};

  it('runs a whole cycle to its close: every closed workflow is archived with its keep-until day', async () => {
    await ok(call('office', 'POST', '/cycles', { policyKey: POLICY, year: YEAR, applicationDeadline: new Date(Date.now() + 3_600_000).toISOString() }), 201);
    await cycleAction('announce');
    for (const a of APPLICANTS) await ok(call(`applicant:${a.id}`, 'POST', `${cyclePath}/applications`, body(a)), 201);
    await cycleAction('close-applications');
    for (const a of APPLICANTS) await eventually(() => read(appPath(a.id)), (s) => s.context.cycleStage === 'eligibilityReview', `eligibility review reaches ${a.id}`);
    for (const a of APPLICANTS) await appAction(a.id, 'record-eligibility');
    expect((await read(appPath('g'))).stage).toBe('ineligible');
    expect((await advanceCycle()).stage).toBe('materialReview');

    for (const [orgId, total] of [['a', 900], ['b', 610]] as const) {
      await eventually(() => read(appPath(orgId)), (s) => s.context.cycleStage === 'materialReview', `material review reaches ${orgId}`);
      await appAction(orgId, 'assign-reviewer', { reviewerId: 'r1', phase: 'material' });
      await appAction(orgId, 'submit-score', { phase: 'material', scores: sheetTotalling(total) }, 'reviewer:r1');
    }
    await appAction('a', 'advance');
    await appAction('b', 'not-advance', { reasons: ['材料评审得分未达到进入现场评审的分数线'] });
    expect((await advanceCycle()).stage).toBe('onSiteReview');
    await eventually(() => read(appPath('a')), (s) => s.context.cycleStage === 'onSiteReview', 'on-site review reaches a');
    await appAction('a', 'assign-reviewer', { reviewerId: 'r2', phase: 'onSite' });
    await appAction('a', 'submit-score', { phase: 'onSite', scores: sheetTotalling(900) }, 'reviewer:r2');
    await appAction('a', 'conclude-on-site');
    expect((await advanceCycle()).stage).toBe('comprehensiveEvaluation');
    expect((await advanceCycle()).stage).toBe('deliberation');
    await eventually(() => call('office', 'GET', `${cyclePath}/applications`).then((r) => r.body.items), (rows: any[]) => rows.some((r) => r.orgId === 'a' && r.status === 'candidate'), 'a a candidate');
    await cycleAction('propose-winners', { proposal: { award: ['a'] } }, 'committee');
    await eventually(() => read(cyclePath), (c) => c.stage === 'approval', 'publicity over', 30_000);
    await cycleAction('approve', { decisionRef: '赣州市人民政府常务会议（测试）' });
    await cycleAction('close');

    for (const id of [cycleId, applicationWorkflowId(POLICY, YEAR, 'a'), applicationWorkflowId(POLICY, YEAR, 'b'), applicationWorkflowId(POLICY, YEAR, 'g')]) {
      const record = await eventually(() => findArchived(system.records, id), (r) => r !== undefined, `${id} archived`);
      // Ganzhou names no retention: the configured default (ten years) from the day it closed.
      expect(record!.retentionSource).toBe('default');
      expect(record!.keepUntil).toBe(`${Number(chinaDateOf(Date.parse(record!.closedAt)).slice(0, 4)) + 10}${chinaDateOf(Date.parse(record!.closedAt)).slice(4)}`);
    }
    // Archived just before it completes: read each once Temporal says it has.
    const completed = (path: string) => eventually(() => read(path), (s) => s.executionStatus === 'COMPLETED', `${path} completed`);
    before.cycle = await completed(cyclePath);
    before.a = await completed(appPath('a'));
    before.b = await completed(appPath('b'));
    before.g = await completed(appPath('g'));
    expect(before.cycle).toMatchObject({ stage: 'closed', executionStatus: 'COMPLETED' });
    expect(before.a.stage).toBe('awarded');
    expect(before.b.stage).toBe('notAdvanced');
    // The content the archive must keep: b's material score sheet and the reason it went no further.
    expect(Object.keys(before.b.context.scores.material)).toEqual(['r1']);
    expect(JSON.stringify(before.b.context)).toContain('材料评审得分未达到进入现场评审的分数线');
    expect(before.g.context.eligibility.failures.length).toBeGreaterThan(0);
    expect(before.cycle.archived).toBeUndefined();
  });

  it('answers the cycle and the applications from the archive once Temporal has deleted them, with the same content', { timeout: 180_000 }, async () => {
    await deleteFromTemporal([cycleId, applicationWorkflowId(POLICY, YEAR, 'b'), applicationWorkflowId(POLICY, YEAR, 'g')]);

    const cycle = await ok(call('office', 'GET', cyclePath));
    expect(cycle.body.archived).toBe(true);
    expect(content(cycle.body)).toEqual(content(before.cycle));
    for (const orgId of ['b', 'g']) {
      const app = await ok(call('office', 'GET', appPath(orgId)));
      expect(app.body.archived).toBe(true);
      expect(content(app.body)).toEqual(content(before[orgId]));
    }
    // What the applicant saw, the applicant still sees; another organisation still cannot.
    expect((await ok(call('applicant:g', 'GET', appPath('g')))).body.context.eligibility.failures).toEqual(before.g.context.eligibility.failures);
    expect((await call('applicant:a', 'GET', appPath('g'))).status).toBe(404);

    // Lists include it.
    const listed = await ok(call('office', 'GET', `/cycles?policyKey=${POLICY}&year=${YEAR}`));
    expect(listed.body.items).toEqual([expect.objectContaining({ workflowId: cycleId, stage: 'closed', executionStatus: 'COMPLETED', archived: true })]);
  });

  it('does not start an archived cycle or application again, and refuses actions on them', async () => {
    const again = await ok(call('office', 'POST', '/cycles', { policyKey: POLICY, year: YEAR, applicationDeadline: new Date(Date.now() + 3_600_000).toISOString() }), 200);
    expect(again.body).toMatchObject({ workflowId: cycleId, stage: 'closed', archived: true });
    const resubmitted = await ok(call('applicant:g', 'POST', `${cyclePath}/applications`, body(APPLICANTS[2]!)), 200);
    expect(resubmitted.body).toMatchObject({ stage: 'ineligible', archived: true });
    const refused = await call('office', 'POST', `${cyclePath}/actions/close`);
    expect(refused.status).toBe(409);
    expect(refused.body.code).toBe('WORKFLOW_ARCHIVED');
    // Still nothing in Temporal under that id.
    expect((await findArchived(system.records, cycleId))!.stage).toBe('closed');

    // Its audit trail is still there: who did what, from the announcement to the close.
    const trail = await auditOf(system.records, cycleId);
    expect(trail.map((t) => t.seq)).toEqual(trail.map((_, i) => i + 1));
    expect(trail[0]).toMatchObject({ event: 'ANNOUNCE', stageBefore: 'draft', stageAfter: 'applicationWindow', actor: { role: 'office' } });
    expect(trail.at(-1)).toMatchObject({ event: 'CLOSE', stageAfter: 'closed' });
  });
});
