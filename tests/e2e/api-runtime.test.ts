/**
 * End to end through real HTTP: API → Temporal dev server → worker → state read back.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startApi } from '../../api/server';
import { TemporalService } from '../../api/temporal/temporal.module';
import { freePort } from '../../scripts/lib/server-process';
import { http as rawHttp, startSystem, type RunningSystem } from '../support/system';
import { stateQuery } from '../../workflows/runtime/definitions';

let system: RunningSystem;
let base: string;
let officeToken: string;

beforeAll(async () => {
  system = await startSystem();
  base = system.api.url;
  officeToken = system.token('office');
});

/** Every call below is made by the award office unless it passes its own `authorization`. */
const http: typeof rawHttp = (url, method, path, body, headers = {}) =>
  rawHttp(url, method, path, body, { authorization: `Bearer ${officeToken}`, ...headers });

afterAll(async () => {
  await system?.stop();
});

const newNotice = () => ({
  noticeId: `n-${randomUUID().slice(0, 8)}`,
  title: '本溪示例公示',
  jurisdiction: 'benxi-draft',
  organisation: '本溪示例企业',
  publicityDays: 7,
  validityDays: 1826,
});

const path = (noticeId: string) => `/workflows/${encodeURIComponent(`demo-notice/${noticeId}`)}`;

