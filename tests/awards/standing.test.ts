/**
 * A Ganzhou 2026 winner's standing over its three years of validity, on the time-skipping server
 * with the real worker, the outbox in PostgreSQL and SMTP into the run's sink: the award arrives as
 * the `recordStanding` activity sends it (signal-with-start), the annual reports are reminded 30, 7
 * and 1 days before they are due, exactly once each; one is missed, the office is told once and the
 * organisation reminded weekly until it reports; the re-evaluation is recorded; validity ends in
 * 2029 and the record and a notice say so.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { listNotices } from '../../db';
import { standingWorkflowId, type StandingContext, type StandingInput } from '../../workflows/machines/standing';
import { chinaDateOf } from '../../workflows/policy/index.js';
import { sendEventUpdate, stateQuery, systemMessageSignal } from '../../workflows/runtime/definitions';
import type { Actor, MachineEvent, MachineWorkflowInput, StateView } from '../../workflows/runtime/types';
import { eventually } from '../support/eventually';
import { receivedMail, testActivityDeps, TEST_ROLES } from '../support/services';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';

const POLICY = 'ganzhou-2022';
const ORG = `org-standing-${randomUUID().slice(0, 8)}`;
const CONTACT = `${ORG}@example.cn`;
const DAY = 86_400_000;
const taskQueue = 'standing-test';
const workflowId = standingWorkflowId(POLICY, ORG);
const applicant: Actor = { id: 'user-1', role: 'applicant' };
const office: Actor = { id: 'office-1', role: 'office' };

let system: TimeSkippingWorker;
let env: TestWorkflowEnvironment;

beforeAll(async () => {
  system = await startTimeSkippingWorker(taskQueue, await testActivityDeps());
  env = system.env;
});

afterAll(async () => {
  await system?.stop();
});

const handle = () => env.client.workflow.getHandle(workflowId);
const read = () => handle().query(stateQuery) as Promise<StateView & { context: StandingContext }>;
const send = (event: MachineEvent, actor: Actor) => handle().executeUpdate(sendEventUpdate, { args: [{ event, actor }] });
const now = () => env.currentTimeMs();

/** Mail this standing sent, to a recipient (about the annual reports, unless `about` says otherwise). */
async function mailTo(to: string, about = '质量绩效报告') {
  return (await receivedMail()).filter((m) => m.headers['x-workflow-id'] === workflowId && m.to.includes(to) && m.subject.includes(about));
}

/** Sleeps the test server's clock to just after an instant. */
async function until(instant: number) {
  const wait = instant - (await now()) + 60_000;
  if (wait > 0) await env.sleep(wait);
}

