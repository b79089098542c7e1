/**
 * The calendar the office keeps, end to end on Temporal's time-skipping server with the real
 * worker and the HTTP API: a Benxi acceptance-list publicity (第十六条, 5 working days) starts on the
 * last days of the last year anyone has data for; its deadline waits; entering the next year through
 * `PUT /calendar/{year}` lets it continue without a restart or reset, ending on the entered 调休 day.
 * Also the API's validation and roles, and the daily watch that mails the admin once.
 *
 * Today (November 2026, chinese-days 1.5.7 ending with 2026) the publicity starts on Friday
 * 2026-12-25 and ends on Saturday 2027-01-02, the 调休 day entered; years later the same test picks
 * the same situation at the end of whatever year the data then ends with.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { connectActivityDeps, type ConnectedDeps } from '../../activities';
import { chineseDaysCalendar, enterCalendarYear, layeredCalendar, loadWorkingDayCalendar } from '../../activities/calendar/index.js';
import { signToken } from '../../api/auth/tokens';
import { startApi, type ApiServer } from '../../api/server';
import { calendarYears } from '../../db';
import type { cycleWorkflow } from '../../workflows';
import { CALENDAR_WATCH_WORKFLOW_ID } from '../../workflows/calendar-watch-workflow';
import { cycleWorkflowId, type CycleContext } from '../../workflows/machines/cycle';
import { addDays, chinaDateOf, countWorkingDays, deadlineFrom, parseIsoDate, type IsoDate, type WorkingDayCalendar } from '../../workflows/policy/index.js';
import { sendEventUpdate, stateQuery } from '../../workflows/runtime/definitions';
import type { MachineEvent, StateView } from '../../workflows/runtime/types';
import { eventually } from '../support/eventually';
import { receivedMail, servicesWithOwnDatabase, TEST_ROLES, testMailSettings, testRecordsSettings } from '../support/services';
import { http } from '../support/system';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';
import { firstWeekendDayAfterNewYear, madeUpYear, NOTICE_2026 } from './fixtures';

const taskQueue = 'calendar-deadline-test';
const ADMIN = 'admin-calendar-deadline@example.gov.cn';
const PUBLICITY = { amount: 5, unit: 'workingDays' } as const;
const china = (day: IsoDate, time = '10:00:00') => Date.parse(`${day}T${time}+08:00`);

let system: TimeSkippingWorker;
let env: TestWorkflowEnvironment;
let deps: ConnectedDeps;
let api: ApiServer;
const secret = `${randomUUID()}${randomUUID()}`;
const token = (role: 'office' | 'admin' | 'reviewer' | 'applicant') => `Bearer ${signToken({ sub: `${role}-cal`, role, ...(role === 'applicant' ? { org: 'x' } : {}) }, secret)}`;
const call = (method: string, path: string, body?: unknown, role: Parameters<typeof token>[0] | null = 'office') =>
  http(api.url, method, path, body, role ? { authorization: token(role) } : {});

beforeAll(async () => {
  const services = await servicesWithOwnDatabase('calendar_deadline');
  const activityDeps = await connectActivityDeps(testRecordsSettings(services), testMailSettings(services, { roles: { ...TEST_ROLES, admin: ADMIN } }), {
    allowExitOnIdle: true,
  });
  system = await startTimeSkippingWorker(taskQueue, activityDeps);
  ({ env, deps } = system);
  api = await startApi({ address: env.address, namespace: env.namespace ?? 'default', taskQueue, external: true }, 0, { records: deps.db, authSecret: secret });
});

afterAll(async () => {
  await api?.app.close();
  await system?.stop();
});

describe('PUT and GET /calendar', () => {
  it('every role reads; office and admin write; a wrong entry is a 400 naming the field, and nothing is stored', async () => {
    const list = await call('GET', '/calendar', undefined, 'reviewer');
    expect(list.status).toBe(200);
    expect(list.body.items.find((y: { year: number }) => y.year === 2026)).toEqual({ year: 2026, source: 'package', sourceDetail: 'chinese-days@1.5.7', notice: null });

    const year2026 = await call('GET', '/calendar/2026', undefined, 'applicant');
    expect(year2026.status).toBe(200);
    expect(year2026.body).toMatchObject({ source: 'package', holidays: NOTICE_2026.holidays, makeupWorkdays: NOTICE_2026.makeupWorkdays });
    expect((await call('GET', '/calendar/2001')).body).toMatchObject({ code: 'CALENDAR_YEAR_NOT_COVERED' });
    expect((await call('GET', '/calendar/19x9')).status).toBe(400);
    expect((await call('GET', '/calendar', undefined, null)).status).toBe(401);

    const next = chineseDaysCalendar().coverage.lastYear + 1;
    expect((await call('PUT', `/calendar/${next}`, madeUpYear(next), 'reviewer')).status).toBe(403);
    expect((await call('PUT', `/calendar/${next}`, madeUpYear(next), 'applicant')).status).toBe(403);

    const saturday = madeUpYear(next);
    saturday.makeupWorkdays[0]!.date = addDays(saturday.makeupWorkdays[0]!.date, 2);
    const refused = await call('PUT', `/calendar/${next}`, saturday, 'admin');
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ code: 'INVALID_CALENDAR', field: 'body.makeupWorkdays.0.date' });
    expect(refused.body.message).toMatch(/调休补班只能安排在周六或周日|既在元旦放假区间/);

    const shape = await call('PUT', `/calendar/${next}`, { ...madeUpYear(next), holidays: [] });
    expect(shape.body).toMatchObject({ code: 'INVALID_INPUT', field: 'body.holidays' });
    const override = await call('PUT', '/calendar/2026', NOTICE_2026);
    expect(override.status).toBe(400);
    expect(override.body).toMatchObject({ code: 'CALENDAR_OVERRIDE_REQUIRED' });
    expect(await calendarYears(deps.db)).toEqual([]);
  });
});

/** The first day from `today` on in the last covered year whose 5 working days reach into the next. */
function publicityStartDay(today: IsoDate, lastCovered: number, calendar: WorkingDayCalendar): IsoDate {
  for (let day = today > `${lastCovered}-12-01` ? today : `${lastCovered}-12-01`; day <= `${lastCovered}-12-31`; day = addDays(day, 1)) {
    if (countWorkingDays(day, `${lastCovered}-12-31`, calendar) < PUBLICITY.amount) return day;
  }
  throw new Error(`no start day left in ${lastCovered} from ${today}`);
}

