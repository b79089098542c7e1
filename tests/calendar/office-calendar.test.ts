/**
 * The office's calendar years on a real PostgreSQL (a database of this file's own): storing and
 * revising a year, what is refused and stays unstored, and a deadline that waits for a year nobody
 * has entered: recorded, reported once to the admin, and computed as soon as the year is there.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ApplicationFailure } from '@temporalio/common';
import { connectActivityDeps, type ConnectedDeps } from '../../activities';
import {
  CalendarEntryRefused,
  calendarStatus,
  calendarYearView,
  coveredYears,
  enterCalendarYear,
  remindAdminOfCalendar,
  type CalendarYearContent,
} from '../../activities/calendar/index.js';
import { createDeadlineActivities } from '../../activities/deadlines';
import { calendarYear } from '../../db';
import type { EffectInput } from '../../workflows/runtime/types';
import { receivedMail, servicesWithOwnDatabase, TEST_ROLES, testMailSettings, testRecordsSettings } from '../support/services';
import { madeUpYear, NOTICE_2026 } from './fixtures';

const office = { id: 'office-1', role: 'office' };

async function depsOnOwnDatabase(name: string, admin: string): Promise<ConnectedDeps> {
  const services = await servicesWithOwnDatabase(name);
  return connectActivityDeps(testRecordsSettings(services), testMailSettings(services, { roles: { ...TEST_ROLES, admin } }), { allowExitOnIdle: true });
}

async function refusal(work: Promise<unknown>): Promise<CalendarEntryRefused['refusal']> {
  const error = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(CalendarEntryRefused);
  return (error as CalendarEntryRefused).refusal;
}

describe('entering calendar years', () => {
  let deps: ConnectedDeps;
  beforeAll(async () => {
    deps = await depsOnOwnDatabase('calendar_entries', 'admin-entries@example.gov.cn');
  });
  afterAll(async () => {
    await deps?.close();
  });

  it('a new year is stored with its notice and who entered it; the same content again adds nothing', async () => {
    const first = await enterCalendarYear(deps.db, 2027, madeUpYear(2027), office);
    expect(first).toMatchObject({ year: 2027, revision: 1, created: true, replacesPackage: false });
    expect(first.message).toContain('已算出的期限记录在各流程历史中，不会改变');
    expect(await enterCalendarYear(deps.db, 2027, madeUpYear(2027), { id: 'office-2', role: 'office' })).toMatchObject({ revision: 1, created: false });

    const corrected = madeUpYear(2027);
    corrected.holidays[6]!.to = '2027-10-06';
    expect(await enterCalendarYear(deps.db, 2027, corrected, { id: 'admin-1', role: 'admin' })).toMatchObject({ revision: 2, created: true });

    const view = await calendarYearView(deps.db, 2027);
    expect(view).toMatchObject({
      year: 2027,
      source: 'office',
      sourceDetail: 'office:2027r2',
      revision: 2,
      notice: madeUpYear(2027).notice,
      enteredBy: { id: 'admin-1', role: 'admin' },
      overridesPackage: false,
    });
    expect(view!.days).toContainEqual({ date: '2027-01-02', kind: 'makeup-workday', festival: '元旦' });
    expect(view!.days.filter((d) => d.festival === '国庆节' && d.kind === 'holiday')).toHaveLength(6);

    const years = await coveredYears(deps.db);
    expect(years.at(-1)).toMatchObject({ year: 2027, source: 'office' });
    expect(years.at(-2)).toMatchObject({ year: 2026, source: 'package', sourceDetail: 'chinese-days@1.5.7' });
  });

  it('the package\'s year reads as the package has it, festival names as the notices write them', async () => {
    const view = await calendarYearView(deps.db, 2026);
    expect(view).toMatchObject({ source: 'package', sourceDetail: 'chinese-days@1.5.7', notice: null, revision: null });
    expect(view!.holidays).toEqual(NOTICE_2026.holidays);
    expect(view!.makeupWorkdays).toEqual(NOTICE_2026.makeupWorkdays);
    expect(await calendarYearView(deps.db, 1999)).toBeUndefined();
  });

  it('a year the package covers is replaced only with override, and the answer says computed deadlines stay', async () => {
    const without = await refusal(enterCalendarYear(deps.db, 2026, NOTICE_2026, office));
    expect(without.code).toBe('CALENDAR_OVERRIDE_REQUIRED');
    expect(without.message).toContain('"override": true');
    expect(await calendarYear(deps.db, 2026)).toBeUndefined();

    const replaced = await enterCalendarYear(deps.db, 2026, { ...NOTICE_2026, override: true }, office);
    expect(replaced).toMatchObject({ created: true, replacesPackage: true });
    expect(replaced.message).toMatch(/不会改变.*不再使用内置日历数据/);
    expect(await calendarYearView(deps.db, 2026)).toMatchObject({ source: 'office', overridesPackage: true });
  });

  it('an invalid year and a year that would leave a gap are refused and nothing is stored', async () => {
    const invalid = madeUpYear(2028);
    invalid.makeupWorkdays.push({ date: '2028-03-01', festival: '春节' });
    const refused = await refusal(enterCalendarYear(deps.db, 2028, invalid, office));
    expect(refused).toMatchObject({ code: 'INVALID_CALENDAR', issues: [expect.objectContaining({ code: 'MAKEUP_NOT_WEEKEND', field: 'makeupWorkdays.1.date' })] });
    expect(await calendarYear(deps.db, 2028)).toBeUndefined();

    const gap = await refusal(enterCalendarYear(deps.db, 2029, madeUpYear(2029), office));
    expect(gap.code).toBe('CALENDAR_YEAR_NOT_ADJACENT');
    expect(gap.message).toContain('请先录入2028年');
    expect(await calendarYear(deps.db, 2029)).toBeUndefined();
  });
});

describe('a deadline waiting for a year nobody has entered', () => {
  const admin = 'admin-waits@example.gov.cn';
  let deps: ConnectedDeps;
  beforeAll(async () => {
    deps = await depsOnOwnDatabase('calendar_waits', admin);
  });
  afterAll(async () => {
    await deps?.close();
  });

  const mailToAdmin = async (subject: string) => (await receivedMail()).filter((mail) => mail.to.includes(admin) && mail.subject.includes(subject));
  const effect = (workflowId: string): EffectInput<{ key: string; start: number; duration: { amount: number; unit: 'workingDays' } }> => ({
    type: 'computeDeadline',
    params: { key: 'publicity', start: Date.parse('2026-12-25T10:00:00+08:00'), duration: { amount: 5, unit: 'workingDays' } },
    idempotencyKey: `${workflowId}/publicity/computeDeadline`,
    seq: 7,
    workflowId,
    machine: 'cycle',
    stage: 'publicity',
    at: '2026-12-25T02:00:00.000Z',
  });

  it('waits (retryable, in minutes), is listed, and mails the admin once however often it tries', async () => {
    const { computeDeadline } = createDeadlineActivities(deps);
    for (const workflowId of ['cycle/benxi-draft/2026', 'cycle/benxi-draft/2026', 'cycle/daqing-2018/2026']) {
      const error = await computeDeadline(effect(workflowId)).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ApplicationFailure);
      expect(error).toMatchObject({ type: 'CalendarOutOfRange', nonRetryable: false, nextRetryDelay: '5 minutes' });
      expect((error as Error).message).toContain('工作日历数据不覆盖 2027-01-01');
    }
    const status = await calendarStatus(deps.db, Date.parse('2026-12-25T12:00:00+08:00'));
    expect(status.warnings).toContainEqual(
      expect.objectContaining({
        code: 'DEADLINES_BLOCKED',
        years: [2027],
        count: 2,
        deadlines: [
          expect.objectContaining({ workflowId: 'cycle/benxi-draft/2026', deadlineKey: 'publicity', date: '2027-01-01' }),
          expect.objectContaining({ workflowId: 'cycle/daqing-2018/2026', deadlineKey: 'publicity' }),
        ],
      }),
    );
    expect(await mailToAdmin('缺少2027年节假日安排')).toHaveLength(1);

    await enterCalendarYear(deps.db, 2027, madeUpYear(2027), office);
    const computed = await computeDeadline(effect('cycle/benxi-draft/2026'));
    expect(computed).toMatchObject({ type: 'DEADLINE_COMPUTED', key: 'publicity', lastDay: '2027-01-02', calendarSource: 'office:2027r1+chinese-days@1.5.7' });
    expect((await calendarStatus(deps.db, Date.parse('2026-12-25T12:00:00+08:00'))).warnings).toEqual([]);
  });
});

describe('warning before the calendar runs out', () => {
  const admin = 'admin-watch@example.gov.cn';
  let deps: ConnectedDeps;
  beforeAll(async () => {
    deps = await depsOnOwnDatabase('calendar_watch', admin);
  });
  afterAll(async () => {
    await deps?.close();
  });
  const mailToAdmin = async () => (await receivedMail()).filter((mail) => mail.to.includes(admin));
  const china = (local: string) => Date.parse(`${local}+08:00`);

  it('from 1 October, while next year is missing: a health warning and one mail to the admin', async () => {
    expect(await remindAdminOfCalendar(deps, china('2026-09-30T23:00:00'))).toBeUndefined();
    expect((await calendarStatus(deps.db, china('2026-09-30T23:00:00'))).warnings).toEqual([]);

    for (const at of ['2026-10-01T00:30:00', '2026-10-02T09:00:00', '2026-11-26T09:00:00']) {
      expect(await remindAdminOfCalendar(deps, china(at))).toMatchObject({ code: 'NEXT_YEAR_NOT_COVERED', year: 2027 });
    }
    expect((await calendarStatus(deps.db, china('2026-10-01T08:00:00'))).warnings).toEqual([
      expect.objectContaining({ code: 'NEXT_YEAR_NOT_COVERED', year: 2027, message: expect.stringContaining('工作日历尚未覆盖2027年') }),
    ]);
    const mails = await mailToAdmin();
    expect(mails).toHaveLength(1);
    expect(mails[0]!.subject).toBe('【工作日历】请录入2027年节假日安排');

    // Into the year itself without it: a warning of its own, and its own single mail.
    expect(await remindAdminOfCalendar(deps, china('2027-01-04T09:00:00'))).toMatchObject({ code: 'YEAR_NOT_COVERED', year: 2027 });
    expect(await remindAdminOfCalendar(deps, china('2027-01-05T09:00:00'))).toMatchObject({ code: 'YEAR_NOT_COVERED', year: 2027 });
    expect(await mailToAdmin()).toHaveLength(2);

    await enterCalendarYear(deps.db, 2027, madeUpYear(2027), office);
    expect(await remindAdminOfCalendar(deps, china('2026-11-27T09:00:00'))).toBeUndefined();
    expect((await calendarStatus(deps.db, china('2026-11-27T09:00:00'))).warnings).toEqual([]);
    expect(await mailToAdmin()).toHaveLength(2);
  });
});
