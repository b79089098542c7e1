/**
 * Bad input at the API's edge gets a 4xx in the usual error shape ({ code, message, field }), never
 * a 500, and reaches no workflow: bodies that are not JSON objects, too large, too deep, with
 * control characters, of another content type; methods a path does not answer.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { request } from 'node:http';
import { errorAnswer } from '../../api/edge/error-filter';
import { assertSafeInput } from '../../api/edge/input-pipe';
import { withIsoTimestamps } from '../../api/common/timestamps';
import { startApiAlone, type ApiAlone } from '../support/api-alone';

let alone: ApiAlone;
beforeAll(async () => {
  alone = await startApiAlone('bad-input-secret-0123456789-abcdefghijklmnop', 'bad-input-test');
});
afterAll(async () => {
  await alone?.stop();
});

/** fetch refuses TRACE; node:http sends any method. */
function rawRequest(method: string, path: string): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(`${alone.api.url}${path}`, { method }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body }));
    });
    req.on('error', reject);
    req.end();
  });
}

const json = { 'content-type': 'application/json' };
const cycle = { policyKey: 'ganzhou-2022', year: 2026, title: '赣州市市长质量奖', applicationDeadline: '2026-12-31T17:00:00+08:00' };

describe('bodies that are not a JSON object', () => {
  it.each([
    ['truncated JSON', '{"policyKey":'],
    ['null', 'null'],
    ['a string', '"AAA"'],
    ['a number', '42'],
  ])('%s is a 400 INVALID_INPUT naming the body', async (_name, raw) => {
    const res = await alone.call('POST', '/cycles', { token: alone.token('office'), body: raw, headers: json });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body', message: expect.stringContaining('JSON') });
  });

  it('another content type is a 415 saying the body must be JSON', async () => {
    const res = await alone.call('POST', '/cycles', { token: alone.token('office'), body: 'policyKey=ganzhou-2022', headers: { 'content-type': 'text/plain' } });
    expect(res).toMatchObject({ status: 415, body: { code: 'UNSUPPORTED_MEDIA_TYPE', message: expect.stringContaining('application/json') } });
    const form = await alone.call('POST', '/cycles', { token: alone.token('office'), body: 'a=1', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(form.status).toBe(415);
  });
});

describe('size and shape limits', () => {
  it('a 10 MB body is a 413, even without a token', async () => {
    const res = await alone.call('POST', '/cycles', { body: JSON.stringify({ ...cycle, title: 'a'.repeat(10 * 1024 * 1024) }), headers: json });
    expect(res).toMatchObject({ status: 413, body: { code: 'PAYLOAD_TOO_LARGE', message: expect.stringContaining('1 MB') } });
  });

  it('a 3 MB profile is a 413', async () => {
    const res = await alone.call('POST', '/cycles/ganzhou-2022/2026/applications', {
      token: alone.token('applicant', { org: 'org-1' }),
      body: { orgId: 'org-1', profile: { name: 'x'.repeat(3 * 1024 * 1024) } },
    });
    expect(res.status).toBe(413);
  });

  it('a body nested 20,000 levels deep is a 400 naming where it went too deep', async () => {
    const deep = `${'{"a":'.repeat(20_000)}1${'}'.repeat(20_000)}`;
    const res = await alone.call('POST', `/workflows/${encodeURIComponent('demo-notice/n-1')}/events`, { token: alone.token('office'), body: deep, headers: json });
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', message: expect.stringContaining('嵌套层数超过') });
  });
});

describe('control characters', () => {
  it('a NUL in a title is a 400 naming the field, before any workflow is started', async () => {
    const res = await alone.call('POST', '/cycles', { token: alone.token('office'), body: { ...cycle, title: '赣州\u0000质量奖' } });
    expect(res).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', field: 'body.title', message: expect.stringContaining('U+0000') } });
  });

  it('deep inside a body, in a key, and in a query parameter alike', async () => {
    const profile = await alone.call('POST', '/cycles/ganzhou-2022/2026/applications', {
      token: alone.token('applicant', { org: 'org-1' }),
      body: { orgId: 'org-1', profile: { name: 'ok', contacts: [{ name: '张\u001b三' }] } },
    });
    expect(profile.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.profile.contacts.0.name' });
    const key = await alone.call('POST', '/cycles', { token: alone.token('office'), body: { ...cycle, ['ti\u0007tle']: 'x' } });
    expect(key.status).toBe(400);
    const query = await alone.call('GET', `/notices?kind=${encodeURIComponent('a\u0000')}`);
    expect(query).toMatchObject({ status: 400, body: { code: 'INVALID_INPUT', field: 'query.kind' } });
  });

  it('line breaks and tabs stay allowed in text', () => {
    expect(() => assertSafeInput({ facts: '第一，\t……\r\n第二，……', list: ['a\nb'] }, 'body')).not.toThrow();
    expect(() => assertSafeInput({ facts: 'a\u000bb' }, 'body')).toThrow(/U\+000B/);
  });
});

describe('methods and paths', () => {
  it('TRACE, DELETE and PATCH on a known path are a 405 listing the allowed methods', async () => {
    for (const method of ['TRACE', 'DELETE', 'PATCH']) {
      const res = await rawRequest(method, '/cycles');
      expect(res.status, method).toBe(405);
      expect(res.headers.allow).toBe('GET, HEAD, POST');
      expect(JSON.parse(res.body)).toMatchObject({ code: 'METHOD_NOT_ALLOWED', allowedMethods: ['GET', 'HEAD', 'POST'] });
    }
    expect((await alone.call('DELETE', `/calendar/2027`, { token: alone.token('office') })).headers.get('allow')).toBe('GET, HEAD, PUT');
  });

  it('an unknown path is a 404 ROUTE_NOT_FOUND', async () => {
    expect(await alone.call('GET', '/nothing-here')).toMatchObject({ status: 404, body: { code: 'ROUTE_NOT_FOUND' } });
  });
});

describe('an unexpected error', () => {
  it('is a 500 that reveals nothing of the server', () => {
    const answer = errorAnswer(new Error('connect ECONNREFUSED 10.0.0.5:5432 password=secret'), { method: 'GET', path: '/x' });
    expect(answer).toEqual({ status: 500, body: { code: 'INTERNAL_ERROR', message: expect.stringMatching(/^服务器内部错误/) }, headers: {} });
  });
});

describe('Idempotency-Key', () => {
  const key = () => `k-${Math.random().toString(36).slice(2)}`;

  it('used again for another request is a 422 IDEMPOTENCY_KEY_REUSED; the same request again is not', async () => {
    const k = key();
    const office = alone.token('office');
    // Temporal is unreachable here (503), but the request was taken: its key is spent on it.
    const first = await alone.call('POST', '/cycles', { token: office, body: cycle, headers: { 'idempotency-key': k } });
    expect(first.status).toBe(503);
    const again = await alone.call('POST', '/cycles', { token: office, body: cycle, headers: { 'idempotency-key': k } });
    expect(again.status).toBe(503);
    const other = await alone.call('POST', '/cycles', { token: office, body: { ...cycle, title: '另一届' }, headers: { 'idempotency-key': k } });
    expect(other).toMatchObject({ status: 422, body: { code: 'IDEMPOTENCY_KEY_REUSED', field: 'header.idempotency-key' } });
    const otherCaller = await alone.call('POST', '/cycles', { token: alone.token('admin'), body: cycle, headers: { 'idempotency-key': k } });
    expect(otherCaller.status).toBe(422);
  });

  it('of a request refused for its input stays free for the corrected request', async () => {
    const k = key();
    const office = alone.token('office');
    const bad = await alone.call('POST', '/cycles', { token: office, body: { ...cycle, year: 'next' }, headers: { 'idempotency-key': k } });
    expect(bad.status).toBe(400);
    const fixed = await alone.call('POST', '/cycles', { token: office, body: cycle, headers: { 'idempotency-key': k } });
    expect(fixed.status).toBe(503);
  });
});

describe('instants in answers', () => {
  it('are ISO 8601, recognised by their keys; scores and counts stay numbers', () => {
    const ms = Date.parse('2026-12-31T09:00:00Z');
    expect(
      withIsoTimestamps({ applicationDeadline: ms, submittedAt: ms, deadlines: { publicity: ms }, removed: [{ at: ms, tierId: 'gold' }], totalScore: 835.6, seq: 3 }),
    ).toEqual({
      applicationDeadline: '2026-12-31T09:00:00.000Z',
      submittedAt: '2026-12-31T09:00:00.000Z',
      deadlines: { publicity: '2026-12-31T09:00:00.000Z' },
      removed: [{ at: '2026-12-31T09:00:00.000Z', tierId: 'gold' }],
      totalScore: 835.6,
      seq: 3,
    });
  });
});
