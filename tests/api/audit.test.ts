/**
 * The audit API (`GET /audit` and its shortcuts for a cycle, an application and a standing) over
 * HTTP, on the real Nest app with the run's PostgreSQL and a Temporal nobody listens on: every
 * answer here comes from the database alone (a route that touched Temporal would answer 503).
 *
 * The rows are written as the workflows write them (`recordTransitions`), under workflow ids,
 * organisations and actors unique to this run; the table is shared by the run's files, so every
 * assertion filters by them and none assumes the table is empty.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auditPageSchema } from '../../api/audit/audit.responses';
import type { Role } from '../../api/auth/roles';
import { encodeAuditCursor, recordTransitions, type AuditEntry, type TransitionRecord } from '../../db/audit';
import { applicationWorkflowId, cycleWorkflowId } from '../../workflows/machines/cycle/ids';
import { standingWorkflowId } from '../../workflows/machines/standing/types';
import { startApiAlone, type ApiAlone } from '../support/api-alone';

const secret = 'audit-test-secret-0123456789-abcdefghijklmnop';
let alone: ApiAlone;

const RUN = randomUUID().slice(0, 8);
const POLICY = 'ganzhou-2022';
const YEAR = 2071;
const ORG_A = `org-a-${RUN}`;
const ORG_B = `org-b-${RUN}`;
const OFFICE = `staff-${RUN}`;
const EXPERT = `expert-${RUN}`;
const UNIT_A = `unit-a-${RUN}`;

const CYCLE = cycleWorkflowId(POLICY, YEAR);
const APP_A = applicationWorkflowId(POLICY, YEAR, ORG_A);
const APP_B = applicationWorkflowId(POLICY, YEAR, ORG_B);
const STANDING_A = standingWorkflowId(POLICY, ORG_A);
const STANDING_B = standingWorkflowId(POLICY, ORG_B);

/** Beijing time, so the day filters are checked against China's days, not UTC's. */
const bj = (local: string) => Date.parse(`${local}+08:00`);

const office = { id: OFFICE, role: 'office' };
const expert = { id: EXPERT, role: 'reviewer' };
const unitA = { id: UNIT_A, role: 'applicant' };

const step = (seq: number, at: number, event: string, stageBefore: string, stageAfter: string, actor: TransitionRecord['actor'], extra: Partial<TransitionRecord> = {}): TransitionRecord => ({
  seq,
  at,
  event,
  stageBefore,
  stageAfter,
  actor,
  ...extra,
});

/**
 * Around the day 2071-03-02 in Beijing: its first and last instants, and the instants just outside
 * it (2071-03-01 23:59:59.999 is still 2071-03-01 in China though already 15:59 UTC of that day).
 * Several workflows share instants, so the order among equal times is exercised too.
 */
