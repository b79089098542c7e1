/**
 * The records database on the run's real PostgreSQL: migrations, notices stored once per key and
 * listed with filters, and publishNotice as the worker runs it.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { createActivities, type ConnectedDeps } from '../../activities';
import { insertNoticeIfAbsent, listNotices, migrate, MIGRATIONS, type NewNotice } from '../../db';
import type { EffectInput } from '../../workflows/runtime/types';
import { testActivityDeps } from '../support/services';

let deps: ConnectedDeps;

beforeAll(async () => {
  deps = await testActivityDeps();
});

afterAll(async () => {
  await deps?.close();
});

function effectInput<T>(type: string, params: T, workflowId = `test/${randomUUID()}`): EffectInput<T> {
  return { type, params, idempotencyKey: `${workflowId}/3.0/${type}`, seq: 3, workflowId, machine: 'test', stage: 'publicity', at: '2025-10-09T02:00:00.000Z' };
}

function notice(overrides: Partial<NewNotice> = {}): NewNotice {
  return {
    idempotencyKey: `key/${randomUUID()}`,
    workflowId: 'cycle/ganzhou-2022/2025',
    jurisdiction: 'ganzhou-2022',
    cycle: '2025',
    kind: 'announcement',
    title: '2025年度赣州市市长质量奖评选申报公告',
    body: '现启动评选申报工作。',
    publishedAt: new Date('2025-03-01T01:00:00Z'),
    ...overrides,
  };
}

describe('migrations', () => {
  it('apply once and change nothing when run again', async () => {
    // The connection already migrated; a second and a third run find nothing to do.
    expect(await migrate(deps.db)).toEqual([]);
    expect(await migrate(deps.db)).toEqual([]);
    const recorded = await deps.db.query<{ id: string }>('SELECT id FROM schema_migrations ORDER BY id');
    expect(recorded.map((row) => row.id)).toEqual(MIGRATIONS.map((m) => m.id));
  });

  it('run concurrently without applying anything twice', async () => {
    const results = await Promise.all([migrate(deps.db), migrate(deps.db), migrate(deps.db)]);
    expect(results).toEqual([[], [], []]);
  });
});

describe('notices repository', () => {
  it('inserts once per idempotency key and returns the stored row to a second insert', async () => {
    const first = await insertNoticeIfAbsent(deps.db, notice({ idempotencyKey: 'dup/1' + randomUUID() }));
    expect(first.created).toBe(true);
    const second = await insertNoticeIfAbsent(deps.db, { ...notice(), idempotencyKey: first.notice.idempotencyKey, title: '改过的标题' });
    expect(second.created).toBe(false);
    expect(second.notice).toEqual(first.notice);
    expect(second.notice.title).toBe('2025年度赣州市市长质量奖评选申报公告');
  });

  it('lists by jurisdiction, cycle, kind and workflow, newest first, with paging', async () => {
    const jurisdiction = `test-${randomUUID()}`;
    const at = (day: number) => new Date(Date.UTC(2025, 5, day));
    await insertNoticeIfAbsent(deps.db, notice({ jurisdiction, cycle: '2024', kind: 'results', workflowId: `cycle/${jurisdiction}/2024`, publishedAt: at(1) }));
    await insertNoticeIfAbsent(deps.db, notice({ jurisdiction, cycle: '2025', kind: 'announcement', workflowId: `cycle/${jurisdiction}/2025`, publishedAt: at(2) }));
    await insertNoticeIfAbsent(deps.db, notice({ jurisdiction, cycle: '2025', kind: 'acceptanceList', workflowId: `cycle/${jurisdiction}/2025`, publishedAt: at(3) }));
    await insertNoticeIfAbsent(deps.db, notice({ jurisdiction, cycle: '2025', kind: 'proposedWinners', workflowId: `cycle/${jurisdiction}/2025`, publishedAt: at(4) }));
    await insertNoticeIfAbsent(deps.db, notice({ jurisdiction: `${jurisdiction}-other`, cycle: '2025', kind: 'announcement', publishedAt: at(5) }));

    const all = await listNotices(deps.db, { jurisdiction });
    expect(all.total).toBe(4);
    expect(all.items.map((n) => n.kind)).toEqual(['proposedWinners', 'acceptanceList', 'announcement', 'results']);

    const cycle2025 = await listNotices(deps.db, { jurisdiction, cycle: '2025' });
    expect(cycle2025.items.map((n) => n.kind)).toEqual(['proposedWinners', 'acceptanceList', 'announcement']);

    expect((await listNotices(deps.db, { jurisdiction, kind: 'results' })).items.map((n) => n.cycle)).toEqual(['2024']);
    expect((await listNotices(deps.db, { workflowId: `cycle/${jurisdiction}/2024` })).total).toBe(1);

    const page2 = await listNotices(deps.db, { jurisdiction, limit: 2, offset: 2 });
    expect(page2).toMatchObject({ total: 4, limit: 2, offset: 2 });
    expect(page2.items.map((n) => n.kind)).toEqual(['announcement', 'results']);
    const beyond = await listNotices(deps.db, { jurisdiction, limit: 2, offset: 10 });
    expect(beyond).toMatchObject({ items: [], total: 4 });
    expect((await listNotices(deps.db, { jurisdiction, limit: 10_000 })).limit).toBe(200);
  });
});

describe('publishNotice', () => {
  it('stores one row when run twice with one key (the demo machine’s params)', async () => {
    const { publishNotice } = createActivities(deps);
    const input = effectInput('publishNotice', { noticeId: 'n-1', kind: 'publicity' as const, title: '示例公示' });
    await publishNotice(input);
    await publishNotice(input);
    const rows = await deps.db.query('SELECT * FROM notices WHERE idempotency_key = $1', [input.idempotencyKey]);
    expect(rows).toHaveLength(1);
    const [listed] = (await listNotices(deps.db, { workflowId: input.workflowId })).items;
    expect(listed).toMatchObject({
      kind: 'publicity',
      title: '示例公示',
      jurisdiction: null,
      publishedAt: new Date(input.at),
      payload: { noticeId: 'n-1', sourceWorkflowId: input.workflowId },
    });
    expect(listed!.body).toContain('现予公示');
  });

  it('gives up at once (non-retryable) on data PostgreSQL can never store, so later effects are not blocked', async () => {
    const { publishNotice } = createActivities(deps);
    const input = effectInput('publishNotice', { noticeId: 'n-nul', kind: 'publicity' as const, title: '含\u0000的标题' });
    const error = await publishNotice(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApplicationFailure);
    expect(error).toMatchObject({ nonRetryable: true, type: 'InvalidRecordData', message: expect.stringContaining('SQLSTATE 22021') });
  });

  it('files an award machine’s notice under its cycle, jurisdiction and year', async () => {
    const { publishNotice } = createActivities(deps);
    const year = String(3000 + Math.floor(Math.random() * 1000));
    const cycleWorkflowId = `cycle/ganzhou-2022/${year}`;
    const input = effectInput(
      'publishNotice',
      { kind: 'proposedWinners', title: `${year}年度赣州市市长质量奖拟奖名单公示`, body: '经评审，拟奖名单如下：……', cycleWorkflowId, jurisdiction: 'ganzhou-2022', cycle: year },
      `application/ganzhou-2022/${year}/org-1`,
    );
    await publishNotice(input);
    const page = await listNotices(deps.db, { jurisdiction: 'ganzhou-2022', cycle: year });
    expect(page.items).toHaveLength(1);
    expect(page.items[0]).toMatchObject({ workflowId: cycleWorkflowId, kind: 'proposedWinners', body: '经评审，拟奖名单如下：……' });
    expect(page.items[0]!.payload.sourceWorkflowId).toBe(input.workflowId);
  });
});
