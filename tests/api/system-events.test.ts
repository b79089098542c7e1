/**
 * Events meant for workflows and activities only — reports, computed deadlines, timers, the old
 * registration — cannot be sent from outside, whatever a stage declares: every such event of the
 * cycle and the application machines, through every public route that takes an action, as every
 * role, is refused, and straight to the workflow as any person too (deny by default in the
 * runtime). The workflows are unchanged afterwards.
 *
 * On the time-skipping server with the real worker and the HTTP API: a Benxi cycle in its
 * acceptance-list publicity (a stage that names no roles, where the forged report and deadline
 * were first found), an application in its cycle's application window, and a winner's standing
 * (whose awards, timers and roll-over only the workflows send).
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { createDeadlineActivities } from '../../activities/deadlines';
import { APPLICATION_ACTIONS } from '../../api/awards/applications/applications.schemas';
import { CYCLE_ACTIONS } from '../../api/awards/cycles/cycles.schemas';
import { ROLES, type Role } from '../../api/auth/roles';
import { signToken } from '../../api/auth/tokens';
import { startApi, type ApiServer } from '../../api/server';
import { applicationMachine } from '../../workflows/machines/application/machine';
import { STANDING_ACTIONS } from '../../api/awards/organisations/organisations.schemas';
import { applicationWorkflowId, cycleWorkflowId } from '../../workflows/machines/cycle';
import { cycleMachine } from '../../workflows/machines/cycle/machine';
import { standingWorkflowId, type StandingContext, type StandingInput } from '../../workflows/machines/standing';
import { standingMachine } from '../../workflows/machines/standing/machine';
import { sendEventUpdate, stateQuery, systemMessageSignal } from '../../workflows/runtime/definitions';
import type { MachineWorkflowInput, RefusalDetails, StateView } from '../../workflows/runtime/types';
import { weekendsOnlyCalendar } from '../policy/fixtures';
import { eventually } from '../support/eventually';
import { testActivityDeps } from '../support/services';
import { http } from '../support/system';
import { startTimeSkippingWorker, type TimeSkippingWorker } from '../support/time-skipping-worker';
import applicationBody from '../../examples/benxi-draft/application-org-a.json';

const POLICY = 'benxi-draft';
// Years of their own: the applications table is shared by the run's test files.
const PUBLICITY_YEAR = 2038;
const WINDOW_YEAR = 2040;
const ORG = 'org-a';
const taskQueue = 'system-events-test';
const secret = `${randomUUID()}${randomUUID()}`;

let system: TimeSkippingWorker;
let env: TestWorkflowEnvironment;
let api: ApiServer;

const token = (role: Role) => signToken({ sub: `${role}-1`, role, ...(role === 'applicant' ? { org: ORG } : {}) }, secret);
const call = (role: Role, method: string, path: string, body?: unknown) => http(api.url, method, path, body, { authorization: `Bearer ${token(role)}` });

type XStateNode = { config: { on?: Record<string, unknown> }; states?: Record<string, XStateNode> };
function eventTypesOf(node: XStateNode, into = new Set<string>()): Set<string> {
  for (const type of Object.keys(node.config.on ?? {})) into.add(type);
  for (const child of Object.values(node.states ?? {})) eventTypesOf(child, into);
  return into;
}
const publicEvents = new Set<string>([...Object.values(CYCLE_ACTIONS), ...Object.values(APPLICATION_ACTIONS), ...Object.values(STANDING_ACTIONS)].map((action) => action.event));
const systemEventsOf = (machine: { root: unknown }) => [...eventTypesOf(machine.root as XStateNode)].filter((type) => !publicEvents.has(type));

/** A forged event with whatever fields make it look real (the first finding: 999 points, a deadline in 1970). */
const forged = (type: string) => ({
  type,
  orgId: 'y',
  organisationName: '伪造单位',
  category: 'manufacturing',
  status: 'scored',
  totalScore: 999,
  seq: 9_999,
  key: 'acceptancePublicity',
  endsAt: 1,
  lastDay: '1970-01-01',
  calendarSource: 'forged',
  stage: 'closed',
  reason: '伪造',
  objectionId: 'o-1',
});