const BATCHES = [
  {
    workflowId: CYCLE,
    machine: 'cycle',
    orgId: null,
    transitions: [
      step(1, bj('2071-03-01T09:00:00.000'), 'ANNOUNCE', 'draft', 'applicationWindow', office, { updateId: `announce-${RUN}` }),
      step(2, bj('2071-03-02T00:00:00.000'), 'DEADLINE_REACHED', 'applicationWindow', 'formalReview', null, { messageId: `timer-${RUN}` }),
      step(3, bj('2071-03-03T10:00:00.000'), 'ADVANCE', 'formalReview', 'materialReview', office),
    ],
  },
  {
    workflowId: APP_A,
    machine: 'application',
    orgId: ORG_A,
    transitions: [
      step(1, bj('2071-03-01T09:00:00.000'), 'SUBMIT', 'none', 'submitted', unitA),
      step(2, bj('2071-03-01T23:59:59.999'), 'RECORD_ELIGIBILITY', 'submitted', 'eligible', office, { reason: '材料齐全' }),
      step(3, bj('2071-03-02T00:00:00.000'), 'ASSIGN_REVIEWER', 'eligible', 'eligible', office),
      step(4, bj('2071-03-02T12:00:00.000'), 'SUBMIT_SCORE', 'eligible', 'eligible', expert),
      step(5, bj('2071-03-02T23:59:59.999'), 'ADVANCE', 'eligible', 'advanced', office),
      step(6, bj('2071-03-03T00:00:00.000'), 'SUBMIT_SCORE', 'advanced', 'advanced', expert),
    ],
  },
  {
    workflowId: APP_B,
    machine: 'application',
    orgId: ORG_B,
    transitions: [
      step(1, bj('2071-03-01T09:00:00.000'), 'SUBMIT', 'none', 'submitted', { id: `unit-b-${RUN}`, role: 'applicant' }),
      step(2, bj('2071-03-02T12:00:00.000'), 'RECORD_ELIGIBILITY', 'submitted', 'eligible', office),
    ],
  },
  {
    workflowId: STANDING_A,
    machine: 'standing',
    orgId: ORG_A,
    transitions: [
      step(1, bj('2071-03-02T12:00:00.000'), 'AWARD_RECORDED', 'none', 'holding', null, { messageId: `award-${RUN}` }),
      step(2, bj('2071-03-04T08:00:00.000'), 'CONTACTS_UPDATED', 'holding', 'holding', unitA),
    ],
  },
  {
    workflowId: STANDING_B,
    machine: 'standing',
    orgId: ORG_B,
    transitions: [step(1, bj('2071-03-02T12:00:00.000'), 'AWARD_RECORDED', 'none', 'holding', null)],
  },
];

/** Newest first, equal instants by workflow id then seq, both descending: the API's order. */
const newestFirst = (a: Pick<AuditEntry, 'at' | 'workflowId' | 'seq'>, b: Pick<AuditEntry, 'at' | 'workflowId' | 'seq'>) =>
  b.at.localeCompare(a.at) || b.workflowId.localeCompare(a.workflowId) || b.seq - a.seq;

interface Expected {
  workflowId: string;
  seq: number;
  at: string;
  event: string;
  actor: { id: string; role: string } | null;
  orgId: string | null;
}
const EXPECTED: Expected[] = BATCHES.flatMap((batch) =>
  batch.transitions.map((t) => ({ workflowId: batch.workflowId, seq: t.seq, at: new Date(t.at).toISOString(), event: t.event, actor: t.actor ?? null, orgId: batch.orgId })),
).sort(newestFirst);
const expected = (keep: (e: Expected) => boolean) => EXPECTED.filter(keep).map(key);

/** What identifies an entry: its workflow and seq (this run's chains are the only ones under these ids, except the cycle's). */
const key = (e: Pick<AuditEntry, 'workflowId' | 'seq'>) => `${e.workflowId}#${e.seq}`;
const mine = new Set(EXPECTED.map(key));

type Caller = Exclude<Role, 'applicant'> | `applicant:${string}`;
const tokenOf = (who: Caller) => {
  const [role, org] = who.split(':') as [Role, string | undefined];
  return alone.token(role, org ? { org } : {});
};
const get = (who: Caller, path: string) => alone.call('GET', path, { token: tokenOf(who) });
const qs = (params: Record<string, string | number | undefined>) => {
  const pairs = Object.entries(params).filter((pair): pair is [string, string | number] => pair[1] !== undefined);
  return pairs.length === 0 ? '' : `?${pairs.map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&')}`;
};

