/**
 * 本溪第十五条 (and 瀍河第十六条, 大庆第十二条): an application must come with its recommendation. Through
 * the whole system (dev server, worker, PostgreSQL, API on a database of its own): a submission
 * without one is refused with 400 RECOMMENDATION_REQUIRED citing the article and nothing starts;
 * the applicant keeps it as a draft (PUT …/draft), reads what is missing (GET …/draft), and submits
 * it with the recommendation once signed (POST …/draft/submit), which starts the application as
 * POST …/applications does and removes the draft.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cycleOnOrAfter, loadPolicy } from '../../workflows/policy/index.js';
import benxiApplication from '../../examples/benxi-draft/application-org-a.json';
import chanheApplication from '../../examples/chanhe-2021/application-org-a.json';
import daqingApplication from '../../examples/daqing-2018/application-org-a.json';
import ganzhouApplication from '../../examples/ganzhou-2022/application-org-a.json';
import { servicesWithOwnDatabase } from '../support/services';
import { http, startSystem, type RunningSystem } from '../support/system';

let system: RunningSystem;

const EXAMPLES = { 'benxi-draft': benxiApplication, 'chanhe-2021': chanheApplication, 'daqing-2018': daqingApplication, 'ganzhou-2022': ganzhouApplication } as const;
type PolicyKey = keyof typeof EXAMPLES;
const yearOf = (policyKey: PolicyKey) => cycleOnOrAfter(loadPolicy(policyKey), 2026);

type Caller = 'office' | 'reviewer' | 'admin' | `applicant:${string}`;
function call(who: Caller, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const [role, org] = who.split(':') as [Parameters<RunningSystem['token']>[0], string | undefined];
  return http(system.api.url, method, path, body, { authorization: `Bearer ${system.token(role, org)}`, ...headers });
}

/** The example application with its recommendation left out (not yet signed). */
function unsigned(policyKey: PolicyKey, orgId: string) {
  const { recommendation: _signed, ...profile } = EXAMPLES[policyKey].profile;
  return { ...EXAMPLES[policyKey], orgId, profile };
}

beforeAll(async () => {
  system = await startSystem({ services: await servicesWithOwnDatabase('application_drafts') });
  const applicationDeadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
  for (const policyKey of Object.keys(EXAMPLES) as PolicyKey[]) {
    const year = yearOf(policyKey);
    expect((await call('office', 'POST', '/cycles', { policyKey, year, applicationDeadline })).status).toBe(201);
    expect((await call('office', 'POST', `/cycles/${policyKey}/${year}/actions/announce`)).status).toBe(200);
  }
});

afterAll(async () => {
  await system?.stop();
});

