/**
 * The audit trail across a worker killed while transitions are being recorded (issue 13): a real
 * worker process takes a stream of staff updates to a standing, each one a transition its local
 * activity writes to PostgreSQL; it is killed (SIGKILL) in the middle of the stream, a second
 * worker takes over, the stream goes on (the callers retrying with the same update ids, as the
 * API does with an Idempotency-Key). Afterwards the trail holds every transition exactly once, seq
 * 1..n without a gap, and matches the workflow's history transition for transition.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { connectActivityDeps, type ConnectedDeps } from '../../activities';
import { auditOf } from '../../db';
import type { DevServer } from '../../scripts/temporal/dev-server';
import { standingWorkflowId, type StandingInput } from '../../workflows/machines/standing';
import { sendEventUpdate, systemMessageSignal } from '../../workflows/runtime/definitions';
import type { MachineWorkflowInput } from '../../workflows/runtime/types';
import { expectAuditMatchesHistory } from '../support/audit-history';
import { eventually } from '../support/eventually';
import { testMailSettings, testRecordsSettings } from '../support/services';
import { devServer } from '../support/temporal';
import { spawnWorker, startTakeOverWorker, type InProcessWorker, type WorkerProcess } from '../support/worker-process';

const POLICY = 'ganzhou-2022';
const ORG = `org-audit-${randomUUID().slice(0, 8)}`;
const workflowId = standingWorkflowId(POLICY, ORG);
const taskQueue = `audit-killed-${randomUUID()}`;
const UPDATES = 120;
const KILL_AFTER = 30;

let server: DevServer;
let client: Client;
let deps: ConnectedDeps;
let firstWorker: WorkerProcess | undefined;
let second: InProcessWorker | undefined;

beforeAll(async () => {
  server = await devServer();
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
  deps = await connectActivityDeps(testRecordsSettings(), testMailSettings(), { allowExitOnIdle: true });
});

afterAll(async () => {
  await firstWorker?.kill();
  await second?.stop();
  await client?.connection.close();
  await deps?.close();
  await server?.stop();
});

/** One staff update, retried with its id until the workflow answers (a worker may be dead meanwhile). */
async function update(i: number): Promise<void> {
  for (;;) {
    try {
      await client.workflow.getHandle(workflowId).executeUpdate(sendEventUpdate, {
        updateId: `contacts-${i}`,
        args: [{ event: { type: 'CONTACTS_UPDATED', contacts: [`contact-${i}@example.cn`] }, actor: { id: `${ORG}-user`, role: 'applicant' } }],
      });
      return;
    } catch (error) {
      if ((error as Error).name === 'WorkflowUpdateFailedError') throw error;
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

describe('the audit trail when the worker dies while recording (issue 13)', () => {
  it('holds every transition once after a second worker takes over', async () => {
    firstWorker = spawnWorker({ address: server.address, taskQueue });
    await firstWorker.ready;
    const args: [MachineWorkflowInput<StandingInput>] = [{ machineInput: { policyKey: POLICY, orgId: ORG, organisationName: '赣州示例有限公司', contacts: [`${ORG}@example.cn`] } }];
    await client.workflow.signalWithStart('standingWorkflow', {
      workflowId,
      taskQueue,
      args,
      signal: systemMessageSignal,
      signalArgs: [
        {
          event: { type: 'AWARD_RECORDED', cycle: 2026, tierId: 'award', awardedAt: Date.now(), organisationName: '赣州示例有限公司', contacts: [`${ORG}@example.cn`] },
          messageId: `application/${POLICY}/2026/${ORG}/1.0/recordStanding`,
          sender: `application/${POLICY}/2026/${ORG}`,
        },
      ],
    });

    // Four callers at a time, as a busy office would send them.
    let next = 0;
    const callers = Array.from({ length: 4 }, async () => {
      while (next < UPDATES) await update(next++);
    });
    await eventually(() => auditOf(deps.db, workflowId), (rows) => rows.length >= KILL_AFTER, `${KILL_AFTER} transitions recorded by the first worker`, 60_000);
    await firstWorker.kill();
    const killedAt = (await auditOf(deps.db, workflowId)).length;

    second = await startTakeOverWorker({ address: server.address, taskQueue });
    await Promise.all(callers);

    const trail = await expectAuditMatchesHistory(client, deps.db, workflowId);
    const seen = new Set(trail.map((t) => t.updateId));
    const missing = Array.from({ length: UPDATES }, (_, i) => `contacts-${i}`).filter((id) => !seen.has(id));
    expect(missing, 'updates the trail does not have').toEqual([]);
    // The award and every update, once each; the kill fell inside the stream.
    expect(trail).toHaveLength(1 + UPDATES);
    expect(killedAt).toBeLessThan(trail.length);
    expect(new Set(trail.filter((t) => t.updateId).map((t) => t.updateId)).size).toBe(UPDATES);
    expect(trail[0]).toMatchObject({ seq: 1, event: 'AWARD_RECORDED', actor: { role: 'system' } });
  });
});