/** Every page, following `next`; each page is checked against the documented response schema. */
async function everything(who: Caller, path: string, params: Record<string, string | number | undefined> = {}) {
  const items: AuditEntry[] = [];
  const pages: AuditEntry[][] = [];
  let cursor: string | undefined;
  for (let page = 0; page < 100; page++) {
    const res = await get(who, `${path}${qs({ ...params, cursor })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(auditPageSchema.parse(res.body)).toEqual(res.body);
    items.push(...res.body.items);
    pages.push(res.body.items);
    if (res.body.next === null) return { items, pages };
    cursor = res.body.next;
  }
  throw new Error(`${path}: more than 100 pages`);
}
const keys = (items: AuditEntry[]) => items.map(key);
const ofMine = (items: AuditEntry[]) => keys(items).filter((k) => mine.has(k));

const paths = {
  cycle: `/cycles/${POLICY}/${YEAR}/audit`,
  application: (orgId: string) => `/applications/${POLICY}/${YEAR}/${orgId}/audit`,
  standing: (orgId: string) => `/organisations/${POLICY}/${orgId}/audit`,
};

beforeAll(async () => {
  alone = await startApiAlone(secret, 'audit-test');
  for (const batch of BATCHES) {
    const written = await recordTransitions(alone.records, { ...batch, chainId: `chain-${RUN}`, policyKey: POLICY });
    expect(written).toBe(batch.transitions.length);
  }
});

afterAll(async () => {
  await alone?.stop();
});

describe('GET /audit for staff', () => {
  it('answers an entry as the workflow wrote it, in the documented shape', async () => {
    const res = await get('office', `/audit${qs({ workflowId: APP_A, limit: 200 })}`);
    expect(res.status, JSON.stringify(res.body)).toBe(200);
    expect(auditPageSchema.parse(res.body)).toEqual(res.body);
    expect(res.body.items.find((e: AuditEntry) => e.seq === 2)).toMatchObject({
      workflowId: APP_A,
      machine: 'application',
      seq: 2,
      event: 'RECORD_ELIGIBILITY',
      stageBefore: 'submitted',
      stageAfter: 'eligible',
      actor: office,
      at: '2071-03-01T15:59:59.999Z',
      reason: '材料齐全',
      updateId: null,
      messageId: null,
      policyKey: POLICY,
      orgId: ORG_A,
    });
    expect(res.body.items.find((e: AuditEntry) => e.seq === 1).actor).toEqual(unitA);
  });

  it('lists newest first, and paging through `next` yields every entry exactly once, in order', async () => {
    for (const limit of [1, 2, 3, 200]) {
      const { items, pages } = await everything('office', '/audit', { actor: OFFICE, limit });
      expect(keys(items), `limit ${limit}`).toEqual(expected((e) => e.actor?.id === OFFICE));
      expect(new Set(keys(items)).size).toBe(items.length);
      expect(pages.every((page) => page.length <= limit)).toBe(true);
      // A page is full unless it is the last one.
      expect(pages.slice(0, -1).every((page) => page.length === limit)).toBe(true);
    }
    // Equal instants across workflows (2071-03-02 12:00 in four of them) keep one order and lose none.
    const { items } = await everything('admin', '/audit', { from: '2071-03-02T12:00:00+08:00', to: '2071-03-02T12:00:00+08:00', limit: 1 });
    expect(ofMine(items)).toEqual(expected((e) => e.at === new Date(bj('2071-03-02T12:00:00.000')).toISOString()));
    expect(ofMine(items)).toHaveLength(4);
    expect([...items].sort(newestFirst)).toEqual(items);
  });

  it('defaults to 50 a page', async () => {
    const res = await get('office', '/audit');
    expect(res.status).toBe(200);
    expect(res.body.items.length).toBeLessThanOrEqual(50);
    expect([...res.body.items].sort(newestFirst)).toEqual(res.body.items);
  });

  it('filters by workflow', async () => {
    for (const workflowId of [APP_A, STANDING_A, APP_B]) {
      const { items } = await everything('office', '/audit', { workflowId, limit: 2 });
      expect(keys(items)).toEqual(expected((e) => e.workflowId === workflowId));
      expect(items.every((e) => e.workflowId === workflowId)).toBe(true);
    }
    const none = await get('office', `/audit${qs({ workflowId: `application/${POLICY}/${YEAR}/nobody-${RUN}` })}`);
    expect(none.body).toEqual({ items: [], next: null });
  });

  it('filters by actor, combined with the workflow', async () => {
    const { items } = await everything('office', '/audit', { actor: EXPERT });
    expect(keys(items)).toEqual(expected((e) => e.actor?.id === EXPERT));
    expect(keys(items)).toEqual([`${APP_A}#6`, `${APP_A}#4`]);
    const both = await everything('office', '/audit', { actor: UNIT_A, workflowId: STANDING_A });
    expect(keys(both.items)).toEqual([`${STANDING_A}#2`]);
  });

  it('filters by time: ISO instants inclusive at both ends', async () => {
    const { items } = await everything('office', '/audit', { workflowId: APP_A, from: '2071-03-02T00:00:00+08:00', to: '2071-03-02T12:00:00+08:00' });
    expect(keys(items)).toEqual([`${APP_A}#4`, `${APP_A}#3`]);
    const utc = await everything('office', '/audit', { workflowId: APP_A, from: '2071-03-01T15:59:59.999Z', to: '2071-03-01T16:00:00Z' });
    expect(keys(utc.items)).toEqual([`${APP_A}#3`, `${APP_A}#2`]);
  });

  it('filters by day in Beijing time: from its first instant to its last', async () => {
    const day = await everything('office', '/audit', { workflowId: APP_A, from: '2071-03-02', to: '2071-03-02' });
    // 2071-03-01 23:59:59.999 and 2071-03-03 00:00 (Beijing) are outside the day; its first and last instants are in.
    expect(keys(day.items)).toEqual([`${APP_A}#5`, `${APP_A}#4`, `${APP_A}#3`]);
    const from = await everything('office', '/audit', { workflowId: APP_A, from: '2071-03-03' });
    expect(keys(from.items)).toEqual([`${APP_A}#6`]);
    const to = await everything('office', '/audit', { workflowId: APP_A, to: '2071-03-01' });
    expect(keys(to.items)).toEqual([`${APP_A}#2`, `${APP_A}#1`]);
    const mixed = await everything('office', '/audit', { actor: OFFICE, from: '2071-03-02', to: '2071-03-03T10:00:00+08:00' });
    expect(keys(mixed.items)).toEqual(expected((e) => e.actor?.id === OFFICE && e.at >= '2071-03-01T16:00:00.000Z' && e.at <= '2071-03-03T02:00:00.000Z'));
  });
});

