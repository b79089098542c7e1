/**
 * The staff HTTP API for award cycles, applications and notices, end to end: real HTTP → API →
 * Temporal dev server → worker with the real activities → PostgreSQL. One Ganzhou cycle from
 * creation to a running publicity (the dev server runs in real time, so the ten-day publicity itself
 * is left to the time-skipping test in tests/awards). The steps depend on each other and run in order.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { signToken } from '../../api/auth/tokens';
import { loadPolicy, type ApplicantProfile, type IndustryCategory } from '../../workflows/policy/index.js';
import { goodProfile } from '../policy/fixtures';
import { http as rawHttp, startSystem, type HttpResult, type RunningSystem } from '../support/system';
import { eventually } from '../support/eventually';
import { sheetTotalling } from '../support/score-sheets';

const POLICY = 'ganzhou-2022';
const YEAR = 2026;
const policy = loadPolicy(POLICY);

let system: RunningSystem;
let base: string;
const tokens: Record<string, string> = {};

beforeAll(async () => {
  system = await startSystem();
  base = system.api.url;
  tokens.office = system.token('office');
  tokens.committee = system.token('committee');
  // Reviewers act in their own name: the token's `sub` is the reviewer id the machine records.
  for (const id of ['r1', 'r2', 'r-conflict']) tokens[id] = signToken({ sub: id, role: 'reviewer' }, system.authSecret);
});

afterAll(async () => {
  await system?.stop();
});

/** A call as `who` (a key of `tokens`, or `applicant:<org>`; `public` sends no token). */
function call<T = any>(who: string, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<HttpResult<T>> {
  const token = who === 'public' ? undefined : who.startsWith('applicant:') ? system.token('applicant', who.slice('applicant:'.length)) : tokens[who];
  if (who !== 'public' && !token) throw new Error(`no token for ${who}`);
  return rawHttp<T>(base, method, path, body, { ...(token ? { authorization: `Bearer ${token}` } : {}), ...headers });
}

/** Asserts the status, showing the body when it differs. */
async function expectStatus<T = any>(result: Promise<HttpResult<T>>, status: number): Promise<HttpResult<T>> {
  const res = await result;
  expect(res.status, JSON.stringify(res.body)).toBe(status);
  return res;
}


const cyclePath = `/cycles/${POLICY}/${YEAR}`;
const appPath = (orgId: string) => `/applications/${POLICY}/${YEAR}/${orgId}`;
const cycleAction = (action: string) => `${cyclePath}/actions/${action}`;
const appAction = (orgId: string, action: string) => `${appPath(orgId)}/actions/${action}`;
const readCycle = () => call('office', 'GET', cyclePath).then((r) => r.body);
const readApp = (orgId: string) => call('office', 'GET', appPath(orgId)).then((r) => r.body);
/** The cycle's applications table (PostgreSQL), by organisation. */
const readTable = () =>
  call('office', 'GET', `${cyclePath}/applications?limit=500`).then((r) => Object.fromEntries(r.body.items.map((row: any) => [row.orgId, row])) as Record<string, any>);
/**
 * Advances the cycle once its applications' reports have reached it: the table shows a report a
 * moment before the cycle applies it, and the cycle refuses (409 APPLICATIONS_UNRESOLVED) until then.
 */
const advanceCycle = () =>
  eventually(
    () => call('office', 'POST', cycleAction('advance')),
    (r) => r.status !== 409 || r.body.code !== 'APPLICATIONS_UNRESOLVED',
    'cycle accepts advance',
  ).then((r) => {
    expect(r.status, JSON.stringify(r.body)).toBe(200);
    return r;
  });


interface Applicant {
  id: string;
  category: IndustryCategory;
  score?: number;
  profile?: Partial<ApplicantProfile>;
}

const APPLICANTS: Applicant[] = [
  { id: 'a', category: 'manufacturing', score: 900 },
  { id: 'b', category: 'manufacturing', score: 880 },
  { id: 'c', category: 'manufacturing', score: 860 },
  { id: 'd', category: 'manufacturing', score: 840 },
  { id: 'e', category: 'service', score: 820 },
  { id: 'f', category: 'service', score: 800 },
  { id: 'g', category: 'manufacturing', profile: { registeredInJurisdiction: false } },
  { id: 'h', category: 'service', profile: { operatingSince: '2025-03-01' } },
];
const CANDIDATES = APPLICANTS.filter((a) => a.score !== undefined).map((a) => a.id);

const applicationBody = (applicant: Applicant) => ({
  orgId: applicant.id,
  organisationName: `${applicant.id}质量有限公司`,
  category: applicant.category,
  profile: goodProfile(policy, { organisationId: applicant.id, name: `${applicant.id}质量有限公司`, industry: applicant.category, ...applicant.profile }),
});

describe(`the award API through a ${POLICY} cycle`, () => {
  it('creates a cycle (201, then 200 for the same one), validates its input and checks the role', async () => {
    const body = { policyKey: POLICY, year: YEAR, title: `赣州市市长质量奖（${YEAR}年度）`, applicationDeadline: new Date(Date.now() + 3_600_000).toISOString() };
    const created = await expectStatus(call('office', 'POST', '/cycles', body), 201);
    expect(created.body).toMatchObject({ workflowId: `cycle/${POLICY}/${YEAR}`, workflowType: 'cycleWorkflow', stage: 'draft', actions: ['announce'] });
    expect(Date.parse(created.body.since)).toBeGreaterThan(0);
    // Instants are ISO 8601 everywhere in the API, never epoch milliseconds.
    expect(created.body.context.applicationDeadline).toBe(new Date(Date.parse(body.applicationDeadline)).toISOString());
    const again = await expectStatus(call('office', 'POST', '/cycles', body), 200);
    expect(again.body.runId).toBe(created.body.runId);

    const bad = await expectStatus(call('office', 'POST', '/cycles', { ...body, applicationDeadline: '下个月' }), 400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.applicationDeadline' });
    expect((await expectStatus(call('office', 'POST', '/cycles', { ...body, policyKey: 'atlantis' }), 400)).body.field).toBe('body.policyKey');
    expect((await expectStatus(call('committee', 'POST', '/cycles', body), 403)).body.code).toBe('FORBIDDEN_ROLE');
    expect((await expectStatus(call('office', 'GET', `/cycles/${POLICY}/2099`), 404)).body.code).toBe('WORKFLOW_NOT_FOUND');

    // Ganzhou holds a cycle every two years from 2022; a deadline in the past would close applications at once.
    const oddYear = await expectStatus(call('office', 'POST', '/cycles', { ...body, year: YEAR + 1 }), 400);
    expect(oddYear.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.year' });
    expect(oddYear.body.message).toContain(`${YEAR + 1}年不是评选年度；相邻的评选年度为${YEAR}年和${YEAR + 2}年`);
    const past = { ...body, year: 2098, applicationDeadline: '2026-01-01T17:00:00+08:00' };
    const pastDeadline = await expectStatus(call('office', 'POST', '/cycles', past), 400);
    expect(pastDeadline.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.applicationDeadline', message: expect.stringContaining('allowPastDeadline') });
    expect((await expectStatus(call('office', 'GET', `/cycles/${POLICY}/2098`), 404)).body.code).toBe('WORKFLOW_NOT_FOUND');
    await expectStatus(call('office', 'POST', '/cycles', { ...past, allowPastDeadline: true }), 201);
    // The same create again once its deadline has passed answers the cycle that exists.
    expect((await expectStatus(call('office', 'POST', '/cycles', { ...body, applicationDeadline: '2026-01-01T17:00:00+08:00' }), 200)).body.runId).toBe(created.body.runId);
  });

  it('refuses an action the stage gives to another role with 403, and announces as the office', async () => {
    expect((await call('committee', 'GET', cyclePath)).body.actions).toEqual([]);
    const wrongRole = await expectStatus(call('committee', 'POST', cycleAction('announce')), 403);
    expect(wrongRole.body).toMatchObject({ code: 'ROLE_NOT_PERMITTED', stage: 'draft', event: 'announce' });
    expect(wrongRole.body.message).toMatch(/无权/);
    const malformed = await expectStatus(call('office', 'POST', cycleAction('announce'), { now: true }), 400);
    expect(malformed.body.code).toBe('INVALID_INPUT');
    expect((await expectStatus(call('office', 'POST', cycleAction('launch')), 400)).body.field).toBe('param.action');

    const announced = await expectStatus(call('office', 'POST', cycleAction('announce')), 200);
    expect(announced.body).toMatchObject({ stage: 'applicationWindow', stageLabel: '申报受理中' });
    expect(announced.body.actions).toEqual(['close-applications']);
    // Applicants submit through POST …/applications; nothing in the cycle is theirs to send.
    expect((await call('applicant:a', 'GET', cyclePath)).body.actions).toEqual([]);
  });

  it('takes applications from each applicant for its own organisation only, once', async () => {
    const forOther = await call('applicant:a', 'POST', `${cyclePath}/applications`, applicationBody(APPLICANTS[1]!));
    expect([403, 404]).toContain(forOther.status);
    expect((await expectStatus(call('applicant:a', 'POST', `${cyclePath}/applications`, { ...applicationBody(APPLICANTS[0]!), profile: { ...applicationBody(APPLICANTS[0]!).profile, operatingSince: 'long ago' } }), 400)).body.field).toBe(
      'body.profile.operatingSince',
    );

    for (const applicant of APPLICANTS) {
      const res = await expectStatus(call(`applicant:${applicant.id}`, 'POST', `${cyclePath}/applications`, applicationBody(applicant)), 201);
      expect(res.body).toMatchObject({ workflowId: `application/${POLICY}/${YEAR}/${applicant.id}`, stage: 'submitted', actions: ['withdraw'] });
    }
    const again = await expectStatus(call('applicant:a', 'POST', `${cyclePath}/applications`, applicationBody(APPLICANTS[0]!), { 'idempotency-key': 'resubmit-a' }), 200);
    expect(again.body.stage).toBe('submitted');

    const table = await eventually(readTable, (t) => Object.keys(t).length === APPLICANTS.length && Object.values<any>(t).every((a) => a.status === 'submitted'), 'applications reported');
    expect(table.a).toMatchObject({ organisationName: 'a质量有限公司', category: 'manufacturing' });
    const cycle = await eventually(readCycle, (c) => c.context.applications.total === APPLICANTS.length, 'counted');
    expect(cycle.context.applications.byStatus).toEqual({ submitted: APPLICANTS.length });
    // An applicant sees its own application and row only; another organisation's answers 404 like an unknown one.
    expect((await expectStatus(call('applicant:a', 'GET', appPath('a')), 200)).body.context.orgId).toBe('a');
    const other = await expectStatus(call('applicant:a', 'GET', appPath('b')), 404);
    const unknown = await expectStatus(call('office', 'GET', appPath('nobody')), 404);
    expect(other.body.code).toBe(unknown.body.code);
    // The cycle itself carries counts, never rows; rows are listed per caller.
    expect((await call('applicant:a', 'GET', cyclePath)).body.context.applications.total).toBe(APPLICANTS.length);
    expect((await call('applicant:a', 'GET', `${cyclePath}/applications`)).body.items.map((r: any) => r.orgId)).toEqual(['a']);
    expect((await expectStatus(call('applicant:a', 'POST', appAction('b', 'withdraw'), {}), 404)).body.code).toBe('WORKFLOW_NOT_FOUND');
  });

  it('closes applications, refuses to advance past unresolved applications (409) and records eligibility with reasons', async () => {
    await expectStatus(call('office', 'POST', cycleAction('close-applications')), 200);
    for (const applicant of APPLICANTS) {
      await eventually(() => readApp(applicant.id), (s) => s.context.cycleStage === 'eligibilityReview', `stage broadcast to ${applicant.id}`);
    }

    const unresolved = await expectStatus(call('office', 'POST', cycleAction('advance')), 409);
    expect(unresolved.body).toMatchObject({ code: 'APPLICATIONS_UNRESOLVED', stage: 'eligibilityReview', event: 'advance' });
    expect(unresolved.body.allowedActions).toContain('advance');
    expect(unresolved.body.message).toMatch(/[\u4e00-\u9fff]/);

    for (const applicant of APPLICANTS) await expectStatus(call('office', 'POST', appAction(applicant.id, 'record-eligibility')), 200);
    for (const id of ['g', 'h']) {
      const own = await expectStatus(call(`applicant:${id}`, 'GET', appPath(id)), 200);
      expect(own.body.stage).toBe('ineligible');
      expect(own.body.context.eligibility.failures.length).toBeGreaterThan(0);
      expect(own.body.context.eligibility.failures.map((f: any) => f.article).join(' ')).toMatch(/第.+条/);
    }
    // A finished application is not reopened by submitting again. (It completes once its report to
    // the cycle has been delivered, a moment after the decision.)
    await eventually(() => call('applicant:h', 'GET', appPath('h')).then((r) => r.body), (b) => b.executionStatus === 'COMPLETED', 'h completed');
    const resubmitted = await expectStatus(call('applicant:h', 'POST', `${cyclePath}/applications`, applicationBody(APPLICANTS[7]!)), 200);
    expect(resubmitted.body).toMatchObject({ stage: 'ineligible', executionStatus: 'COMPLETED', actions: [] });
    const listed = await eventually(
      () => call('office', 'GET', `${cyclePath}/applications?stage=ineligible`).then((r) => r.body),
      (b) => b.items.length === 2,
      'ineligible reported',
    );
    expect(listed.items.map((r: any) => r.orgId)).toEqual(['g', 'h']);
    expect(listed.items[0].failures[0].message).toMatch(/[\u4e00-\u9fff]/);
    expect((await advanceCycle()).body.stage).toBe('materialReview');
    await eventually(() => readApp('a'), (s) => s.context.cycleStage === 'materialReview', 'material review broadcast');
  });

  it('hides an application from a reviewer who declares a conflict, and refuses their score', async () => {
    await expectStatus(call('office', 'POST', appAction('a', 'assign-reviewer'), { reviewerId: 'r-conflict', phase: 'material' }), 200);
    const seen = await expectStatus(call('r-conflict', 'GET', appPath('a')), 200);
    expect(seen.body.actions).toEqual(expect.arrayContaining(['submit-score', 'declare-conflict']));
    expect((await call('r-conflict', 'GET', `${cyclePath}/applications`)).body.items.map((r: any) => r.orgId)).toEqual(['a']);

    const declared = await expectStatus(call('r-conflict', 'POST', appAction('a', 'declare-conflict'), { note: '曾任该企业顾问' }), 200);
    expect(declared.body.context).toBeNull();
    expect((await expectStatus(call('r-conflict', 'GET', appPath('a')), 404)).body.code).toBe('WORKFLOW_NOT_FOUND');
    const genericPath = `/workflows/${encodeURIComponent(`application/${POLICY}/${YEAR}/a`)}`;
    expect((await expectStatus(call('r-conflict', 'GET', genericPath), 404)).body.code).toBe('WORKFLOW_NOT_FOUND');
    expect((await call('r-conflict', 'GET', `${cyclePath}/applications`)).body.items).toEqual([]);
    // The generic route shows a cycle exactly as the award route does: no application's row for anyone.
    const genericCycle = await expectStatus(call('r-conflict', 'GET', `/workflows/${encodeURIComponent(`cycle/${POLICY}/${YEAR}`)}`), 200);
    const awardCycle = await expectStatus(call('r-conflict', 'GET', cyclePath), 200);
    expect(genericCycle.body.context).toEqual(awardCycle.body.context);
    expect(JSON.stringify(genericCycle.body)).not.toContain('"a"');
    const score = await expectStatus(call('r-conflict', 'POST', appAction('a', 'submit-score'), { phase: 'material', scores: sheetTotalling(999) }), 409);
    expect(score.body.code).toBe('REVIEWER_CONFLICTED');
    const unknownKey = await expectStatus(call('r1', 'POST', appAction('a', 'declare-conflict'), { note: 'x', colour: 'red' }), 400);
    expect(unknownKey.body.field).toBe('body.colour');
    // Nor may a reviewer score in another's name, or an application not assigned to them.
    await expectStatus(call('office', 'POST', appAction('a', 'assign-reviewer'), { reviewerId: 'r1', phase: 'material' }), 200);
    expect((await expectStatus(call('r1', 'POST', appAction('a', 'submit-score'), { reviewerId: 'r2', phase: 'material', scores: sheetTotalling(900) }), 409)).body.code).toBe('REVIEWER_MISMATCH');
    await expectStatus(call('r1', 'POST', appAction('b', 'submit-score'), { phase: 'material', scores: sheetTotalling(880) }), 404);
  });

  it('scores, advances with an Idempotency-Key applied once, and concludes the on-site review', async () => {
    const malformed = await expectStatus(call('r1', 'POST', appAction('a', 'submit-score'), { phase: 'material', scores: { ...sheetTotalling(900), results: '很多' } }), 400);
    expect(malformed.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.scores.results' });
    expect(malformed.body.message).toMatch(/^输入无效：body\.scores\.results：/);
    expect((await expectStatus(call('r1', 'POST', appAction('a', 'submit-score'), { phase: 'material', scores: { ...sheetTotalling(900), results: 401 } }), 409)).body.code).toBe('SCORE_OUT_OF_RANGE');

    for (const orgId of CANDIDATES) {
      const score = APPLICANTS.find((x) => x.id === orgId)!.score!;
      if (orgId !== 'a') await expectStatus(call('office', 'POST', appAction(orgId, 'assign-reviewer'), { reviewerId: 'r1', phase: 'material' }), 200);
      await expectStatus(call('r1', 'POST', appAction(orgId, 'submit-score'), { phase: 'material', scores: sheetTotalling(score) }), 200);
    }

    const key = { 'idempotency-key': `advance-a-${randomUUID()}` };
    const first = await expectStatus(call('office', 'POST', appAction('a', 'advance'), undefined, key), 200);
    const second = await expectStatus(call('office', 'POST', appAction('a', 'advance'), undefined, key), 200);
    expect(second.body.transition).toEqual(first.body.transition);
    expect(first.body.stage).toBe('advanced');
    // The table is written by the application's report, an activity that runs after the update answers.
    await eventually(readTable, (t) => t.a.status === 'advanced', "a's row advanced");
    expect((await expectStatus(call('office', 'POST', appAction('a', 'advance')), 409)).body.code).toBe('EVENT_NOT_ALLOWED_IN_STAGE');
    for (const orgId of CANDIDATES.filter((id) => id !== 'a')) await expectStatus(call('office', 'POST', appAction(orgId, 'advance')), 200);

    expect((await advanceCycle()).body.stage).toBe('onSiteReview');
    await eventually(() => readApp('a'), (s) => s.context.cycleStage === 'onSiteReview', 'on-site broadcast');
    for (const orgId of CANDIDATES) {
      const score = APPLICANTS.find((x) => x.id === orgId)!.score!;
      await expectStatus(call('office', 'POST', appAction(orgId, 'assign-reviewer'), { reviewerId: 'r2', phase: 'onSite' }), 200);
      await expectStatus(call('r2', 'POST', appAction(orgId, 'submit-score'), { phase: 'onSite', scores: sheetTotalling(score) }), 200);
      expect((await expectStatus(call('office', 'POST', appAction(orgId, 'conclude-on-site')), 200)).body.stage).toBe('scored');
    }
    expect((await advanceCycle()).body.stage).toBe('comprehensiveEvaluation');
    const ranked = await readTable();
    expect(CANDIDATES.map((id) => ranked[id].rank)).toEqual([1, 2, 3, 4, 5, 6]);
    expect((await expectStatus(call('office', 'POST', cycleAction('advance')), 200)).body.stage).toBe('deliberation');
  });

  it('refuses an over-quota proposal (409 PROPOSAL_INVALID) and takes a valid one with a vacancy into publicity', async () => {
    await eventually(readTable, (t) => CANDIDATES.every((id) => t[id].status === 'candidate'), 'candidates reported');
    expect((await call('committee', 'GET', cyclePath)).body.actions).toEqual(['propose-winners']);
    const overQuota = await expectStatus(call('committee', 'POST', cycleAction('propose-winners'), { proposal: { award: ['a', 'b', 'c', 'd'] } }), 409);
    expect(overQuota.body.code).toBe('PROPOSAL_INVALID');
    expect(overQuota.body.message).toMatch(/名额|超过|不得/);
    expect((await expectStatus(call('committee', 'POST', cycleAction('propose-winners'), { proposal: ['a'] }), 400)).body.field).toBe('body.proposal');
    expect((await expectStatus(call('office', 'POST', cycleAction('propose-winners'), { proposal: { award: ['a'] } }), 403)).body.code).toBe('ROLE_NOT_PERMITTED');

    // Two of five places in the top tier, one nomination: vacancies are allowed (第六条).
    await expectStatus(call('committee', 'POST', cycleAction('propose-winners'), { proposal: { award: ['a', 'b'], nomination: ['c'] } }), 200);
    const publicity = await eventually(readCycle, (c) => c.stage === 'publicity.running', 'publicity running');
    expect(publicity.context.proposal).toEqual({ award: ['a', 'b'], nomination: ['c'] });
    expect(Date.parse(publicity.context.deadlines.publicity)).toBeGreaterThan(Date.now());
    expect(publicity.timers.length).toBeGreaterThan(0);
    expect(publicity.timers[0].dueAt).toBe(publicity.context.deadlines.publicity);
    expect(publicity.actions).toEqual(expect.arrayContaining(['file-objection', 'accept-objection', 'decide-objection']));
    const asReviewer = (await call('r1', 'GET', cyclePath)).body;
    expect(asReviewer.context.applications.total).toBe(APPLICANTS.length);
    expect(asReviewer.actions).toEqual([]);
  });

  it('accepts an objection against a proposed candidate straight into verification and refuses one against another org (409)', async () => {
    const filed = await expectStatus(
      call('applicant:e', 'POST', cycleAction('file-objection'), { objectionId: 'o1', against: 'b', realName: '李四', facts: '公示材料与事实不符' }),
      200,
    );
    expect(filed.body.context.objections).toEqual({});
    const cycle = await readCycle();
    expect(cycle.context.objections.o1).toMatchObject({ against: 'b', tierId: 'award', status: 'underInvestigation' });
    const notProposed = await expectStatus(call('office', 'POST', cycleAction('file-objection'), { against: 'd', facts: '材料不实' }), 409);
    expect(notProposed.body.code).toBe('OBJECTION_TARGET_NOT_PROPOSED');
    expect(notProposed.body.message).toContain('d');
    const early = await expectStatus(call('office', 'POST', cycleAction('advance')), 409);
    expect(early.body.code).toBe('PUBLICITY_NOT_OVER');
  });

  it('lists applications by stage and tier, and cycles by stage', async () => {
    const proposed = await eventually(
      () => call('office', 'GET', `${cyclePath}/applications?stage=proposed&tier=award`).then((r) => r.body),
      (b) => b.items.length === 2,
      'proposals reported',
    );
    expect(proposed.items.map((r: any) => r.orgId)).toEqual(['a', 'b']);
    expect((await call('office', 'GET', `${cyclePath}/applications?tier=nomination`)).body.items.map((r: any) => r.orgId)).toEqual(['c']);
    expect((await expectStatus(call('office', 'GET', `${cyclePath}/applications?stage=nowhere`), 400)).body.field).toBe('query.stage');

    const listed = await eventually(
      () => call('committee', 'GET', `/cycles?policyKey=${POLICY}&year=${YEAR}&stage=publicity`).then((r) => r.body),
      (b) => b.items?.length === 1,
      'cycle in visibility',
    );
    expect(listed.items[0]).toMatchObject({ workflowId: `cycle/${POLICY}/${YEAR}`, policyKey: POLICY, year: YEAR, stage: 'publicity.running', executionStatus: 'RUNNING' });
    expect((await call('office', 'GET', `/cycles?policyKey=${POLICY}&year=${YEAR}&stage=draft`)).body.items).toEqual([]);
  });

  it('lists the public notices without a token, in Chinese', async () => {
    const notices = await eventually(
      () => call('public', 'GET', `/notices?jurisdiction=${POLICY}&cycle=${YEAR}`).then((r) => r.body),
      (b) => ['announcement', 'proposedWinners'].every((kind) => b.items?.some((n: any) => n.kind === kind)),
      'notices stored',
    );
    const announcement = notices.items.find((n: any) => n.kind === 'announcement');
    expect(announcement).toMatchObject({ workflowId: `cycle/${POLICY}/${YEAR}`, jurisdiction: POLICY, cycle: String(YEAR) });
    expect(announcement.title + announcement.body).toMatch(/[\u4e00-\u9fff]/);
    expect(notices.items.find((n: any) => n.kind === 'proposedWinners').body).toContain('a质量有限公司');
    expect((await call('public', 'GET', `/notices?jurisdiction=${POLICY}&kind=announcement&limit=1`)).body).toMatchObject({ limit: 1, items: [{ kind: 'announcement' }] });
    expect((await expectStatus(call('public', 'GET', '/notices?limit=0'), 400)).body.field).toBe('query.limit');
  });

  it('lets an applicant withdraw its own application, and reports it to the cycle', async () => {
    expect((await call('applicant:f', 'GET', appPath('f'))).body.actions).toEqual(['withdraw']);
    expect((await expectStatus(call('office', 'POST', appAction('f', 'withdraw'), {}), 403)).body.code).toBe('ROLE_NOT_PERMITTED');
    const withdrawn = await expectStatus(call('applicant:f', 'POST', appAction('f', 'withdraw'), { reason: '主动撤回' }), 200);
    expect(withdrawn.body).toMatchObject({ stage: 'withdrawn', status: 'done', actions: [] });
    await eventually(readTable, (t) => t.f.status === 'withdrawn', 'withdrawal reported');
    await eventually(readCycle, (c) => c.context.applications.byStatus.withdrawn === 1, 'withdrawal counted');
  });

  it('documents every award route in the OpenAPI document', async () => {
    const doc = (await call('public', 'GET', '/docs-json')).body;
    expect(doc.paths['/cycles/{policyKey}/{year}/actions/{action}'].post['x-roles']).toEqual(expect.arrayContaining(['office', 'committee', 'applicant']));
    expect(doc.paths['/cycles/{policyKey}/{year}/applications'].post.requestBody.content['application/json'].schema.properties.profile).toBeDefined();
    expect(doc.paths['/notices'].get['x-public']).toBe(true);
  });
});
