/**
 * Daqing 第十三条 end to end on the time-skipping server: the real worker and activities (deadline
 * on a weekends-only calendar, the outbox in the run's PostgreSQL, SMTP into the run's sink) and
 * the HTTP API. The office asks for a supplement; the request reaches the applicant's contact
 * address once, with the items and the policy's 10 working days; the reminder arrives once 3 days
 * before the deadline; at the deadline the office is told once and the view shows the request overdue.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDeadlineActivities } from '../../activities/deadlines';
import { signToken } from '../../api/auth/tokens';
import type { Role } from '../../api/auth/roles';
import { startApi, type ApiServer } from '../../api/server';
import { applicationWorkflowId } from '../../workflows/machines/cycle/ids';
import { chinaDateOf } from '../../workflows/policy/index.js';
import { eventually } from '../support/eventually';
import { receivedMail, testActivityDeps, TEST_ROLES } from '../support/services';
import { http } from '../support/system';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';
import { weekendsOnlyCalendar } from '../policy/fixtures';
import applicationBody from '../../examples/daqing-2018/application-org-a.json';

const POLICY = 'daqing-2018';
// A year of its own: the applications table and the mail sink are shared by the run's test files.
const YEAR = 2044;
const ORG = 'org-a';
const CONTACT = `supplement-${randomUUID().slice(0, 8)}@org-a.example.cn`;
const DAY = 86_400_000;
const taskQueue = 'supplement-request-test';
const secret = `${randomUUID()}${randomUUID()}`;
const appWorkflowId = applicationWorkflowId(POLICY, YEAR, ORG);

let system: TimeSkippingWorker;
let env: TestWorkflowEnvironment;
let api: ApiServer;

const token = (role: Role) => signToken({ sub: `${role}-1`, role, ...(role === 'applicant' ? { org: ORG } : {}) }, secret);
const call = (role: Role, method: string, path: string, body?: unknown) => http(api.url, method, path, body, { authorization: `Bearer ${token(role)}` });
const readApp = () => call('applicant', 'GET', `/applications/${POLICY}/${YEAR}/${ORG}`).then((r) => r.body);

/** This application's mail, by recipient. */
async function mailOf(to: string) {
  const all = await receivedMail();
  return all.filter((m) => m.headers['x-workflow-id'] === appWorkflowId && m.to.includes(to));
}

beforeAll(async () => {
  const deps = await testActivityDeps();
  system = await startTimeSkippingWorker(taskQueue, deps, createDeadlineActivities(deps, { calendar: async () => weekendsOnlyCalendar }));
  env = system.env;
  api = await startApi({ address: env.address, namespace: env.namespace ?? 'default', taskQueue, external: true }, 0, { records: deps.db, authSecret: secret });

  const deadline = new Date((await env.currentTimeMs()) + 2 * DAY).toISOString();
  expect((await call('office', 'POST', '/cycles', { policyKey: POLICY, year: YEAR, applicationDeadline: deadline })).status).toBe(201);
  expect((await call('office', 'POST', `/cycles/${POLICY}/${YEAR}/actions/announce`)).status).toBe(200);
  const submitted = await call('applicant', 'POST', `/cycles/${POLICY}/${YEAR}/applications`, { ...applicationBody, contactEmail: CONTACT });
  expect(submitted.status, JSON.stringify(submitted.body)).toBe(201);
});

afterAll(async () => {
  await api?.app.close();
  await system?.stop();
});

describe('大庆第十三条 with the real worker and mail', () => {
  it('大庆第十三条: the supplement request and its reminder each reach the applicant once, and at the deadline the office is told once and the request shows overdue', async () => {
    const requested = await call('office', 'POST', `/applications/${POLICY}/${YEAR}/${ORG}/actions/request-supplement`, {
      items: ['近三年财务审计报告', '县区政府推荐意见原件'],
    });
    expect(requested.status, JSON.stringify(requested.body)).toBe(200);
    expect(requested.body.stage).toBe('supplementRequested');

    const [request] = await eventually(() => mailOf(CONTACT), (mails) => mails.length >= 1, 'the supplement request mail');
    expect(request!.subject).toBe(`${YEAR}年度大庆市政府质量奖申报材料补充通知`);
    expect(request!.text).toContain('1. 近三年财务审计报告');
    expect(request!.text).toContain('第十三条');

    // The view shows the deadline (an ISO instant, and the last day) and that it has not passed.
    const view = await eventually(readApp, (v) => v.context?.supplements?.[0]?.dueAt !== undefined, 'the deadline in the view');
    const supplement = view.context.supplements[0];
    expect(supplement).toMatchObject({ deadlineSetBy: 'policy', overdue: false, article: '第十三条', within: { amount: 10, unit: 'workingDays' } });
    const dueAt = Date.parse(supplement.dueAt);
    expect(supplement.lastDay).toBe(chinaDateOf(dueAt - 1));
    expect(request!.text).toContain(`${Number(supplement.lastDay.slice(0, 4))}年${Number(supplement.lastDay.slice(5, 7))}月${Number(supplement.lastDay.slice(8))}日（含当日）前`);
    expect(view.timers.map((t: { event: string }) => t.event)).toEqual(['SUPPLEMENT_REMINDER_DUE', 'SUPPLEMENT_DUE']);

    await env.sleep(dueAt - 3 * DAY - (await env.currentTimeMs()) + 60_000);
    const mails = await eventually(() => mailOf(CONTACT), (m) => m.length >= 2, 'the reminder');
    expect(mails.map((m) => m.subject)).toEqual([request!.subject, expect.stringContaining('【提醒】')]);
    expect(await mailOf(TEST_ROLES.office!)).toEqual([]);

    await env.sleep(dueAt - (await env.currentTimeMs()) + 60_000);
    const [toOffice] = await eventually(() => mailOf(TEST_ROLES.office!), (m) => m.length >= 1, 'the office told of the deadline');
    expect(toOffice!.subject).toContain('补充材料期限已届满');
    const overdue = await eventually(readApp, (v) => v.context.supplements[0].overdue === true, 'the request shown overdue');
    expect(overdue.stage).toBe('supplementRequested');
    expect(overdue.timers).toEqual([]);

    // Days later nothing more has been sent, and the applicant may still return the supplement.
    await env.sleep(5 * DAY);
    expect(await mailOf(CONTACT)).toHaveLength(2);
    expect(await mailOf(TEST_ROLES.office!)).toHaveLength(1);
    const returned = await call('applicant', 'POST', `/applications/${POLICY}/${YEAR}/${ORG}/actions/return-supplement`, { note: '已补充' });
    expect(returned.status, JSON.stringify(returned.body)).toBe(200);
    expect(returned.body.stage).toBe('submitted');
  });
});