describe('shortcuts', () => {
  it('answer exactly what the filtered /audit answers, for a cycle, an application and a standing', async () => {
    const pairs: Array<[string, string]> = [
      [paths.cycle, CYCLE],
      [paths.application(ORG_A), APP_A],
      [paths.standing(ORG_A), STANDING_A],
    ];
    for (const who of ['office', 'admin'] as const) {
      for (const [shortcut, workflowId] of pairs) {
        const viaShortcut = await everything(who, shortcut, { limit: 2 });
        const viaFilter = await everything(who, '/audit', { workflowId, limit: 2 });
        expect(viaShortcut.items, shortcut).toEqual(viaFilter.items);
        expect(ofMine(viaShortcut.items), shortcut).toEqual(expected((e) => e.workflowId === workflowId));
        // The same filters apply.
        const filtered = await get(who, `${shortcut}${qs({ actor: OFFICE, from: '2071-03-02', to: '2071-03-03', limit: 200 })}`);
        const same = await get(who, `/audit${qs({ workflowId, actor: OFFICE, from: '2071-03-02', to: '2071-03-03', limit: 200 })}`);
        expect(filtered.status).toBe(200);
        expect(filtered.body).toEqual(same.body);
      }
    }
  });

  it('take no workflowId of their own', async () => {
    const res = await get('office', `${paths.cycle}?workflowId=${encodeURIComponent(APP_A)}`);
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ code: 'INVALID_INPUT', field: 'query.workflowId' });
  });
});

