/**
 * A worker killed in the middle of a reminder send: the standing's reminder still reaches the mail
 * server exactly once. The first worker is a real process (`worker/main.ts`, as `npm run worker`
 * runs it) on a dev server; the mail server is an SMTP server of the test's own that reads the
 * reminder's whole DATA and then holds its reply, so the worker dies with the message on the wire
 * and the outbox row locked. SIGKILL: no handler runs, the PostgreSQL session ends with the
 * process and its transaction rolls back. A second worker takes the activity over once its
 * heartbeat stops (10 s) and sends the reminder; the held copy was never acknowledged (no 250), so
 * a mail server does not deliver it.
 *
 * What this cannot show, and no outbox can promise over SMTP: a crash in the milliseconds after the
 * server's 250 and before the outbox's COMMIT would send a second copy. That copy carries the same
 * Message-ID (`messageIdFor`), so mail systems that deduplicate by it show it once.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Client, Connection } from '@temporalio/client';
import { SMTPServer } from 'smtp-server';
import { findMessage, openDatabase, type Database } from '../../db';
import type { DevServer } from '../../scripts/temporal/dev-server';
import { toReceivedMail, type ReceivedMail } from '../../scripts/smtp/sink';
import { freePort } from '../../scripts/lib/server-process';
import { standingWorkflowId, type StandingContext, type StandingInput } from '../../workflows/machines/standing';
import { stateQuery, systemMessageSignal } from '../../workflows/runtime/definitions';
import type { MachineWorkflowInput, StateView } from '../../workflows/runtime/types';
import { eventually } from '../support/eventually';
import { testServices, TEST_ROLES } from '../support/services';
import { devServer } from '../support/temporal';
import { spawnWorker, startTakeOverWorker, type InProcessWorker, type WorkerProcess } from '../support/worker-process';

const POLICY = 'ganzhou-2022';
const ORG = `org-killed-${randomUUID().slice(0, 8)}`;
const workflowId = standingWorkflowId(POLICY, ORG);
const taskQueue = `worker-killed-${randomUUID()}`;
const DAY = 86_400_000;

/** An SMTP server that holds its answer to the first of this standing's messages and accepts the rest. */
interface HoldingSmtp {
  url: string;
  /** Messages acknowledged with 250, in order. */
  accepted: ReceivedMail[];
  /** Resolves with the idempotency key of the held message once its DATA is fully read. */
  held: Promise<string>;
  stop(): Promise<void>;
}

async function startHoldingSmtp(): Promise<HoldingSmtp> {
  const port = await freePort();
  const accepted: ReceivedMail[] = [];
  let holding = false;
  let release!: (key: string) => void;
  const held = new Promise<string>((resolve) => (release = resolve));
  const server = new SMTPServer({
    secure: false,
    disabledCommands: ['STARTTLS', 'AUTH'],
    authOptional: true,
    logger: false,
    onData(stream, _session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        toReceivedMail(accepted.length + 1, Buffer.concat(chunks)).then((mail) => {
          if (!holding && mail.headers['x-workflow-id'] === workflowId) {
            // Never answered: the sender waits for a 250 that does not come.
            holding = true;
            release(mail.headers['x-idempotency-key']!);
            return;
          }
          accepted.push(mail);
          callback(null, `queued as ${accepted.length}`);
        }, callback);
      });
    },
  });
  server.on('error', () => undefined);
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  return {
    url: `smtp://127.0.0.1:${port}`,
    accepted,
    held,
    // The held session never ends by itself; close() waits for sessions, so do not wait for it.
    stop: async () => void server.close(),
  };
}

let server: DevServer;
let records: Database;
let smtp: HoldingSmtp;
let client: Client;
let firstWorker: WorkerProcess | undefined;
let secondWorker: InProcessWorker | undefined;

beforeAll(async () => {
  server = await devServer();
  smtp = await startHoldingSmtp();
  records = openDatabase(testServices().databaseUrl, { max: 1, allowExitOnIdle: true });
  client = new Client({ connection: await Connection.connect({ address: server.address }) });
});

afterAll(async () => {
  await firstWorker?.kill();
  await secondWorker?.stop();
  await client?.connection.close();
  await records?.close();
  await smtp?.stop();
  await server?.stop();
});

describe('a worker killed during a reminder send (issue 12)', () => {
  it('sends the reminder once, from the worker that takes over', async () => {
    firstWorker = spawnWorker({ address: server.address, taskQueue, smtpUrl: smtp.url });
    await firstWorker.ready;

    // Awarded 400 days ago: the first annual report is overdue at once, so the standing's first
    // effects are the office's overdue reminders (赣州第二十四条).
    const awardedAt = Date.now() - 400 * DAY;
    const contact = `${ORG}@example.cn`;
    const args: [MachineWorkflowInput<StandingInput>] = [{ machineInput: { policyKey: POLICY, orgId: ORG, organisationName: '赣州示例有限公司', contacts: [contact] } }];
    await client.workflow.signalWithStart('standingWorkflow', {
      workflowId,
      taskQueue,
      args,
      signal: systemMessageSignal,
      signalArgs: [
        {
          event: { type: 'AWARD_RECORDED', cycle: 2024, tierId: 'award', awardedAt, decisionRef: '赣府字〔2024〕1号', organisationName: '赣州示例有限公司', contacts: [contact] },
          messageId: `application/${POLICY}/2024/${ORG}/1.0/recordStanding`,
          sender: `application/${POLICY}/2024/${ORG}`,
        },
      ],
    });

    const heldKey = await smtp.held;
    // A plain read is not blocked by the first worker's row lock.
    const locked = await findMessage(records, heldKey);
    expect(locked).toMatchObject({ status: 'pending', attempts: 0 });
    await firstWorker.kill();

    secondWorker = await startTakeOverWorker({ address: server.address, taskQueue, smtpUrl: smtp.url });

    const mine = () => smtp.accepted.filter((m) => m.headers['x-workflow-id'] === workflowId);
    const resent = await eventually(
      async () => mine().filter((m) => m.headers['x-idempotency-key'] === heldKey),
      (copies) => copies.length >= 1,
      'the held reminder sent by the second worker',
      60_000,
    );
    expect(resent).toHaveLength(1);
    expect(resent[0]!.to).toEqual([TEST_ROLES.office]);
    expect(resent[0]!.subject).toContain('逾期');

    // Everything the standing has asked for is done (the overdue reminders for every missed duty).
    const standing = client.workflow.getHandle(workflowId);
    await eventually(
      async () => (await standing.describe()).raw.pendingActivities ?? [],
      (pending) => pending.length === 0,
      'no effect still running',
      60_000,
    );
    const view = (await standing.query(stateQuery)) as StateView & { context: StandingContext };
    const overdue = view.context.duties.filter((d) => d.overdue);
    expect(overdue.length).toBeGreaterThanOrEqual(1);

    // Each of its mails exactly once, the one cut off included; its outbox row counts one attempt
    // (the killed one's increment rolled back with its transaction).
    const keys = mine().map((m) => m.headers['x-idempotency-key']);
    expect(new Set(keys).size).toBe(keys.length);
    expect(keys).toContain(heldKey);
    expect(await findMessage(records, heldKey)).toMatchObject({ status: 'sent', attempts: 1, smtpMessageId: resent[0]!.messageId });

    // And it was the second worker that sent it: the activity's recorded attempt is a retry.
    const history = await standing.fetchHistory();
    const retried = history.events!.filter((e) => (e.activityTaskStartedEventAttributes?.attempt ?? 1) > 1);
    expect(retried.length).toBeGreaterThanOrEqual(1);
  });
});

