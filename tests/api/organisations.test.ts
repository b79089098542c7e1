/**
 * The standing routes (`/organisations/{policyKey}/{orgId}…`, `GET /awards`) and the re-apply check
 * on submission, through the whole system (dev server, worker, PostgreSQL on a database of its own,
 * API): standings are started as the `recordStanding` activity starts them (signal-with-start with
 * the award), then read and changed only through HTTP.
 */
import { randomUUID } from 'node:crypto';
import { Client, Connection } from '@temporalio/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { standingWorkflowId, type StandingInput } from '../../workflows/machines/standing';
import { addDays, addYears, chinaDateOf, cycleOnOrAfter, loadPolicy } from '../../workflows/policy/index.js';
import { systemMessageSignal } from '../../workflows/runtime/definitions';
import type { MachineWorkflowInput } from '../../workflows/runtime/types';
import { dutiesViewSchema, ledgerViewSchema, standingActionResultSchema, standingViewSchema, validAwardsSchema } from '../../api/awards/organisations/organisations.responses';
import ganzhouApplication from '../../examples/ganzhou-2022/application-org-a.json';
import { eventually } from '../support/eventually';
import { servicesWithOwnDatabase } from '../support/services';
import { http, startSystem, type RunningSystem } from '../support/system';

const POLICY = 'ganzhou-2022';

/** A body as /docs-json declares it: parsing keeps every key (zod drops those a closed object does not declare). */
function conforms(schema: z.ZodType, body: unknown) {
  expect(schema.parse(body)).toEqual(body);
}
/** The cycle open now; the awards below are of the one before, two years earlier. */
const YEAR = cycleOnOrAfter(loadPolicy(POLICY), Number(chinaDateOf(Date.now()).slice(0, 4)));
const AWARD_CYCLE = YEAR - 2;
const AWARDED_AT = Date.parse(`${AWARD_CYCLE + 1}-03-15T10:00:00+08:00`);
const today = () => chinaDateOf(Date.now());

let system: RunningSystem;
let connection: Connection;
let client: Client;

type Caller = 'office' | 'admin' | 'reviewer' | 'committee' | `applicant:${string}`;
function call(who: Caller, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) {
  const [role, org] = who.split(':') as [Parameters<RunningSystem['token']>[0], string | undefined];
  return http(system.api.url, method, path, body, { authorization: `Bearer ${system.token(role, org)}`, ...headers });
}
const standingPath = (orgId: string) => `/organisations/${POLICY}/${orgId}`;
const dutyPath = (orgId: string, dutyId: string, what: string) => `${standingPath(orgId)}/duties/${encodeURIComponent(dutyId)}/${what}`;

/** As the recordStanding activity starts a standing: signal-with-start carrying the award. */
async function awardTo(orgId: string, tierId: 'award' | 'nomination', contacts = [`${orgId}@example.cn`]) {
  const organisationName = `${orgId} 有限公司`;
  const args: [MachineWorkflowInput<StandingInput>] = [{ machineInput: { policyKey: POLICY, orgId, organisationName, contacts } }];
  await client.workflow.signalWithStart('standingWorkflow', {
    workflowId: standingWorkflowId(POLICY, orgId),
    taskQueue: system.settings.taskQueue,
    args,
    signal: systemMessageSignal,
    signalArgs: [
      {
        event: { type: 'AWARD_RECORDED', cycle: AWARD_CYCLE, tierId, awardedAt: AWARDED_AT, organisationName, contacts },
        messageId: `test/${orgId}/${randomUUID()}`,
        sender: `application/${POLICY}/${AWARD_CYCLE}/${orgId}`,
      },
    ],
  });
  return eventually(() => call('office', 'GET', standingPath(orgId)), (r) => r.status === 200 && r.body.awards?.length === 1, `${orgId}'s award`);
}