describe('API → Temporal dev server → worker', () => {
  it('reports health with the Temporal connection', async () => {
    const { status, body } = await http(base, 'GET', '/health');
    expect(status).toBe(200);
    expect(body).toMatchObject({ status: 'ok', temporal: { state: 'connected', address: system.settings.address } });
  });

  it('starts a workflow, moves it through staff events and reads the state back', async () => {
    const notice = newNotice();
    const created = await http(base, 'POST', '/demo-notices', notice);
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ workflowId: `demo-notice/${notice.noticeId}`, stage: 'draft', executionStatus: 'RUNNING' });

    const again = await http(base, 'POST', '/demo-notices', notice);
    expect(again.status).toBe(200);
    expect(again.body.runId).toBe(created.body.runId);

    const submitted = await http(base, 'POST', `${path(notice.noticeId)}/events`, { type: 'SUBMIT' });
    // The new state, and the update's own (small) result.
    expect(submitted).toMatchObject({ status: 200, body: { stage: 'review', transition: { stage: 'review', seq: 1 } } });
    const approved = await http(base, 'POST', `${path(notice.noticeId)}/events`, { type: 'APPROVE' });
    expect(approved.body).toMatchObject({ stage: 'publicity', stageLabel: '公示中', timers: [{ event: 'xstate.after.publicity.demo-notice.publicity' }] });

    const read = await http(base, 'GET', path(notice.noticeId));
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ stage: 'publicity', machine: 'demo-notice', workflowType: 'demoNoticeWorkflow' });
    expect(approved.body.transition.seq).toBe(2);
    expect(Date.parse(read.body.timers[0].dueAt) - Date.parse(read.body.since)).toBe(7 * 86_400_000);
  });

  it('answers a repeated Idempotency-Key with the first result and applies it once', async () => {
    const notice = newNotice();
    await http(base, 'POST', '/demo-notices', notice);
    await http(base, 'POST', `${path(notice.noticeId)}/events`, { type: 'SUBMIT' });
    await http(base, 'POST', `${path(notice.noticeId)}/events`, { type: 'APPROVE' });
    const key = { 'idempotency-key': `note-${randomUUID()}` };
    const first = await http(base, 'POST', `${path(notice.noticeId)}/events`, { type: 'NOTE', text: '一次' }, key);
    const second = await http(base, 'POST', `${path(notice.noticeId)}/events`, { type: 'NOTE', text: '一次' }, key);
    expect(second).toEqual(first);
    const read = await http(base, 'GET', path(notice.noticeId));
    expect(read.body.context.notes).toEqual(['一次']);
  });

  it('refuses a transition the stage does not allow with 409 and leaves history exactly as it was', async () => {
    const notice = newNotice();
    await http(base, 'POST', '/demo-notices', notice);
    const handle = system.api.app.get(TemporalService).client.workflow.getHandle(`demo-notice/${notice.noticeId}`);
    // A start answers before the workflow's first task has run; a read waits for it.
    await handle.query(stateQuery);
    const before = (await handle.fetchHistory()).events?.length;

    const refused = await http(base, 'POST', `${path(notice.noticeId)}/events`, { type: 'REVOKE' });
    expect(refused.status).toBe(409);
    expect(refused.body).toEqual({
      code: 'EVENT_NOT_ALLOWED_IN_STAGE',
      message: '当前阶段「草稿」不接受操作 REVOKE；您可执行的操作：SUBMIT',
      workflowId: `demo-notice/${notice.noticeId}`,
      stage: 'draft',
      event: 'REVOKE',
      allowedActions: ['SUBMIT'],
    });
    expect((await handle.fetchHistory()).events?.length).toBe(before);
    expect((await handle.query(stateQuery)).seq).toBe(0);
  });

  it('answers a workflow whose first task has not run yet with its initial state, without waiting for the worker', async () => {
    const notice = newNotice();
    const id = `demo-notice/${notice.noticeId}`;
    // A task queue no worker polls: the backlog a worker may have on deadline day.
    await system.api.app.get(TemporalService).client.workflow.start('demoNoticeWorkflow', {
      taskQueue: `nobody-polls-${randomUUID()}`,
      workflowId: id,
      args: [{ machineInput: { noticeId: id, title: notice.title, publicityDays: 7, validityDays: 365 } }],
    });
    const read = await http(base, 'GET', path(notice.noticeId));
    expect(read).toMatchObject({ status: 200, body: { stage: 'draft', stageLabel: '草稿', executionStatus: 'RUNNING', allowedEvents: ['SUBMIT'] } });
    expect(read.body.context).toMatchObject({ noticeId: id, title: notice.title });
  });

  it('names the field of malformed input with 400 and answers unknown ids with 404', async () => {
    const bad = await http(base, 'POST', '/demo-notices', { ...newNotice(), publicityDays: 0 });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.publicityDays' });
    expect(bad.body.message).toMatch(/^输入无效：body\.publicityDays：/);

    const badEvent = await http(base, 'POST', `${path('whatever')}/events`, { text: 'no type' });
    expect(badEvent).toMatchObject({ status: 400, body: { field: 'body.type' } });

    const notJson = await http(base, 'POST', '/demo-notices', '{"noticeId":', { 'content-type': 'application/json' });
    expect(notJson.status).toBe(400);

    const missing = await http(base, 'GET', path('does-not-exist'));
    expect(missing).toMatchObject({ status: 404, body: { code: 'WORKFLOW_NOT_FOUND' } });
  });

  it('records who made each state change: the token\'s user and role travel with the update', async () => {
    const notice = newNotice();
    await http(base, 'POST', '/demo-notices', notice);
    const admin = { authorization: `Bearer ${system.token('admin')}` };
    expect((await http(base, 'POST', `${path(notice.noticeId)}/events`, { type: 'SUBMIT' }, admin)).status).toBe(200);
    const handle = system.api.app.get(TemporalService).client.workflow.getHandle(`demo-notice/${notice.noticeId}`);
    const accepted = (await handle.fetchHistory()).events?.find((e) => e.workflowExecutionUpdateAcceptedEventAttributes);
    const payload = accepted?.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.input?.args?.payloads?.[0];
    const args = JSON.parse(Buffer.from(payload!.data!).toString('utf8'));
    expect(args).toMatchObject({ event: { type: 'SUBMIT' }, actor: { id: 'admin-e2e', role: 'admin' } });
  });

  it('shows an applicant its own organisation\'s workflows and answers 404 for any other', async () => {
    const notice = newNotice();
    await http(base, 'POST', '/demo-notices', notice);
    const own = await http(base, 'GET', path(notice.noticeId), undefined, { authorization: `Bearer ${system.token('applicant', notice.organisation)}` });
    expect(own).toMatchObject({ status: 200, body: { stage: 'draft' } });
    const other = await http(base, 'GET', path(notice.noticeId), undefined, { authorization: `Bearer ${system.token('applicant', 'another-org')}` });
    const unknown = await http(base, 'GET', path('no-such-notice'), undefined, { authorization: `Bearer ${system.token('applicant', 'another-org')}` });
    expect(other).toEqual({ status: 404, body: { code: 'WORKFLOW_NOT_FOUND', message: `未找到流程 demo-notice/${notice.noticeId}`, workflowId: `demo-notice/${notice.noticeId}` } });
    expect(unknown.status).toBe(404);
    expect(Object.keys(other.body)).toEqual(Object.keys(unknown.body));
    const write = await http(base, 'POST', `${path(notice.noticeId)}/events`, { type: 'SUBMIT' }, { authorization: `Bearer ${system.token('applicant', notice.organisation)}` });
    expect(write).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_ROLE' } });
  });

  it('stays up and answers 503 on /health while Temporal is unreachable', async () => {
    const closedPort = await freePort();
    const api = await startApi({ ...system.settings, address: `127.0.0.1:${closedPort}` }, 0, { authSecret: system.authSecret, records: system.records });
    try {
      const health = await http(api.url, 'GET', '/health');
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'unavailable', temporal: { state: 'unreachable' } });
      const read = await http(api.url, 'GET', path('any'));
      expect(read.status).toBe(503);
      expect((await http(api.url, 'GET', '/health')).status).toBe(503);
    } finally {
      await api.app.close();
    }
  });
});
