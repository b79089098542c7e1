/**
 * sendReminder over real SMTP into the run's sink, with the outbox in the run's PostgreSQL:
 * one mail per key however often the activity runs, and a failed send stays pending and throws.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectActivityDeps, createActivities, type ConnectedDeps, type SendReminderParams } from '../../activities';
import { findMessage } from '../../db';
import { freePort } from '../../scripts/lib/server-process';
import type { EffectInput } from '../../workflows/runtime/types';
import { receivedMail, testActivityDeps, testMailSettings, testRecordsSettings } from '../support/services';

let deps: ConnectedDeps;

beforeAll(async () => {
  deps = await testActivityDeps();
});

afterAll(async () => {
  await deps?.close();
});

function reminder(params: Partial<SendReminderParams> = {}): EffectInput<SendReminderParams> {
  const workflowId = `cycle/ganzhou-2022/${randomUUID()}`;
  return {
    type: 'sendReminder',
    params: {
      to: 'office',
      subject: '【提醒】拟奖名单公示期将于2025年10月17日届满',
      body: '公示期届满前请汇总异议并提交评审委员会。',
      dueAt: Date.UTC(2025, 9, 17, 16),
      ...params,
    },
    idempotencyKey: `${workflowId}/7.0/sendReminder`,
    seq: 7,
    workflowId,
    machine: 'cycle',
    stage: 'publicity',
    at: '2025-10-15T01:00:00.000Z',
  };
}

describe('sendReminder', () => {
  it('sends one mail when run twice with one key, Chinese subject intact', async () => {
    const { sendReminder } = createActivities(deps);
    const input = reminder();
    await sendReminder(input);
    await sendReminder(input);

    const mails = await receivedMail(input.idempotencyKey);
    expect(mails).toHaveLength(1);
    expect(mails[0]).toMatchObject({ to: ['office@example.gov.cn'], subject: input.params.subject, text: input.params.body });
    expect(mails[0]!.headers['x-workflow-id']).toBe(input.workflowId);
    expect(mails[0]!.headers['x-due-at']).toBe('2025-10-17T16:00:00.000Z');

    const row = await findMessage(deps.db, input.idempotencyKey);
    expect(row).toMatchObject({ status: 'sent', attempts: 1, to: 'office@example.gov.cn', lastError: null });
    expect(row!.smtpMessageId).toBe(mails[0]!.messageId);
  });

  it('sends one mail when two runs with one key race', async () => {
    const { sendReminder } = createActivities(deps);
    const input = reminder({ to: 'expert.zhang@example.com' });
    await Promise.all([sendReminder(input), sendReminder(input), sendReminder(input)]);
    expect(await receivedMail(input.idempotencyKey)).toHaveLength(1);
  });

  it('leaves the message pending and throws when the mail server is unreachable; a retry sends it', async () => {
    const unreachable = `smtp://127.0.0.1:${await freePort()}`;
    const broken = await connectActivityDeps(testRecordsSettings(), testMailSettings(undefined, { smtpUrl: unreachable }), { allowExitOnIdle: true });
    const input = reminder();
    try {
      await expect(createActivities(broken).sendReminder(input)).rejects.toThrow(/ECONNREFUSED|connect/i);
    } finally {
      await broken.close();
    }
    const pending = await findMessage(deps.db, input.idempotencyKey);
    expect(pending).toMatchObject({ status: 'pending', attempts: 1, sentAt: null });
    expect(pending!.lastError).toMatch(/ECONNREFUSED|connect/i);
    expect(await receivedMail(input.idempotencyKey)).toHaveLength(0);

    // What Temporal's retry does once the server is back.
    await createActivities(deps).sendReminder(input);
    expect(await findMessage(deps.db, input.idempotencyKey)).toMatchObject({ status: 'sent', attempts: 2 });
    expect(await receivedMail(input.idempotencyKey)).toHaveLength(1);
  });

  it('throws for a role without a configured address and records nothing', async () => {
    const input = reminder({ to: 'reviewer' });
    await expect(createActivities(deps).sendReminder(input)).rejects.toThrow(/MAIL_REVIEWER/);
    expect(await findMessage(deps.db, input.idempotencyKey)).toBeUndefined();
  });
});