const validAwards = (query = '') => http(system.api.url, 'GET', `/awards?policyKey=${POLICY}${query}`);
const listed = async (orgId: string) => (await validAwards()).body.items.some((i: { orgId: string }) => i.orgId === orgId);
const submit = (orgId: string, headers: Record<string, string> = {}) =>
  call(`applicant:${orgId}`, 'POST', `/cycles/${POLICY}/${YEAR}/applications`, { ...ganzhouApplication, orgId }, headers);

beforeAll(async () => {
  system = await startSystem({ services: await servicesWithOwnDatabase('standing_api') });
  connection = await Connection.connect({ address: system.settings.address });
  client = new Client({ connection, namespace: system.settings.namespace });
  const applicationDeadline = new Date(Date.now() + 7 * 86_400_000).toISOString();
  expect((await call('office', 'POST', '/cycles', { policyKey: POLICY, year: YEAR, applicationDeadline })).status).toBe(201);
  expect((await call('office', 'POST', `/cycles/${POLICY}/${YEAR}/actions/announce`)).status).toBe(200);
});

afterAll(async () => {
  await connection?.close();
  await system?.stop();
});

describe('a standing that does not exist', () => {
  it('answers 404 WORKFLOW_NOT_FOUND on every route, and to an applicant of another organisation just the same', async () => {
    const none = 'org-none';
    for (const [method, path, body] of [
      ['GET', standingPath(none)],
      ['GET', `${standingPath(none)}/ledger`],
      ['GET', `${standingPath(none)}/duties`],
      ['POST', dutyPath(none, `${AWARD_CYCLE}/re-evaluation/1`, 'waive'), { reason: '无' }],
      ['PUT', `${standingPath(none)}/contacts`, { contacts: ['a@example.cn'] }],
      ['POST', `${standingPath(none)}/sanctions`, { causeId: 'fraud', cycle: AWARD_CYCLE, occurredOn: '2025-01-01', decidedOn: '2025-02-01', reason: '无' }],
    ] as const) {
      const res = await call('office', method, path, body);
      expect(res.status, `${method} ${path}: ${JSON.stringify(res.body)}`).toBe(404);
      expect(res.body).toMatchObject({ code: 'WORKFLOW_NOT_FOUND', workflowId: standingWorkflowId(POLICY, none) });
    }
  });
});