describe('applicants', () => {
  const applicantA = `applicant:${ORG_A}` as const;

  it('see their own organisation only: its application and standing, never a cycle nor another organisation', async () => {
    const { items } = await everything(applicantA, '/audit', { limit: 3 });
    expect(keys(items)).toEqual(expected((e) => e.orgId === ORG_A));
    expect(items.every((e) => e.orgId === ORG_A)).toBe(true);
    // Asking for another organisation's workflow, or a cycle, is filtered to nothing, silently.
    for (const workflowId of [APP_B, STANDING_B, CYCLE]) {
      const res = await get(applicantA, `/audit${qs({ workflowId })}`);
      expect(res.status, workflowId).toBe(200);
      expect(res.body, workflowId).toEqual({ items: [], next: null });
    }
    // The other filters still narrow.
    const own = await everything(applicantA, '/audit', { actor: OFFICE, from: '2071-03-02' });
    expect(keys(own.items)).toEqual(expected((e) => e.orgId === ORG_A && e.actor?.id === OFFICE && e.at >= '2071-03-01T16:00:00.000Z'));
  });

  it('read their own application and standing through the shortcuts', async () => {
    const application = await everything(applicantA, paths.application(ORG_A));
    expect(keys(application.items)).toEqual(expected((e) => e.workflowId === APP_A));
    const standing = await everything(applicantA, paths.standing(ORG_A));
    expect(keys(standing.items)).toEqual(expected((e) => e.workflowId === STANDING_A));
  });

  it('are admitted to a cycle’s trail as to the cycle’s view, but see none of it (a cycle’s entries belong to no organisation)', async () => {
    const res = await get(applicantA, `${paths.cycle}?limit=200`);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ items: [], next: null });
  });

  it('get 404 WORKFLOW_NOT_FOUND for another organisation’s application or standing, as the routes of those workflows answer', async () => {
    for (const [path, workflowId] of [
      [paths.application(ORG_B), APP_B],
      [paths.standing(ORG_B), STANDING_B],
    ]) {
      const res = await get(applicantA, path!);
      expect(res.status, path).toBe(404);
      expect(res.body, path).toMatchObject({ code: 'WORKFLOW_NOT_FOUND', workflowId });
      expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
    }
  });
});

