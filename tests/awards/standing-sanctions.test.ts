/**
 * Revocation, bans and prizes on the time-skipping server, with the real worker: each standing is
 * started as the `recordStanding` activity starts it, time runs to the day the facts occur, and the
 * office records the cause (issue 12's proofs for Ganzhou, Benxi, Chanhe and Daqing).
 */
import { randomUUID } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { listNotices } from '../../db';
import { mayApplyNow, standingWorkflowId, type StandingContext, type StandingInput } from '../../workflows/machines/standing';
import { chinaDateOf, loadPolicy } from '../../workflows/policy/index.js';
import { sendEventUpdate, stateQuery, systemMessageSignal } from '../../workflows/runtime/definitions';
import type { Actor, MachineEvent, MachineWorkflowInput, StateView } from '../../workflows/runtime/types';
import { eventually } from '../support/eventually';
import { testActivityDeps } from '../support/services';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';

const DAY = 86_400_000;
const office: Actor = { id: 'office-1', role: 'office' };

let system: TimeSkippingWorker;
let env: TestWorkflowEnvironment;

// A server per test: each story starts today, and no other standing's timers run in its clock.
beforeEach(async () => {
  system = await startTimeSkippingWorker('standing-sanctions-test', await testActivityDeps());
  env = system.env;
});

afterEach(async () => {
  await system?.stop();
});

/** One organisation's standing under a policy, driven as the award workflows and the office drive it. */
function standingOf(policyKey: string) {
  const orgId = `org-${randomUUID().slice(0, 8)}`;
  const workflowId = standingWorkflowId(policyKey, orgId);
  const handle = () => env.client.workflow.getHandle(workflowId);
  const read = () => handle().query(stateQuery) as Promise<StateView & { context: StandingContext }>;
  return {
    workflowId,
    read,
    send: (event: MachineEvent, actor: Actor = office) => handle().executeUpdate(sendEventUpdate, { args: [{ event, actor }] }),
    async award(cycle: number, tierId: string): Promise<StandingContext> {
      const args: [MachineWorkflowInput<StandingInput>] = [{ machineInput: { policyKey, orgId, organisationName: `${orgId}有限公司`, contacts: [`${orgId}@example.cn`] } }];
      await env.client.workflow.signalWithStart('standingWorkflow', {
        workflowId,
        taskQueue: system.taskQueue,
        args,
        signal: systemMessageSignal,
        signalArgs: [{ event: { type: 'AWARD_RECORDED', cycle, tierId, awardedAt: await env.currentTimeMs() }, messageId: `award/${cycle}/${tierId}`, sender: `application/${policyKey}/${cycle}/${orgId}` }],
      });
      return (await eventually(read, (s) => s.context.awards.some((a) => a.cycle === cycle && a.tierId === tierId), `${cycle} ${tierId}`)).context;
    },
  };
}

const today = async () => chinaDateOf(await env.currentTimeMs());