describe('an organisation’s record', () => {
  const org = 'org-record';
  let reports: string[];

  beforeAll(async () => {
    await awardTo(org, 'award');
    const duties = await call('office', 'GET', `${standingPath(org)}/duties`);
    reports = duties.body.items.filter((d: { kind: string }) => d.kind === 'annual-report').map((d: { id: string }) => d.id);
  });

  it('is read by staff and by the organisation itself; another organisation is told there is none; contacts only to the office, admin and the organisation', async () => {
    const own = await call(`applicant:${org}`, 'GET', standingPath(org));
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body).toMatchObject({
      workflowId: standingWorkflowId(POLICY, org),
      policyKey: POLICY,
      orgId: org,
      today: today(),
      holdsValidAward: true,
      contacts: [`${org}@example.cn`],
      awards: [{ cycle: AWARD_CYCLE, tierId: 'award', tierName: '市长质量奖', awardedOn: chinaDateOf(AWARDED_AT), validThrough: expect.any(String), expired: false, revokedOn: null, validToday: true }],
      sanctions: [],
      bans: [],
      actions: expect.arrayContaining(['submit-report', 'update-contacts']),
    });
    expect(own.body.awards[0].awardedAt).toBe(new Date(AWARDED_AT).toISOString());
    conforms(standingViewSchema, own.body);
    expect(own.body.duties).toMatchObject({ total: expect.any(Number), open: expect.any(Number) });
    expect(own.body.actions).not.toContain('record-sanction');

    expect((await call('office', 'GET', standingPath(org))).body.actions).toEqual(expect.arrayContaining(['waive-duty', 'record-duty-done', 'record-sanction', 'record-bonus', 'update-contacts']));
    expect((await call('admin', 'GET', standingPath(org))).body.contacts).toEqual([`${org}@example.cn`]);
    for (const staff of ['reviewer', 'committee'] as const) {
      const res = await call(staff, 'GET', standingPath(org));
      expect(res.status).toBe(200);
      expect(res.body).not.toHaveProperty('contacts');
      expect(res.body.actions).toEqual([]);
    }
    for (const path of [standingPath(org), `${standingPath(org)}/ledger`, `${standingPath(org)}/duties`]) {
      const other = await call('applicant:org-other', 'GET', path);
      expect(other.status).toBe(404);
      expect(other.body).toMatchObject({ code: 'WORKFLOW_NOT_FOUND' });
    }
  });

  it('its ledger holds the prize, and the balance is the sum of its entries', async () => {
    const ledger = await call(`applicant:${org}`, 'GET', `${standingPath(org)}/ledger`);
    expect(ledger.status, JSON.stringify(ledger.body)).toBe(200);
    expect(ledger.body.entries.length).toBeGreaterThan(0);
    expect(ledger.body.entries[0]).toMatchObject({ kind: 'prize', cycle: AWARD_CYCLE, amountCny: expect.any(Number), article: expect.any(String) });
    expect(ledger.body.balanceCny).toBe(ledger.body.entries.reduce((sum: number, e: { amountCny: number }) => sum + e.amountCny, 0));
    conforms(ledgerViewSchema, ledger.body);
  });

  it('lists the duties with their due dates; those past due and open are overdue', async () => {
    const duties = await call(`applicant:${org}`, 'GET', `${standingPath(org)}/duties`);
    expect(duties.status).toBe(200);
    expect(reports).toEqual([`${AWARD_CYCLE}/annual-report/1`, `${AWARD_CYCLE}/annual-report/2`, `${AWARD_CYCLE}/annual-report/3`]);
    for (const duty of duties.body.items) {
      expect(duty).toMatchObject({ status: 'open', remindedDaysBefore: expect.any(Array) });
      if (duty.dueOn) expect(duty.overdue).toBe(duty.dueOn < today());
    }
  });

  it('the organisation submits its annual report; the office may not, another organisation cannot see it, and it cannot be submitted twice', async () => {
    const [first] = reports;
    expect((await call('office', 'POST', dutyPath(org, first!, 'submit'), { text: '代交' })).body).toMatchObject({ code: 'FORBIDDEN_ROLE' });
    expect((await call('applicant:org-other', 'POST', dutyPath(org, first!, 'submit'), { text: '冒名' })).status).toBe(404);
    const empty = await call(`applicant:${org}`, 'POST', dutyPath(org, first!, 'submit'), {});
    expect(empty.status).toBe(400);
    expect(empty.body.field).toBe('body.fileRef');

    const done = await call(`applicant:${org}`, 'POST', dutyPath(org, first!, 'submit'), { fileRef: 'archive://org-record/report-1.pdf' }, { 'idempotency-key': 'report-1' });
    expect(done.status, JSON.stringify(done.body)).toBe(200);
    expect(done.body).toMatchObject({ orgId: org, transition: { machine: 'standing', seq: expect.any(Number) } });
    expect(done.body.duties.submitted).toBe(1);
    const again = await call(`applicant:${org}`, 'POST', dutyPath(org, first!, 'submit'), { fileRef: 'archive://org-record/report-1.pdf' }, { 'idempotency-key': 'report-1' });
    expect(again.body.transition).toEqual(done.body.transition);
    const twice = await call(`applicant:${org}`, 'POST', dutyPath(org, first!, 'submit'), { text: '再交一次' });
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('DUTY_CLOSED');

    const duty = (await call('office', 'GET', `${standingPath(org)}/duties`)).body.items.find((d: { id: string }) => d.id === first);
    conforms(standingActionResultSchema, done.body);
    expect(duty).toMatchObject({ status: 'submitted', overdue: false, submission: { fileRef: 'archive://org-record/report-1.pdf', byRole: 'applicant', at: expect.stringMatching(/Z$/) } });
  });

  it('the office waives a year with its reason and records a duty done; the organisation may do neither', async () => {
    const second = reports[1]!;
    expect((await call(`applicant:${org}`, 'POST', dutyPath(org, second, 'waive'), { reason: '自行豁免' })).body.code).toBe('FORBIDDEN_ROLE');
    expect((await call('office', 'POST', dutyPath(org, second, 'waive'), {})).body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.reason' });
    const waived = await call('office', 'POST', dutyPath(org, second, 'waive'), { reason: '该年度停产整顿，经办公室同意免于提交' });
    expect(waived.status, JSON.stringify(waived.body)).toBe(200);
    expect(waived.body.duties.waived).toBe(1);

    const reEvaluation = (await call('office', 'GET', `${standingPath(org)}/duties`)).body.items.find((d: { kind: string }) => d.kind === 're-evaluation');
    expect((await call(`applicant:${org}`, 'POST', dutyPath(org, reEvaluation.id, 'done'))).status).toBe(403);
    const recorded = await call('office', 'POST', dutyPath(org, reEvaluation.id, 'done'), { note: '完成复核评估' });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    const duties = (await call(`applicant:${org}`, 'GET', `${standingPath(org)}/duties`)).body.items;
    conforms(dutiesViewSchema, (await call(`applicant:${org}`, 'GET', `${standingPath(org)}/duties`)).body);
    expect(duties.find((d: { id: string }) => d.id === second)).toMatchObject({ status: 'waived', waiver: { reason: '该年度停产整顿，经办公室同意免于提交', byRole: 'office' } });
    expect(duties.find((d: { id: string }) => d.id === reEvaluation.id)).toMatchObject({ status: 'done', done: { note: '完成复核评估' } });
    expect((await call('office', 'POST', dutyPath(org, 'no/such/duty', 'waive'), { reason: '无' })).body.code).toBe('DUTY_NOT_FOUND');
  });

  it('the organisation and the office replace the contacts; another organisation cannot, and the list is checked', async () => {
    const path = `${standingPath(org)}/contacts`;
    const own = await call(`applicant:${org}`, 'PUT', path, { contacts: ['quality@org-record.example.cn', 'QUALITY@org-record.example.cn', 'boss@org-record.example.cn'] });
    expect(own.status, JSON.stringify(own.body)).toBe(200);
    expect(own.body.contacts).toEqual(['quality@org-record.example.cn', 'boss@org-record.example.cn']);
    expect((await call('office', 'PUT', path, { contacts: ['office-set@org-record.example.cn'] })).body.contacts).toEqual(['office-set@org-record.example.cn']);
    expect((await call('applicant:org-other', 'PUT', path, { contacts: ['x@example.cn'] })).status).toBe(404);
    expect((await call('reviewer', 'PUT', path, { contacts: ['x@example.cn'] })).status).toBe(403);
    expect((await call('office', 'PUT', path, { contacts: [] })).body.field).toBe('body.contacts');
    expect((await call('office', 'PUT', path, { contacts: ['not an address'] })).body.field).toBe('body.contacts.0');
    const eleven = Array.from({ length: 11 }, (_, i) => `c${i}@example.cn`);
    expect((await call('office', 'PUT', path, { contacts: eleven })).status).toBe(400);
  });
});