describe('refusals', () => {
  const routes = ['/audit', paths.cycle, paths.application(ORG_A), paths.standing(ORG_A)];

  it('refuse reviewers and the committee with 403 FORBIDDEN_ROLE, naming who may', async () => {
    for (const role of ['reviewer', 'committee'] as const) {
      for (const path of routes) {
        const res = await get(role, path);
        expect(res.status, `${role} ${path}`).toBe(403);
        expect(res.body).toMatchObject({ code: 'FORBIDDEN_ROLE', role, requiredRoles: ['office', 'admin', 'applicant'] });
        expect(res.body.message).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });

  it('refuse a request without a token with 401', async () => {
    for (const path of routes) expect((await alone.call('GET', path)).status, path).toBe(401);
  });

  it('answer 400 INVALID_INPUT naming the parameter, in Chinese, for bad query values', async () => {
    const forged = Buffer.from(JSON.stringify({ at: 'not a time', workflowId: APP_A, seq: 1 })).toString('base64url');
    const farOff = encodeAuditCursor({ at: '+275760-09-13T00:00:00.000Z', workflowId: APP_A, seq: 1 });
    const hugeSeq = Buffer.from(JSON.stringify({ at: '2071-03-02T00:00:00.000Z', workflowId: APP_A, seq: 2 ** 40 })).toString('base64url');
    const nul = encodeAuditCursor({ at: '2071-03-02T00:00:00.000Z', workflowId: 'a\u0000b', seq: 1 });
    const cases: Array<[Record<string, string>, string]> = [
      [{ from: 'yesterday' }, 'query.from'],
      [{ from: '2071-02-30' }, 'query.from'],
      [{ to: '2071-03-02T25:00:00+08:00' }, 'query.to'],
      [{ to: '2071-03-02T10:00:00' }, 'query.to'],
      [{ from: '0001-01-01' }, 'query.from'],
      [{ from: '2071-03-03', to: '2071-03-02' }, 'query.to'],
      [{ limit: '0' }, 'query.limit'],
      [{ limit: '201' }, 'query.limit'],
      [{ limit: '1.5' }, 'query.limit'],
      [{ limit: 'many' }, 'query.limit'],
      [{ cursor: 'not-a-cursor' }, 'query.cursor'],
      [{ cursor: forged }, 'query.cursor'],
      [{ cursor: farOff }, 'query.cursor'],
      [{ cursor: hugeSeq }, 'query.cursor'],
      [{ cursor: nul }, 'query.cursor'],
      [{ workflowId: '' }, 'query.workflowId'],
      [{ actor: '' }, 'query.actor'],
      [{ org: ORG_A }, 'query.org'],
    ];
    for (const [params, field] of cases) {
      for (const path of field === 'query.workflowId' ? ['/audit'] : ['/audit', paths.application(ORG_A)]) {
        const res = await get('office', `${path}${qs(params)}`);
        expect(res.status, `${path} ${JSON.stringify(params)}: ${JSON.stringify(res.body)}`).toBe(400);
        expect(res.body).toMatchObject({ code: 'INVALID_INPUT', field });
        expect(res.body.message, JSON.stringify(params)).toMatch(/^输入无效：.*[\u4e00-\u9fff]/);
      }
    }
    const cursor = await get('office', `/audit?cursor=not-a-cursor`);
    expect(cursor.body.message).toContain('分页游标无效');
    const limit = await get('office', `/audit?limit=0`);
    expect(limit.body.message).toContain('每页条数须为 1 至 200');
  });

  it('answer 400 for bad path parameters of the shortcuts', async () => {
    expect((await get('office', `/cycles/nowhere/${YEAR}/audit`)).body).toMatchObject({ code: 'INVALID_INPUT', field: 'param.policyKey' });
    expect((await get('office', `/cycles/${POLICY}/71/audit`)).body).toMatchObject({ code: 'INVALID_INPUT', field: 'param.year' });
    expect((await get('office', `/organisations/${POLICY}/${encodeURIComponent('a b')}/audit`)).body).toMatchObject({ code: 'INVALID_INPUT', field: 'param.orgId' });
  });
});

describe('OpenAPI', () => {
  it('documents the four routes with their roles, query parameters and an example answer', async () => {
    const doc = (await alone.call('GET', '/docs-json')).body;
    const ops = {
      '/audit': ['workflowId', 'actor', 'from', 'to', 'limit', 'cursor'],
      '/cycles/{policyKey}/{year}/audit': ['policyKey', 'year', 'actor', 'from', 'to', 'limit', 'cursor'],
      '/applications/{policyKey}/{year}/{orgId}/audit': ['policyKey', 'year', 'orgId', 'actor', 'from', 'to', 'limit', 'cursor'],
      '/organisations/{policyKey}/{orgId}/audit': ['policyKey', 'orgId', 'actor', 'from', 'to', 'limit', 'cursor'],
    };
    for (const [path, parameters] of Object.entries(ops)) {
      const op = doc.paths[path]?.get;
      expect(op, path).toBeDefined();
      expect(op['x-roles']).toEqual(['office', 'admin', 'applicant']);
      expect(op.summary).toMatch(/[\u4e00-\u9fff]/);
      expect(op.parameters.map((p: { name: string }) => p.name).sort()).toEqual([...parameters].sort());
      expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['200', '400', '401', '403']));
      const body = op.responses['200'].content['application/json'].schema;
      expect(body.examples?.[0]?.items?.[0]).toMatchObject({ workflowId: expect.any(String), event: expect.any(String) });
      expect(auditPageSchema.parse(body.examples[0])).toEqual(body.examples[0]);
    }
  });
});