describe('a Ganzhou winner over its validity (赣州第二十三条、第二十四条、第二十五条)', () => {
  it('reminds of each annual report once at 30, 7 and 1 days, escalates a missed one, and ends validity in 2029', async () => {
    const awardedAt = await now();
    const award = { type: 'AWARD_RECORDED', cycle: 2026, tierId: 'award', awardedAt, decisionRef: '赣府字〔2026〕1号', organisationName: '赣州示例有限公司', contacts: [CONTACT] };
    const args: [MachineWorkflowInput<StandingInput>] = [{ machineInput: { policyKey: POLICY, orgId: ORG, organisationName: '赣州示例有限公司', contacts: [CONTACT] } }];
    // As the recordStanding activity does it, twice (a retried activity): one award.
    for (let i = 0; i < 2; i++) {
      await env.client.workflow.signalWithStart('standingWorkflow', {
        workflowId,
        taskQueue,
        args,
        signal: systemMessageSignal,
        signalArgs: [{ event: award, messageId: 'application/ganzhou-2022/2026/x/1.0/recordStanding', sender: 'application/ganzhou-2022/2026/x' }],
      });
    }
    const recorded = await eventually(read, (s) => s.context.awards.length === 1, 'the award recorded');
    expect(recorded.context.awards[0]).toMatchObject({ cycle: 2026, tierId: 'award', awardedOn: chinaDateOf(awardedAt), validThrough: expect.any(String) });
    const reports = recorded.context.duties.filter((d) => d.kind === 'annual-report');
    expect(reports.map((d) => d.id)).toEqual(['2026/annual-report/1', '2026/annual-report/2', '2026/annual-report/3']);
    const reEvaluation = recorded.context.duties.find((d) => d.kind === 're-evaluation')!;
    expect(reEvaluation).toBeDefined();
    // The award year's summary (第二十五条) is done by the year's end, as the office records.
    const summary = recorded.context.duties.find((d) => d.kind === 'summary-in-award-year')!;
    await send({ type: 'RECORD_DUTY_DONE', dutyId: summary.id, note: '已在市级媒体宣传推广' }, office);

    // Year 1: three reminders, then the organisation reports before the deadline.
    const [first, second, third] = reports;
    await until(first!.dueAt! - DAY);
    const year1 = await eventually(() => mailTo(CONTACT), (m) => m.length >= 3, 'three reminders for the first report');
    expect(year1.map((m) => m.subject)).toEqual([expect.stringContaining('【提醒】'), expect.stringContaining('【提醒】'), expect.stringContaining('【提醒】')]);
    expect(year1.every((m) => m.text.includes('第二十四条'))).toBe(true);
    await send({ type: 'SUBMIT_REPORT', dutyId: first!.id, fileRef: 'reports/2027.pdf' }, applicant);

    // Year 2: reminded, missed: the office hears once, the organisation weekly until it reports.
    await until(second!.dueAt! + 15 * DAY);
    const toOffice = await eventually(() => mailTo(TEST_ROLES.office!, ''), (m) => m.length >= 1, 'the office told of the missed report');
    expect(toOffice).toHaveLength(1);
    expect(toOffice[0]!.subject).toContain('逾期');
    const missed = await eventually(() => mailTo(CONTACT), (m) => m.length >= 8, 'reminders and two weekly overdue reminders');
    expect(missed.slice(3).filter((m) => m.subject.startsWith('【逾期提醒】'))).toHaveLength(2);
    expect((await read()).context.duties.find((d) => d.id === second!.id)).toMatchObject({ status: 'open', overdue: true });
    await send({ type: 'SUBMIT_REPORT', dutyId: second!.id, text: '2028年度质量绩效报告（逾期提交）' }, applicant);
    await env.sleep(21 * DAY);
    expect((await mailTo(CONTACT)).filter((m) => m.subject.startsWith('【逾期提醒】'))).toHaveLength(2);
    expect(await mailTo(TEST_ROLES.office!, '')).toHaveLength(1);

    // The office records the re-evaluation; the third report comes in time.
    await send({ type: 'RECORD_DUTY_DONE', dutyId: reEvaluation.id, note: '2028年完成复核评估' }, office);
    await until(third!.dueAt! - 2 * DAY);
    await send({ type: 'SUBMIT_REPORT', dutyId: third!.id, fileRef: 'reports/2029.pdf' }, applicant);

    // Validity ends (2029): the record says so and a notice is published.
    await until(Date.parse(`${recorded.context.awards[0]!.validThrough}T16:00:00Z`) + DAY);
    const ended = await eventually(read, (s) => s.context.awards[0]?.expired === true, 'validity ended');
    expect(ended.context.awards[0]!.validThrough!.startsWith('2029-')).toBe(true);
    expect(ended.context.duties.filter((d) => d.kind === 'annual-report').map((d) => d.status)).toEqual(['submitted', 'submitted', 'submitted']);
    const notices = await eventually(() => listNotices(system.deps.db, { workflowId }), (page) => page.items.length >= 1, 'the validity notice');
    expect(notices.items[0]!.kind).toBe('validityEnded');

    // Every reminder went exactly once: 3 + 3 + 2 weekly + the third report's reminders, no repeats.
    const all = await mailTo(CONTACT);
    expect(all).toHaveLength(3 + 3 + 2 + 2);
    expect(new Set(all.map((m) => m.headers['x-idempotency-key'])).size).toBe(all.length);
    expect(all.filter((m) => m.subject.startsWith('【逾期提醒】'))).toHaveLength(2);
    // Nothing about the summary the office recorded done.
    expect(await mailTo(CONTACT, '总结')).toEqual([]);
  });
});