describe('revocation, bans and prizes over the years', () => {
  it('Daqing 第二十五条: a repeat winner gets plaque and certificate and no money', async () => {
    const s = standingOf('daqing-2018');
    await s.award(2026, 'award');
    // Off the standing's yearly roll-over instant: the test server applies a signal that lands on a
    // continue-as-new only after about 90 s (it is not lost); see the session note.
    await env.sleep(2 * 365 * DAY + 30 * DAY);
    const again = await s.award(2028, 'award');
    const second = again.ledger.filter((e) => e.cycle === 2028);
    expect(second.map((e) => [e.kind, e.amountCny])).toEqual([['re-award', 0]]);
    expect(second[0]!.description).toContain('奖牌');
  });

  it('Ganzhou 第二十八条: fraud found in 2027 on a 2026 award revokes it, recovers the whole prize and bars for 10 years', async () => {
    const policy = loadPolicy('ganzhou-2022');
    const s = standingOf('ganzhou-2022');
    const awarded = await s.award(2026, 'award');
    const prize = awarded.ledger.reduce((sum, e) => sum + e.amountCny, 0);
    expect(prize).toBeGreaterThan(0);
    await env.sleep(200 * DAY);
    const decidedOn = await today();
    expect(decidedOn.startsWith('2027-')).toBe(true);
    await s.send({ type: 'RECORD_SANCTION', sanctionId: 's1', causeId: 'fraud', cycle: 2026, occurredOn: awarded.awards[0]!.awardedOn, decidedOn, reason: '申报材料造假' });
    const { context } = await s.read();
    expect(context.awards[0]!.revokedOn).toBe(decidedOn);
    expect(context.ledger.reduce((sum, e) => sum + e.amountCny, 0)).toBe(0);
    expect(context.duties.filter((d) => d.status === 'open')).toEqual([]);
    const inside = mayApplyNow(context, policy, 2036, '2036-09-01');
    expect(inside).toMatchObject({ allowed: false, fromDate: expect.stringMatching(/^2037-/) });
    expect(mayApplyNow(context, policy, 2038, '2038-06-01')).toMatchObject({ allowed: true });
    const notices = await eventually(() => listNotices(system.deps.db, { workflowId: s.workflowId }), (p) => p.items.some((n) => n.kind === 'revoked'), 'the revocation notice');
    expect(notices.items.find((n) => n.kind === 'revoked')!.body).toContain('第二十八条');
  });

  it('Benxi: a nominee who wins the award in a later cycle gets the top-up; an incident in year 4 bars the next cycle only', async () => {
    const policy = loadPolicy('benxi-draft');
    const s = standingOf('benxi-draft');
    await s.award(2026, 'nomination');
    await env.sleep(4 * 365 * DAY + 10 * DAY);
    const both = await s.award(2030, 'award');
    expect(both.ledger.map((e) => e.kind)).toContain('top-up');
    await env.sleep(3 * 365 * DAY + 100 * DAY);
    const occurredOn = await today();
    await s.send({ type: 'RECORD_SANCTION', sanctionId: 's1', causeId: 'incident-after-award', cycle: 2030, occurredOn, decidedOn: occurredOn, reason: '发生重大质量事故' });
    const { context } = await s.read();
    expect(context.awards.find((a) => a.cycle === 2030)!.revokedOn).toBe(occurredOn);
    // Barred from the one cycle after the decision, and free again the cycle after that.
    const ban = context.sanctions[0]!.ban;
    expect(ban).toMatchObject({ kind: 'cycles', barredCycles: [expect.any(Number)] });
    const barred = (ban as { barredCycles: number[] }).barredCycles[0]!;
    expect(barred).toBeGreaterThan(Number(occurredOn.slice(0, 4)) - 1);
    expect(mayApplyNow(context, policy, barred, `${barred}-06-01`).allowed).toBe(false);
    const after = barred + policy.cycle.periodYears;
    expect(mayApplyNow(context, policy, after, `${after}-06-01`).allowed).toBe(true);
  });

  it('Chanhe 第二十九条: an incident 23 months after the award revokes it; one at 25 months does not', async () => {
    const revoked = standingOf('chanhe-2021');
    const kept = standingOf('chanhe-2021');
    const first = await revoked.award(2026, 'award');
    await kept.award(2026, 'award');
    // Both report for their first year in time (第二十四条), so nothing is overdue meanwhile.
    await env.sleep(11 * 30.4 * DAY);
    for (const s of [revoked, kept]) await s.send({ type: 'SUBMIT_REPORT', dutyId: '2026/annual-report/1', text: '第一年质量绩效报告' }, { id: 'user-1', role: 'applicant' });
    await env.sleep(12 * 30.4 * DAY);
    const at23 = await today();
    await revoked.send({ type: 'RECORD_SANCTION', sanctionId: 's1', causeId: 'incident-after-award', cycle: 2026, occurredOn: at23, decidedOn: at23, reason: '发生重大安全事故' });
    expect((await revoked.read()).context.awards[0]!.revokedOn).toBe(at23);
    await env.sleep(2 * 30.4 * DAY);
    const at25 = await today();
    await kept.send({ type: 'RECORD_SANCTION', sanctionId: 's1', causeId: 'incident-after-award', cycle: 2026, occurredOn: at25, decidedOn: at25, reason: '发生重大安全事故' });
    const { context } = await kept.read();
    expect(context.awards[0]!.revokedOn).toBeUndefined();
    expect(context.sanctions[0]).toMatchObject({ applicable: false });
    expect(first.awards[0]!.awardedOn < at23).toBe(true);
    // The office excuses the kept one's remaining reports: nothing keeps reminding in the shared test clock.
    for (const d of context.duties.filter((x) => x.status === 'open')) await kept.send({ type: 'WAIVE_DUTY', dutyId: d.id, reason: '测试结束' });
  });

});
