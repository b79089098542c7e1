/**
 * Scenarios whose histories are recorded (scripts/record-histories.ts) and replayed in CI
 * (tests/runtime/replay.test.ts). Each runs the demo machine through a path the runtime must keep
 * replaying identically for as long as such workflows may be open: years.
 */
import type { Client, WorkflowHandle, WorkflowHandleWithFirstExecutionRunId } from '@temporalio/client';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { sendEventUpdate, systemMessageSignal } from '../../workflows/runtime/definitions';
import type { applicationWorkflow, cycleWorkflow, demoNoticeWorkflow } from '../../workflows';
import { applicationWorkflowId, cycleWorkflowId, type CycleContext } from '../../workflows/machines/cycle';
import { standingWorkflowId, type StandingContext } from '../../workflows/machines/standing';
import { loadPolicy, voteRule } from '../../workflows/policy/index.js';
import { stateQuery } from '../../workflows/runtime/definitions';
import { sheetTotalling } from '../support/score-sheets';
import { goodProfile } from '../policy/fixtures';
import type { DemoNoticeInput } from '../../workflows/machines/demo-notice';
import type { MachineEvent, StateView } from '../../workflows/runtime/types';

const DAY = 86_400_000;

export interface Scenario {
  name: string;
  /** Runs the scenario; returns the workflows whose chains of runs are recorded. */
  run(env: TestWorkflowEnvironment, taskQueue: string): Promise<Array<{ workflowId: string; firstRunId: string }>>;
}

async function startNotice(client: Client, taskQueue: string, name: string, input: Partial<DemoNoticeInput>, maxHistoryEvents?: number) {
  return client.workflow.start<typeof demoNoticeWorkflow>('demoNoticeWorkflow', {
    taskQueue,
    workflowId: `demo-notice/${name}`,
    args: [
      {
        machineInput: { noticeId: name, title: '回放样例', jurisdiction: 'ganzhou-2022', publicityDays: 10, validityDays: 1096, ...input },
        maxHistoryEvents,
      },
    ],
  });
}

const send = (handle: { executeUpdate: Function }, event: MachineEvent, updateId?: string) =>
  handle.executeUpdate(sendEventUpdate, { args: [{ event, actor: { id: 'office-1', role: 'office' } }], ...(updateId ? { updateId } : {}) });

export const scenarios: Scenario[] = [
  {
    name: 'full-validity',
    async run(env, taskQueue) {
      const handle = await startNotice(env.client, taskQueue, 'full-validity', {});
      await send(handle, { type: 'SUBMIT' });
      await send(handle, { type: 'APPROVE' });
      await env.sleep(5 * DAY);
      await send(handle, { type: 'NOTE', text: '公示期间的说明' });
      await handle.result();
      return [{ workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId }];
    },
  },
  {
    name: 'objection-loop-and-revocation',
    async run(env, taskQueue) {
      const handle = await startNotice(env.client, taskQueue, 'objection-loop-and-revocation', {});
      await send(handle, { type: 'SUBMIT' });
      await send(handle, { type: 'APPROVE' });
      await env.sleep(3 * DAY);
      await send(handle, { type: 'OBJECT', reason: '材料存疑' });
      await send(handle, { type: 'DISMISS' });
      await env.sleep(11 * DAY);
      await send(handle, { type: 'REVOKE', reason: '发生重大质量事故' });
      await handle.result();
      return [{ workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId }];
    },
  },
  {
    name: 'continue-as-new-during-validity',
    async run(env, taskQueue) {
      const handle = await startNotice(env.client, taskQueue, 'continue-as-new-during-validity', { validityDays: 1826 }, 40);
      await send(handle, { type: 'SUBMIT' });
      await send(handle, { type: 'APPROVE' });
      await env.sleep(11 * DAY);
      for (let year = 1; year <= 8; year += 1) {
        await send(handle, { type: 'NOTE', text: `年度报告 ${year}` }, `report-${year}`);
      }
      await send(handle, { type: 'NOTE', text: '年度报告 1' }, 'report-1');
      await handle.result();
      return [{ workflowId: handle.workflowId, firstRunId: handle.firstExecutionRunId }];
    },
  },
];

