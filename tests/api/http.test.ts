/**
 * The real Nest app over HTTP, pointed at a Temporal address nobody listens on: authentication and
 * role checks answer before Temporal is touched, /health and the docs stay public.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { signToken } from '../../api/auth/tokens';
import { startApiAlone, type ApiAlone } from '../support/api-alone';

const secret = 'http-test-secret-0123456789-abcdefghijklmnop';
let alone: ApiAlone;

beforeAll(async () => {
  alone = await startApiAlone(secret, 'auth-test');
});

afterAll(async () => {
  await alone?.stop();
});

const token = (role: Role, extra: { org?: string; expiresInSeconds?: number; now?: number } = {}) => alone.token(role, extra);
const call: ApiAlone['call'] = (...args) => alone.call(...args);

const notice = { noticeId: 'n-1', title: '示例', publicityDays: 7, validityDays: 365 };
const events = `/workflows/${encodeURIComponent('demo-notice/n-1')}/events`;

describe('authentication', () => {
  it('keeps /health public (503 here, since Temporal is unreachable) and needs no token', async () => {
    const health = await call('GET', '/health');
    expect(health.status).toBe(503);
    expect(health.body).toEqual({ status: 'unavailable', temporal: { state: 'unreachable' }, calendar: { state: expect.any(String) } });
    // Where Temporal runs and why it fails are for staff only; a bad token is just no token here.
    expect((await call('GET', '/health', { token: 'garbage' })).body.temporal).toEqual({ state: 'unreachable' });
    expect((await call('GET', '/health', { token: token('applicant', { org: 'org-1' }) })).body.temporal).toEqual({ state: 'unreachable' });
    const staff = await call('GET', '/health', { token: token('admin') });
    expect(staff.status).toBe(503);
    expect(staff.body.temporal).toMatchObject({ state: 'unreachable', address: expect.stringMatching(/^127\.0\.0\.1:\d+$/), error: expect.any(String) });
    expect(staff.body.calendar).toHaveProperty('warnings');
  });

  it('answers 401 UNAUTHENTICATED without a token, before validating input', async () => {
    for (const [method, path, body] of [
      ['GET', '/workflows/demo-notice%2Fn-1', undefined],
      ['POST', events, { type: 'SUBMIT' }],
      ['POST', '/demo-notices', notice],
      ['POST', '/demo-notices', { malformed: true }],
    ] as const) {
      const res = await call(method, path, { body });
      expect(res.status, `${method} ${path}`).toBe(401);
      expect(res.body).toEqual({ code: 'UNAUTHENTICATED', message: '需要登录：请在 Authorization 头中提供 Bearer 令牌' });
      expect(res.headers.get('www-authenticate')).toBe('Bearer');
    }
    const basic = await call('GET', '/workflows/demo-notice%2Fn-1', { headers: { authorization: 'Basic dXNlcjpwYXNz' } });
    expect(basic.body.code).toBe('UNAUTHENTICATED');
  });

  it('answers 401 with distinct codes for an expired, a forged and a garbled token', async () => {
    const expired = token('office', { now: Date.now() - 7_200_000, expiresInSeconds: 3600 });
    const res = await call('POST', '/demo-notices', { token: expired, body: notice });
    expect(res).toMatchObject({ status: 401, body: { code: 'TOKEN_EXPIRED' } });
    expect(res.body.message).toMatch(/过期/);

    const forged = signToken({ sub: 'x', role: 'admin' }, 'some-other-secret-0123456789-abcdefghijk');
    expect(await call('POST', '/demo-notices', { token: forged, body: notice })).toMatchObject({ status: 401, body: { code: 'TOKEN_BAD_SIGNATURE' } });
    expect(await call('POST', '/demo-notices', { token: 'garbage', body: notice })).toMatchObject({ status: 401, body: { code: 'TOKEN_INVALID' } });
  });
});

describe('role checks', () => {
  it('refuses roles a route does not name with 403 FORBIDDEN_ROLE and the roles it needs', async () => {
    for (const role of ['reviewer', 'committee'] as const) {
      const res = await call('POST', '/demo-notices', { token: token(role), body: notice });
      expect(res.status).toBe(403);
      expect(res.body).toEqual({ code: 'FORBIDDEN_ROLE', message: `角色 ${role} 无权执行此操作`, role, requiredRoles: ['office', 'admin'] });
    }
    const applicant = await call('POST', events, { token: token('applicant', { org: 'org-1' }), body: { type: 'SUBMIT' } });
    expect(applicant).toMatchObject({ status: 403, body: { code: 'FORBIDDEN_ROLE', requiredRoles: ['office', 'committee', 'reviewer', 'admin'] } });
  });

  it('lets allowed roles through to validation and Temporal (400 on bad input, 503 with Temporal down)', async () => {
    const bad = await call('POST', '/demo-notices', { token: token('office'), body: { ...notice, publicityDays: 0 } });
    expect(bad).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', field: 'body.publicityDays' } });
    const badKey = await call('POST', events, { token: token('reviewer'), body: { type: 'SUBMIT' }, headers: { 'idempotency-key': 'has space' } });
    expect(badKey).toMatchObject({ status: 400, body: { field: 'header.idempotency-key' } });
    for (const role of ['reviewer', 'applicant'] as const) {
      const read = await call('GET', '/workflows/demo-notice%2Fn-1', { token: token(role, { org: 'org-1' }) });
      expect(read.status, role).toBe(503);
    }
  }, 60_000);
});

describe('OpenAPI', () => {
  it('serves an OpenAPI 3.1 document at /docs-json listing every route with its roles', async () => {
    const res = await call('GET', '/docs-json');
    expect(res.status).toBe(200);
    const doc = res.body;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.components.securitySchemes.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
    expect(doc.components.schemas.ErrorBody).toMatchObject({ type: 'object', required: ['code', 'message'] });
    const routes = Object.entries<Record<string, any>>(doc.paths).flatMap(([path, ops]) =>
      Object.entries<any>(ops).map(([method, op]) => ({ route: `${method.toUpperCase()} ${path}`, roles: op['x-roles'], public: op['x-public'], op })),
    );
    // Every route Express actually serves is in the document, and nothing else.
    const express = alone.api.app.getHttpAdapter().getInstance();
    const mounted = ((express.router ?? express._router).stack as Array<{ route?: { path: string; methods: Record<string, boolean> } }>)
      .filter((layer) => layer.route)
      .flatMap(({ route }) => Object.keys(route!.methods).map((m) => `${m.toUpperCase()} ${route!.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`));
    expect(routes.map((r) => r.route).sort()).toEqual([...new Set(mounted)].sort());
    expect(Object.fromEntries(routes.map((r) => [r.route, r.public ? 'public' : r.roles]))).toMatchObject({
      'GET /health': 'public',
      'GET /docs': 'public',
      'GET /docs-json': 'public',
      'POST /demo-notices': ['office', 'admin'],
      'GET /workflows/{workflowId}': ['office', 'reviewer', 'committee', 'admin', 'applicant'],
      'POST /workflows/{workflowId}/events': ['office', 'committee', 'reviewer', 'admin'],
    });
    for (const { route, op } of routes) {
      expect(op.summary, route).toMatch(/[\u4e00-\u9fff]/);
      if (op['x-public']) expect(op.security, route).toEqual([]);
      else expect(op.responses['401'], route).toBeDefined();
    }
    const create = doc.paths['/demo-notices'].post;
    expect(create.requestBody.content['application/json'].schema).toMatchObject({
      type: 'object',
      additionalProperties: false,
      required: expect.arrayContaining(['noticeId', 'title', 'publicityDays', 'validityDays']),
      properties: { publicityDays: { type: 'integer', minimum: 1, maximum: 60 } },
    });
    expect(create.responses['403'].content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ErrorBody' });
    const send = doc.paths['/workflows/{workflowId}/events'].post;
    expect(send.parameters).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ name: 'workflowId', in: 'path', required: true }),
        expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: false }),
      ]),
    );
    expect(Object.keys(send.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403', '404', '409', '503']));
  });

  it('serves a readable HTML page at /docs without a token', async () => {
    const res = await call('GET', '/docs');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    expect(res.body).toMatch(/^<!doctype html>/);
    expect(res.body).toContain('接口一览');
    expect(res.body).toContain('/workflows/{workflowId}/events');
    expect(res.body).toContain('office、admin');
  });
});