describe('本溪第十五条：申报须附推荐意见', () => {
  const policyKey = 'benxi-draft';
  const year = yearOf(policyKey);
  const applications = `/cycles/${policyKey}/${year}/applications`;
  const draft = (orgId: string) => `${applications}/${orgId}/draft`;

  it('本溪第十五条: a submission without a recommendation is refused with 400 RECOMMENDATION_REQUIRED citing the article, and nothing starts', async () => {
    const refused = await call('applicant:org-none', 'POST', applications, unsigned(policyKey, 'org-none'), { 'idempotency-key': 'submit-org-none' });
    expect(refused.status, JSON.stringify(refused.body)).toBe(400);
    expect(refused.body).toMatchObject({ code: 'RECOMMENDATION_REQUIRED', field: 'body.recommendation', article: '第十五条' });
    expect(refused.body.message).toContain('推荐意见');
    expect(refused.body.message).toContain('第十五条');
    expect(refused.body.message).toContain(`PUT ${draft('org-none')}`);
    expect((await call('office', 'GET', `/applications/${policyKey}/${year}/org-none`)).status).toBe(404);

    // A recommendation given with the application as null replaces the profile's: still none.
    const nulled = await call('applicant:org-none', 'POST', applications, { ...EXAMPLES[policyKey], orgId: 'org-none', recommendation: null });
    expect(nulled.body.code).toBe('RECOMMENDATION_REQUIRED');

    // The refusal gave the key back: the corrected request goes through with it.
    const corrected = await call('applicant:org-none', 'POST', applications, { ...EXAMPLES[policyKey], orgId: 'org-none' }, { 'idempotency-key': 'submit-org-none' });
    expect(corrected.status, JSON.stringify(corrected.body)).toBe(201);
  });

  it('本溪第十五条: the applicant saves it as incomplete, reads what is missing, and submits it with the recommendation once signed', async () => {
    const orgId = 'org-draft';
    const saved = await call(`applicant:${orgId}`, 'PUT', draft(orgId), unsigned(policyKey, orgId));
    expect(saved.status, JSON.stringify(saved.body)).toBe(201);
    expect(saved.body).toMatchObject({
      policyKey,
      year,
      orgId,
      complete: false,
      missing: [{ field: 'recommendation', article: '第十五条', message: expect.stringContaining('推荐意见') }],
      savedBy: { role: 'applicant' },
    });
    expect(saved.body.application.organisationName).toBe(EXAMPLES[policyKey].organisationName);
    expect((await call(`applicant:${orgId}`, 'PUT', draft(orgId), { ...unsigned(policyKey, orgId), organisationName: '改名后的单位' })).status).toBe(200);
    const read = await call(`applicant:${orgId}`, 'GET', draft(orgId));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ complete: false, application: { organisationName: '改名后的单位' } });
    expect(Date.parse(read.body.updatedAt)).toBeGreaterThanOrEqual(Date.parse(read.body.createdAt));

    // Submitting it as it is: the same refusal, and the draft stays.
    const early = await call(`applicant:${orgId}`, 'POST', `${draft(orgId)}/submit`);
    expect(early.status, JSON.stringify(early.body)).toBe(400);
    expect(early.body).toMatchObject({ code: 'RECOMMENDATION_REQUIRED', article: '第十五条' });
    expect((await call(`applicant:${orgId}`, 'GET', draft(orgId))).status).toBe(200);
    expect((await call('office', 'GET', `/applications/${policyKey}/${year}/${orgId}`)).status).toBe(404);

    const recommendation = { by: 'industry-association', signedOn: '2026-11-25' };
    const submitted = await call(`applicant:${orgId}`, 'POST', `${draft(orgId)}/submit`, { recommendation }, { 'idempotency-key': 'submit-draft' });
    expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
    expect(submitted.body).toMatchObject({ workflowId: `application/${policyKey}/${year}/${orgId}`, stage: 'submitted' });
    expect(submitted.body.context).toMatchObject({ organisationName: '改名后的单位', recommendation });

    expect((await call(`applicant:${orgId}`, 'GET', draft(orgId))).body).toMatchObject({ code: 'DRAFT_NOT_FOUND' });
    expect((await call(`applicant:${orgId}`, 'GET', `/applications/${policyKey}/${year}/${orgId}`)).status).toBe(200);
    const again = await call(`applicant:${orgId}`, 'PUT', draft(orgId), unsigned(policyKey, orgId));
    expect(again.status).toBe(409);
    expect(again.body.code).toBe('APPLICATION_ALREADY_SUBMITTED');
  });

  it('本溪第十五条: a draft is its organisation’s own: others are refused or told there is none; the office may act for it', async () => {
    const orgId = 'org-own';
    expect((await call('applicant:org-other', 'PUT', draft(orgId), unsigned(policyKey, orgId))).body.code).toBe('FORBIDDEN_ORGANISATION');
    expect((await call('reviewer', 'PUT', draft(orgId), unsigned(policyKey, orgId))).status).toBe(403);
    expect((await call('office', 'PUT', draft(orgId), unsigned(policyKey, orgId))).status).toBe(201);
    expect((await call('applicant:org-other', 'GET', draft(orgId))).body.code).toBe('DRAFT_NOT_FOUND');
    expect((await call('admin', 'GET', draft(orgId))).body).toMatchObject({ orgId, savedBy: { role: 'office' } });
    expect((await call('applicant:org-other', 'POST', `${draft(orgId)}/submit`)).body.code).toBe('FORBIDDEN_ORGANISATION');
    const mismatch = await call('office', 'PUT', draft(orgId), unsigned(policyKey, 'org-else'));
    expect(mismatch.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.orgId' });
    expect((await call('office', 'PUT', `/cycles/${policyKey}/2098/applications/${orgId}/draft`, unsigned(policyKey, orgId))).body.code).toBe('WORKFLOW_NOT_FOUND');
    expect((await call('office', 'PUT', draft(orgId), { ...unsigned(policyKey, orgId), organisationName: 'a\u0000b' })).status).toBe(400);
  });
});

describe('the other policies', () => {
  it.each([
    ['chanhe-2021', '第十六条'],
    ['daqing-2018', '第十二条'],
  ] as const)('%s: a submission without a recommendation is refused citing %s', async (policyKey, article) => {
    const res = await call('applicant:org-none', 'POST', `/cycles/${policyKey}/${yearOf(policyKey)}/applications`, unsigned(policyKey, 'org-none'));
    expect(res.status, JSON.stringify(res.body)).toBe(400);
    expect(res.body).toMatchObject({ code: 'RECOMMENDATION_REQUIRED', article });
  });

  it('ganzhou-2022 requires no recommendation: its example (recommendation null) is taken, and a draft of it is complete', async () => {
    const year = yearOf('ganzhou-2022');
    const saved = await call('applicant:org-g', 'PUT', `/cycles/ganzhou-2022/${year}/applications/org-g/draft`, unsigned('ganzhou-2022', 'org-g'));
    expect(saved.body).toMatchObject({ complete: true, missing: [] });
    const res = await call('applicant:org-a', 'POST', `/cycles/ganzhou-2022/${year}/applications`, EXAMPLES['ganzhou-2022']);
    expect(res.status, JSON.stringify(res.body)).toBe(201);
  });

  it.each(Object.keys(EXAMPLES) as PolicyKey[])('%s: the example application (examples/%s/application-org-a.json) is taken as it is', async (policyKey) => {
    const res = await call('applicant:org-a', 'POST', `/cycles/${policyKey}/${yearOf(policyKey)}/applications`, EXAMPLES[policyKey]);
    expect([200, 201], JSON.stringify(res.body)).toContain(res.status);
  });
});