async function before(workflowId: string) {
  const state = (await env.client.workflow.getHandle(workflowId).query(stateQuery)) as StateView;
  const history = await env.client.workflow.getHandle(workflowId).fetchHistory();
  return { stage: state.stage, seq: state.seq, context: JSON.stringify(state.context), events: history.events?.length ?? 0 };
}

beforeAll(async () => {
  const deps = await testActivityDeps();
  system = await startTimeSkippingWorker(taskQueue, deps, createDeadlineActivities(deps, { calendar: async () => weekendsOnlyCalendar }));
  env = system.env;
  api = await startApi({ address: env.address, namespace: env.namespace ?? 'default', taskQueue, external: true }, 0, { records: deps.db, authSecret: secret });

  const deadline = new Date((await env.currentTimeMs()) + 2 * 86_400_000).toISOString();
  const create = (year: number) => call('office', 'POST', '/cycles', { policyKey: POLICY, year, applicationDeadline: deadline });
  const act = (year: number, action: string) => call('office', 'POST', `/cycles/${POLICY}/${year}/actions/${action}`);

  // A cycle in its acceptance-list publicity, with no applications.
  expect((await create(PUBLICITY_YEAR)).status).toBe(201);
  for (const action of ['announce', 'close-applications', 'advance']) expect((await act(PUBLICITY_YEAR, action)).status, action).toBe(200);
  await eventually(
    () => before(cycleWorkflowId(POLICY, PUBLICITY_YEAR)),
    (s) => s.stage === 'acceptancePublicity.running',
    'the acceptance publicity running',
  );

  // A cycle taking applications, with one.
  expect((await create(WINDOW_YEAR)).status).toBe(201);
  expect((await act(WINDOW_YEAR, 'announce')).status).toBe(200);
  expect((await call('applicant', 'POST', `/cycles/${POLICY}/${WINDOW_YEAR}/applications`, applicationBody)).status).toBe(201);

  // A winner's standing, as an awarded application's recordStanding starts it.
  const award = { type: 'AWARD_RECORDED', cycle: 2036, tierId: 'award', awardedAt: await env.currentTimeMs(), decisionRef: '本政发〔2036〕1号', organisationName: '本溪示例有限公司', contacts: ['org-a@example.cn'] };
  const args: [MachineWorkflowInput<StandingInput>] = [{ machineInput: { policyKey: POLICY, orgId: ORG, organisationName: '本溪示例有限公司', contacts: ['org-a@example.cn'] } }];
  await env.client.workflow.signalWithStart('standingWorkflow', {
    workflowId: standingWorkflowId(POLICY, ORG),
    taskQueue,
    args,
    signal: systemMessageSignal,
    signalArgs: [{ event: award, messageId: `application/${POLICY}/2036/${ORG}/1.0/recordStanding`, sender: `application/${POLICY}/2036/${ORG}` }],
  });
  await eventually(
    () => env.client.workflow.getHandle(standingWorkflowId(POLICY, ORG)).query(stateQuery) as Promise<StateView & { context: StandingContext }>,
    (s) => s.context.awards.length === 1 && s.context.duties.length > 0,
    'the standing recorded',
  );
});

afterAll(async () => {
  await api?.app.close();
  await system?.stop();
});