describe('revocation and applying again (赣州第二十七条、第二十八条)', () => {
  const winner = 'org-revoked';
  const nominee = 'org-nominee';

  beforeAll(async () => {
    await awardTo(winner, 'award');
    await awardTo(nominee, 'nomination');
  });

  it('a winner applies again only after two cycles between: 409 REAPPLY_NOT_ALLOWED naming the cycle and the article; a nominee may apply', async () => {
    const refused = await submit(winner);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body).toMatchObject({
      code: 'REAPPLY_NOT_ALLOWED',
      articles: ['第二十七条'],
      fromCycle: AWARD_CYCLE + 6,
      fromDate: null,
      blocks: [{ code: 'reapply-interval', article: '第二十七条' }],
    });
    expect(refused.body.message).toContain(`${AWARD_CYCLE + 6}年度`);
    expect((await call('office', 'GET', `/applications/${POLICY}/${YEAR}/${winner}`)).status).toBe(404);
    expect((await submit(nominee)).status).toBe(201);
    // The nomination it holds is on the application, from the record, though the body declares none.
    const application = await call('office', 'GET', `/applications/${POLICY}/${YEAR}/${nominee}`);
    expect(application.body.context.priorTiers).toEqual(['nomination']);
  });

  it('the causes are the policy’s: another is refused naming the field and the choices; only the office records one', async () => {
    const body = { causeId: 'no-such-cause', cycle: AWARD_CYCLE, occurredOn: '2025-01-10', decidedOn: today(), reason: '测试' };
    const unknown = await call('office', 'POST', `${standingPath(winner)}/sanctions`, body);
    expect(unknown.status).toBe(400);
    expect(unknown.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.causeId' });
    expect(unknown.body.message).toContain('fraud');
    expect((await call('office', 'POST', `${standingPath(winner)}/sanctions`, { ...body, causeId: 'fraud', occurredOn: '2026-13-01' })).body.field).toBe('body.occurredOn');
    expect((await call(`applicant:${winner}`, 'POST', `${standingPath(winner)}/sanctions`, { ...body, causeId: 'fraud' })).body.code).toBe('FORBIDDEN_ROLE');
  });

  it('fraud revokes the award, recovers the prize, bars for ten years, and takes it off the public list; a later application is refused naming the date', async () => {
    await eventually(() => listed(winner), Boolean, `${winner} on the public list`);
    const decidedOn = today();
    const sanction = { causeId: 'fraud', cycle: AWARD_CYCLE, occurredOn: `${AWARD_CYCLE}-06-01`, decidedOn, reason: '经查，申报材料中的认证证书系伪造' };
    const recorded = await call('office', 'POST', `${standingPath(winner)}/sanctions`, sanction, { 'idempotency-key': 'fraud-1' });
    expect(recorded.status, JSON.stringify(recorded.body)).toBe(200);
    const mayApplyFrom = addDays(addYears(decidedOn, 10), 1);
    expect(recorded.body).toMatchObject({
      holdsValidAward: false,
      awards: [{ cycle: AWARD_CYCLE, revokedOn: decidedOn, validToday: false }],
      sanctions: [{ id: `fraud-${decidedOn}`, causeId: 'fraud', applicable: true, article: '第二十八条', summary: expect.arrayContaining(['撤销奖项']) }],
      bans: [{ sanctionId: `fraud-${decidedOn}`, kind: 'until', mayApplyFrom, ended: false }],
    });
    conforms(standingActionResultSchema, recorded.body);
    const ledger = (await call('office', 'GET', `${standingPath(winner)}/ledger`)).body;
    expect(ledger.entries.map((e: { kind: string }) => e.kind)).toEqual(['prize', 'recovery']);
    expect(ledger.balanceCny).toBe(0);

    const refused = await submit(winner);
    expect(refused.status, JSON.stringify(refused.body)).toBe(409);
    expect(refused.body).toMatchObject({ code: 'REAPPLY_NOT_ALLOWED', fromDate: mayApplyFrom, articles: ['第二十八条'], blocks: [{ code: 'ban-years', fromDate: mayApplyFrom }] });
    expect(refused.body.message).toContain(mayApplyFrom);

    await eventually(() => listed(winner), (on) => !on, `${winner} off the public list`);
  });

  it('a nominee barred after it applied is still answered its application on a repeat, but a new one is refused', async () => {
    const sanction = { causeId: 'fraud', cycle: AWARD_CYCLE, occurredOn: `${AWARD_CYCLE}-06-01`, decidedOn: today(), reason: '弄虚作假' };
    expect((await call('office', 'POST', `${standingPath(nominee)}/sanctions`, sanction)).status).toBe(200);
    const repeat = await submit(nominee);
    expect(repeat.status, JSON.stringify(repeat.body)).toBe(200);
    expect(repeat.body.workflowId).toBe(`application/${POLICY}/${YEAR}/${nominee}`);
    // A draft saved before the bar is submitted through the same path: the same refusal; and once
    // barred, saving a draft is refused alike.
    const barred = 'org-barred-draft';
    await awardTo(barred, 'nomination');
    const draft = `/cycles/${POLICY}/${YEAR}/applications/${barred}/draft`;
    expect((await call(`applicant:${barred}`, 'PUT', draft, { ...ganzhouApplication, orgId: barred })).status).toBe(201);
    expect((await call('office', 'POST', `${standingPath(barred)}/sanctions`, sanction)).status).toBe(200);
    const fromDraft = await call(`applicant:${barred}`, 'POST', `${draft}/submit`);
    expect(fromDraft.status, JSON.stringify(fromDraft.body)).toBe(409);
    expect(fromDraft.body.code).toBe('REAPPLY_NOT_ALLOWED');
    const saveAgain = await call(`applicant:${barred}`, 'PUT', draft, { ...ganzhouApplication, orgId: barred });
    expect(saveAgain.status).toBe(409);
    expect(saveAgain.body.code).toBe('REAPPLY_NOT_ALLOWED');
  });
});