/** Waits until a message another workflow sent through an activity has arrived. */
async function until(read: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 30_000;
  while (!(await read())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const office = { id: 'office-1', role: 'office' };

/**
 * A cycle with two applicants from announcement to closing: every award-machine path that open
 * cycles will be replayed through (policies with calendar-day periods, so no holiday data is needed).
 * `registeredByUpdate`: how applications joined their cycle when the history was recorded, by an
 * update the API sent before starting them; since then they register themselves by their first
 * report, a signal like all their reports.
 */
function cycleScenario(name: string, policyKey: string, registeredByUpdate: boolean, articlesEnforced = false): Scenario {
  return {
  name,
  async run(env, taskQueue) {
    const policy = loadPolicy(policyKey);
    // The test server's clock has moved on by the scenarios before this one: take the cycle's year
    // from it, and give the applicants profits for the years the look-back window reads.
    const applicationDeadline = (await env.currentTimeMs()) + 2 * DAY;
    const year = new Date(applicationDeadline).getUTCFullYear();
    const profitByYear = Object.fromEntries(Array.from({ length: 6 }, (_, i) => [year - 5 + i, 1e6]));
    const cycleId = cycleWorkflowId(policyKey, year);
    const cycleHandle = await env.client.workflow.start<typeof cycleWorkflow>('cycleWorkflow', {
      taskQueue,
      workflowId: cycleId,
      args: [{ machineInput: { policyKey, year, title: `${policy.awardName}（回放样例）`, applicationDeadline } }],
    });
    const toCycle = (event: MachineEvent, actor = office) =>
      cycleHandle.executeUpdate(sendEventUpdate, { args: [{ event, actor }] });
    const cycleState = () => cycleHandle.query(stateQuery) as Promise<StateView & { context: CycleContext }>;
    await toCycle({ type: 'ANNOUNCE' });

    const applications: Array<{ orgId: string; score: number; handle: WorkflowHandleWithFirstExecutionRunId<typeof applicationWorkflow> }> = [];
    for (const [orgId, score] of [['a', 880], ['b', 820]] as const) {
      const organisationName = `${orgId}回放样例公司`;
      if (registeredByUpdate) await toCycle({ type: 'APPLICATION_REGISTERED', orgId, category: 'manufacturing', organisationName }, { id: orgId, role: 'applicant' });
      const handle = await env.client.workflow.start<typeof applicationWorkflow>('applicationWorkflow', {
        taskQueue,
        workflowId: applicationWorkflowId(policyKey, year, orgId),
        args: [
          {
            machineInput: {
              policyKey,
              year,
              orgId,
              organisationName,
              category: 'manufacturing',
              profile: goodProfile(policy, { organisationId: orgId, name: organisationName, profitByYear }),
              applicationDeadline,
            },
          },
        ],
      });
      applications.push({ orgId, score, handle });
    }
    const toApp = (handle: WorkflowHandle<typeof applicationWorkflow>, event: MachineEvent, actor = office) =>
      handle.executeUpdate(sendEventUpdate, { args: [{ event, actor }] });
    const reported = (status: string) => async () =>
      Object.values((await cycleState()).context.applications).every((a) => a.status === status);
    const heard = (stage: string) => async () => {
      for (const { handle } of applications) {
        if (((await handle.query(stateQuery)).context as { cycleStage: string }).cycleStage !== stage) return false;
      }
      return true;
    };

    await until(reported('submitted'), 'submissions');
    await toCycle({ type: 'CLOSE_APPLICATIONS' });
    await until(heard('eligibilityReview'), 'eligibility review');
    for (const { handle } of applications) await toApp(handle, { type: 'RECORD_ELIGIBILITY' });
    await until(reported('eligible'), 'eligibility');
    await toCycle({ type: 'ADVANCE_STAGE' });
    await until(heard('materialReview'), 'material review');
    for (const { handle, score } of applications) {
      await toApp(handle, { type: 'ASSIGN_REVIEWER', reviewerId: 'r1', phase: 'material' });
      await toApp(handle, { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: sheetTotalling(score) }, { id: 'r1', role: 'reviewer' });
      await toApp(handle, { type: 'ADVANCE' });
    }
    await until(reported('advanced'), 'material results');
    await toCycle({ type: 'ADVANCE_STAGE' });
    await until(heard('onSiteReview'), 'on-site review');
    for (const { handle, score } of applications) {
      await toApp(handle, { type: 'ASSIGN_REVIEWER', reviewerId: 'r2', phase: 'onSite' });
      await toApp(handle, { type: 'SUBMIT_SCORE', reviewerId: 'r2', phase: 'onSite', scores: sheetTotalling(score) }, { id: 'r2', role: 'reviewer' });
      await toApp(handle, { type: 'CONCLUDE_ON_SITE' });
    }
    await until(reported('scored'), 'scores');
    await toCycle({ type: 'ADVANCE_STAGE' });
    await toCycle({ type: 'ADVANCE_STAGE' });
    // Since the articles are enforced: the committee's vote (瀍河第十八条) where the policy has one.
    const vote = articlesEnforced && voteRule(policy) ? { vote: { membersPresent: 9, for: 7, against: 1, abstaining: 1 } } : {};
    await toCycle({ type: 'PROPOSE_WINNERS', proposal: { [policy.tiers[0]!.id]: ['a', 'b'] }, ...vote }, { id: 'committee-1', role: 'committee' });
    await until(async () => (await cycleState()).context.deadlines.publicity !== undefined, 'publicity deadline');
    await toCycle({ type: 'FILE_OBJECTION', objectionId: 'o1', against: 'b', facts: '申报材料与事实不符' }, { id: 'someone', role: 'applicant' });
    await toCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o1', upheld: true, reason: '经核实属实' }, { id: 'committee-1', role: 'committee' });
    if (articlesEnforced) {
      // A dismissed objection: under 瀍河第十九条 the approving body confirms the candidate by name.
      await toCycle({ type: 'FILE_OBJECTION', objectionId: 'o2', against: 'a', facts: '产品抽检不合格' }, { id: 'someone', role: 'applicant' });
      await toCycle({ type: 'DECIDE_OBJECTION', objectionId: 'o2', upheld: false, reason: '经核实抽检合格' }, { id: 'committee-1', role: 'committee' });
    }
    await env.sleep((await cycleState()).context.deadlines.publicity! - (await env.currentTimeMs()) + 60_000);
    await until(async () => (await cycleState()).stage === 'approval', 'approval');
    const confirmations = articlesEnforced && policy.objections.mustPassWithoutObjection?.value ? { confirmations: { a: true } } : {};
    await toCycle({ type: 'APPROVE', decisionRef: '区政府常务会议', ...confirmations });
    await until(async () => {
      const stages = await Promise.all(applications.map(({ handle }) => handle.query(stateQuery).then((s) => s.status)));
      return stages.every((status) => status === 'done');
    }, 'outcomes');
    await toCycle({ type: 'CLOSE' });
    await cycleHandle.result();
    return [cycleHandle, ...applications.map((a) => a.handle)].map((h) => ({ workflowId: h.workflowId, firstRunId: h.firstExecutionRunId }));
  },
  };
}

scenarios.push(cycleScenario('chanhe-cycle', 'chanhe-2021', true));
// Recorded after applications began to register themselves and to report by signal, with the views
// in the memo: the coordination every cycle started since then runs.
scenarios.push(cycleScenario('ganzhou-cycle-by-signals', 'ganzhou-2022', false));
// Recorded since the policies' articles are enforced (the `policy-articles-enforced` patch): the
// vote, an objection dismissed and the candidate confirmed at approval, service levels recorded.
scenarios.push(cycleScenario('chanhe-cycle-articles-enforced', 'chanhe-2021', false, true));
// Recorded since the runtime keeps records in PostgreSQL (patch records-in-postgres): the audit
// trail's and the archive's local-activity markers are in these histories.
scenarios.push(cycleScenario('chanhe-cycle-records-kept', 'chanhe-2021', false, true));

/**
 * An organisation's standing over its first years: the award arrives by signal-with-start as the
 * `recordStanding` activity sends it, the first annual report is reminded, missed and reported late
 * after weekly reminders, the office records a duty done, then a fraud found later revokes the
 * award and bars the organisation. Small runs (maxHistoryEvents) so the chain continues as new.
 */
scenarios.push({
  name: 'standing-reminders-and-revocation',
  async run(env, taskQueue) {
    const policyKey = 'ganzhou-2022';
    const orgId = 'replay-org';
    const workflowId = standingWorkflowId(policyKey, orgId);
    const awardedAt = await env.currentTimeMs();
    const handle = await env.client.workflow.signalWithStart('standingWorkflow', {
      workflowId,
      taskQueue,
      args: [{ machineInput: { policyKey, orgId, organisationName: '回放样例公司', contacts: ['replay@example.cn'] }, maxHistoryEvents: 60 }],
      signal: systemMessageSignal,
      signalArgs: [
        {
          event: { type: 'AWARD_RECORDED', cycle: 2026, tierId: 'award', awardedAt, decisionRef: '回放样例', organisationName: '回放样例公司', contacts: ['replay@example.cn'] },
          messageId: 'replay/award',
          sender: 'application/ganzhou-2022/2026/replay-org',
        },
      ],
    });
    const latest = () => env.client.workflow.getHandle(workflowId);
    const state = () => latest().query(stateQuery) as Promise<StateView & { context: StandingContext }>;
    const toStanding = (event: MachineEvent, actor: { id: string; role: string }) => latest().executeUpdate(sendEventUpdate, { args: [{ event, actor }] });
    await until(async () => (await state()).context.awards.length === 1, 'award recorded');
    const { duties } = (await state()).context;
    const report = duties.find((d) => d.kind === 'annual-report')!;
    const summary = duties.find((d) => d.kind === 'summary-in-award-year')!;
    await toStanding({ type: 'RECORD_DUTY_DONE', dutyId: summary.id, note: '已宣传推广' }, office);
    await env.sleep(report.dueAt! - (await env.currentTimeMs()) + 15 * DAY);
    await until(async () => ((await state()).context.duties.find((d) => d.id === report.id)?.overdueReminders ?? 0) >= 2, 'weekly reminders');
    await toStanding({ type: 'SUBMIT_REPORT', dutyId: report.id, text: '逾期提交的年度报告' }, { id: 'user-1', role: 'applicant' });
    const today = new Date((await env.currentTimeMs()) + 8 * 3_600_000).toISOString().slice(0, 10);
    await toStanding({ type: 'RECORD_SANCTION', sanctionId: 's1', causeId: 'fraud', cycle: 2026, occurredOn: today, decidedOn: today, reason: '申报材料造假' }, office);
    await until(async () => (await state()).context.awards[0]?.revokedOn !== undefined, 'revoked');
    await env.sleep(30 * DAY);
    await until(async () => (await state()).context.sanctions.length === 1, 'settled');
    // The run the award's signal started is the chain's first (the workflow did not exist before).
    return [{ workflowId, firstRunId: handle.signaledRunId }];
  },
});

scenarios.push({ ...scenarios.find((s) => s.name === 'standing-reminders-and-revocation')!, name: 'standing-records-kept' });