describe('system events from outside', () => {
  const actionRoutes = (base: string, actions: string[]) => async () => actions.map((action) => ({ method: 'POST', path: `${base}/${action}` }));
  const targets = [
    {
      name: 'the cycle in acceptance publicity',
      workflowId: () => cycleWorkflowId(POLICY, PUBLICITY_YEAR),
      events: systemEventsOf(cycleMachine),
      routes: actionRoutes(`/cycles/${POLICY}/${PUBLICITY_YEAR}/actions`, Object.keys(CYCLE_ACTIONS)),
    },
    {
      name: 'an application in the application window',
      workflowId: () => applicationWorkflowId(POLICY, WINDOW_YEAR, ORG),
      events: systemEventsOf(applicationMachine),
      routes: actionRoutes(`/cycles/${POLICY}/${WINDOW_YEAR}/applications/${ORG}/actions`, Object.keys(APPLICATION_ACTIONS)),
    },
    {
      name: "a winner's standing",
      workflowId: () => standingWorkflowId(POLICY, ORG),
      events: systemEventsOf(standingMachine),
      // Each of the organisation's write routes, on a duty the standing really has.
      routes: async () => {
        const base = `/organisations/${POLICY}/${ORG}`;
        const state = (await env.client.workflow.getHandle(standingWorkflowId(POLICY, ORG)).query(stateQuery)) as StateView & { context: StandingContext };
        const duty = state.context.duties[0]!.id;
        return [
          ...['submit', 'waive', 'done'].map((verb) => ({ method: 'POST', path: `${base}/duties/${encodeURIComponent(duty)}/${verb}` })),
          { method: 'PUT', path: `${base}/contacts` },
          { method: 'POST', path: `${base}/sanctions` },
          { method: 'POST', path: `${base}/bonuses` },
        ];
      },
    },
  ];

  it('the machines have system events to forge (the test would prove nothing otherwise)', () => {
    expect(systemEventsOf(cycleMachine)).toEqual(expect.arrayContaining(['APPLICATION_REPORTED', 'DEADLINE_COMPUTED', 'APPLICATION_REGISTERED', 'OBJECTION_EVIDENCE_DUE']));
    expect(systemEventsOf(applicationMachine).length).toBeGreaterThan(0);
    expect(systemEventsOf(standingMachine)).toEqual(expect.arrayContaining(['AWARD_RECORDED', 'DUTY_REMINDER_DUE', 'DUTY_DUE', 'VALIDITY_ENDED']));
  });

  it.each(targets)('are refused for $name through every route, as every role, and change nothing', async (target) => {
    const workflowId = target.workflowId();
    const was = await before(workflowId);
    const generic = `/workflows/${encodeURIComponent(workflowId)}/events`;
    for (const role of ROLES) {
      for (const type of target.events) {
        const res = await call(role, 'POST', generic, forged(type));
        expect(res.status, `${role} ${type} via ${generic}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
        expect(res.status).toBeLessThan(500);
      }
      // The award routes name the event by their URL; a `type` in the body cannot replace it.
      for (const route of await target.routes()) {
        for (const type of target.events.slice(0, 3)) {
          const res = await call(role, route.method, route.path, forged(type));
          expect(res.status, `${role} ${route.method} ${route.path} with type ${type}: ${JSON.stringify(res.body)}`).toBeGreaterThanOrEqual(400);
          expect(res.status).toBeLessThan(500);
        }
      }
    }
    expect(await before(workflowId)).toEqual(was);
  });

  it.each(targets)('are refused by $name itself when a person sends them, whatever its stage declares', async (target) => {
    const handle = env.client.workflow.getHandle(target.workflowId());
    // Not the history's length: the time-skipping server records a workflow task for a rejected
    // update, which a real server drops; what the workflow holds is what must not change.
    const { events: _events, ...was } = await before(target.workflowId());
    const allowed = new Set(((await handle.query(stateQuery)) as StateView).allowedEvents);
    for (const role of ROLES) {
      for (const type of target.events) {
        const error = await handle.executeUpdate(sendEventUpdate, { args: [{ event: forged(type), actor: { id: `${role}-1`, role } }] }).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error, `${role} ${type}`).toBeInstanceOf(WorkflowUpdateFailedError);
        const details = ((error as WorkflowUpdateFailedError).cause as ApplicationFailure).details?.[0] as RefusalDetails;
        expect(details.code, `${role} ${type}`).toBe(allowed.has(type) ? 'ROLE_NOT_PERMITTED' : 'EVENT_NOT_ALLOWED_IN_STAGE');
      }
    }
    expect(await before(target.workflowId())).toMatchObject(was);
  });
});