describe('GET /awards: the public list of valid awards', () => {
  it('needs no token, lists the awards valid on the day asked, and checks its query', async () => {
    const org = 'org-listed';
    await awardTo(org, 'award');
    const page = await eventually(() => validAwards(), (r) => r.status === 200 && r.body.items.some((i: { orgId: string }) => i.orgId === org), `${org} listed`);
    expect(page.body).toMatchObject({ policyKey: POLICY, validOn: today(), limit: 100, offset: 0 });
    const item = page.body.items.find((i: { orgId: string }) => i.orgId === org);
    expect(item).toMatchObject({ organisationName: `${org} 有限公司`, cycle: AWARD_CYCLE, tierId: 'award', tierName: '市长质量奖', awardedOn: chinaDateOf(AWARDED_AT) });
    expect(page.body.total).toBe(page.body.items.length);
    conforms(validAwardsSchema, page.body);

    const before = await validAwards(`&validOn=${addDays(chinaDateOf(AWARDED_AT), -1)}`);
    expect(before.body.items.some((i: { orgId: string }) => i.orgId === org)).toBe(false);
    const after = await validAwards(`&validOn=${addDays(item.validThrough, 1)}`);
    expect(after.body.items.some((i: { orgId: string }) => i.orgId === org)).toBe(false);
    expect((await validAwards(`&validOn=${item.validThrough}`)).body.items.some((i: { orgId: string }) => i.orgId === org)).toBe(true);

    expect((await validAwards('&limit=1')).body.items).toHaveLength(1);
    expect((await validAwards('&validOn=2026-02-30')).body.field).toBe('query.validOn');
    expect((await validAwards('&limit=501')).status).toBe(400);
    expect((await http(system.api.url, 'GET', '/awards')).body.field).toBe('query.policyKey');
  });
});