describe('a working-day deadline that reaches into a year nobody has entered', () => {
  it('waits, is reported, and continues once the year is entered through the API, ending on its 调休 day', async () => {
    // Years after the package's data up to this one are entered first, as an office would have.
    const today = chinaDateOf(await env.currentTimeMs());
    let covered = chineseDaysCalendar().coverage.lastYear;
    for (; covered < parseIsoDate(today).year || today >= `${covered}-12-31`; covered++) {
      await enterCalendarYear(deps.db, covered + 1, madeUpYear(covered + 1), { id: 'office-setup', role: 'office' });
    }
    const before = await loadWorkingDayCalendar(deps.db);
    const startDay = publicityStartDay(today, covered, before);
    const entered = covered + 1;

    await env.sleep(china(startDay) - (await env.currentTimeMs()));
    const cycleId = cycleWorkflowId('benxi-draft', covered);
    const handle = await env.client.workflow.start<typeof cycleWorkflow>('cycleWorkflow', {
      taskQueue,
      workflowId: cycleId,
      args: [{ machineInput: { policyKey: 'benxi-draft', year: covered, title: `本溪市质量奖（${covered}年度）`, applicationDeadline: china(startDay, '23:00:00') } }],
    });
    const send = (event: MachineEvent) => handle.executeUpdate(sendEventUpdate, { args: [{ event, actor: { id: 'office-1', role: 'office' } }] });
    await send({ type: 'ANNOUNCE' });
    await send({ type: 'CLOSE_APPLICATIONS' });
    await send({ type: 'ADVANCE_STAGE' });
    const state = () => handle.query(stateQuery) as Promise<StateView & { context: CycleContext }>;

    // The deadline waits: the stage stays on computing, /health lists it, the admin hears once.
    const blocked = await eventually(
      () => call('GET', '/health', undefined, 'admin'),
      (res) => res.body.calendar?.warnings?.some((w: { code: string }) => w.code === 'DEADLINES_BLOCKED'),
      'the blocked deadline on /health',
    );
    expect(blocked.body.calendar.warnings).toContainEqual(
      expect.objectContaining({ code: 'DEADLINES_BLOCKED', years: [entered], count: 1, deadlines: [expect.objectContaining({ workflowId: cycleId, deadlineKey: 'acceptancePublicity' })] }),
    );
    expect((await state()).context.deadlines).toEqual({});
    await env.sleep(15 * 60_000);
    expect((await state()).context.deadlines).toEqual({});
    expect((await receivedMail()).filter((m) => m.to.includes(ADMIN) && m.subject.includes(`缺少${entered}年`))).toHaveLength(1);

    // The office enters the year; within the retry interval the deadline is computed from it.
    const put = await call('PUT', `/calendar/${entered}`, madeUpYear(entered));
    expect(put.status).toBe(201);
    expect(put.body).toMatchObject({ year: entered, revision: 1, created: true, calendar: { source: 'office', enteredBy: { id: 'office-cal', role: 'office' } } });
    expect(put.body.message).toContain('不会改变');
    expect((await call('PUT', `/calendar/${entered}`, madeUpYear(entered))).status).toBe(200);

    await env.sleep(6 * 60_000);
    const after = await eventually(state, (s) => s.context.deadlines.acceptancePublicity !== undefined, 'the computed deadline');
    const withEntry = layeredCalendar(await calendarYears(deps.db), before);
    const expected = deadlineFrom(china(startDay), PUBLICITY, withEntry);
    expect(after.context.deadlines.acceptancePublicity).toBe(expected.endsAt);
    // The 调休 day counts: the same year without it would end later.
    const makeup = firstWeekendDayAfterNewYear(entered);
    expect(expected.lastDay >= makeup).toBe(true);
    const withoutMakeup = { ...madeUpYear(entered), makeupWorkdays: [] };
    const storedWithout = (await calendarYears(deps.db)).map((y) => (y.year === entered ? { ...y, ...withoutMakeup } : y));
    expect(deadlineFrom(china(startDay), PUBLICITY, layeredCalendar(storedWithout, before)).lastDay > expected.lastDay).toBe(true);
    if (startDay === '2026-12-25') expect(expected.lastDay).toBe('2027-01-02');

    const health = await call('GET', '/health', undefined, 'admin');
    expect(health.body.calendar.warnings ?? []).not.toContainEqual(expect.objectContaining({ code: 'DEADLINES_BLOCKED' }));
  });
});

describe('the calendar watch', () => {
  it('mails the admin once while next year is missing, however many mornings it checks', async () => {
    const lastYear = (await loadWorkingDayCalendar(deps.db)).coverage.lastYear;
    // Into October of the last covered year, where next year's notice is due.
    const now = await env.currentTimeMs();
    const october = china(`${lastYear}-10-01`, '08:00:00');
    if (now < october) await env.sleep(october - now);
    const subject = `请录入${lastYear + 1}年节假日安排`;
    const mails = async () => (await receivedMail()).filter((m) => m.to.includes(ADMIN) && m.subject.includes(subject));
    expect(await mails()).toHaveLength(0);

    await env.client.workflow.start('calendarWatchWorkflow', { taskQueue, workflowId: CALENDAR_WATCH_WORKFLOW_ID, args: [] });
    await eventually(mails, (found) => found.length > 0, 'the watch reminder');
    await env.sleep(3 * 86_400_000);
    const checks = (await env.client.workflow.getHandle(CALENDAR_WATCH_WORKFLOW_ID).fetchHistory()).events!.filter((e) => e.activityTaskCompletedEventAttributes);
    expect(checks.length).toBeGreaterThanOrEqual(3);
    expect(await mails()).toHaveLength(1);
  });
});