describe('a standing through the generic /workflows routes', () => {
  const org = 'org-generic';

  it('is read as the organisation route presents it (no contacts for a reviewer) and takes no events there', async () => {
    await awardTo(org, 'award');
    const id = encodeURIComponent(standingWorkflowId(POLICY, org));
    const generic = await call('reviewer', 'GET', `/workflows/${id}`);
    const own = await call('reviewer', 'GET', standingPath(org));
    expect(generic.status).toBe(200);
    expect(generic.body).toEqual(own.body);
    expect(JSON.stringify(generic.body)).not.toContain(`${org}@example.cn`);
    const other = await call('applicant:org-else', 'GET', `/workflows/${id}`);
    expect(other.status).toBe(404);
    const sent = await call('office', 'POST', `/workflows/${id}/events`, { type: 'RECORD_SANCTION', sanctionId: 'x', causeId: 'fraud', cycle: AWARD_CYCLE, occurredOn: today(), decidedOn: today(), reason: '经查属实' });
    expect(sent.status).toBe(400);
    expect(sent.body).toMatchObject({ code: 'AWARD_ROUTE_REQUIRED', route: `/organisations/${POLICY}/${org}/…` });
    expect((await call('office', 'GET', standingPath(org))).body.sanctions).toEqual([]);
  });
});
