/**
 * Reminders by mail. The outbox row is written before anything is sent and delivered once per
 * idempotency key (see db/messages.ts for the one window it cannot close), so a retried or
 * replayed effect never mails twice. A failed send leaves the row pending and throws, and
 * Temporal retries the activity.
 */
import { createHash } from 'node:crypto';
import { ApplicationFailure } from '@temporalio/common';
import nodemailer from 'nodemailer';
import { resolveRecipient, type MailSettings } from '../config/mail';
import { deliverOnce, PermanentSendError, recordMessage, type Database } from '../db';
import type { EffectInput } from '../workflows/runtime/types';

export interface OutgoingMail {
  to: string;
  subject: string;
  text: string;
  /** Stable per idempotency key, so a copy resent after a crash can be recognised downstream. */
  messageId: string;
  headers?: Record<string, string>;
}

export interface Mailer {
  /** The recipient addresses for `to`, a role such as `office` or an address. Throws when unknown. */
  resolve(to: string): string;
  /** Hands the message to the mail server; resolves with the Message-ID the server accepted. */
  send(mail: OutgoingMail): Promise<{ messageId: string }>;
  /** Domain for generated Message-IDs. */
  readonly domain: string;
  close(): void;
}

export function createSmtpMailer(settings: MailSettings): Mailer {
  const transport = nodemailer.createTransport(settings.smtpUrl, { from: settings.from });
  const domain = /@([^>\s]+)>?\s*$/.exec(settings.from)?.[1] ?? 'quality-award.localhost';
  return {
    domain,
    resolve: (to) => resolveRecipient(to, settings),
    async send(mail) {
      try {
        const info = await transport.sendMail({ to: mail.to, subject: mail.subject, text: mail.text, messageId: mail.messageId, headers: mail.headers });
        return { messageId: info.messageId };
      } catch (error) {
        // 5xx is the server's final word (unknown mailbox, policy); anything else may pass on retry.
        const code = (error as { responseCode?: number }).responseCode;
        if (code !== undefined && code >= 500 && code < 600) throw new PermanentSendError(`SMTP ${code}: ${(error as Error).message}`);
        throw error;
      }
    },
    close: () => transport.close(),
  };
}

export interface SendReminderParams {
  /** A role (`office`, `reviewer`, ...) resolved through MAIL_<ROLE>, or an address. */
  to: string;
  subject: string;
  body: string;
  /** Epoch ms of the deadline the reminder is about, if any. */
  dueAt?: number;
}

export function messageIdFor(idempotencyKey: string, domain: string): string {
  return `<${createHash('sha256').update(idempotencyKey).digest('hex').slice(0, 40)}@${domain}>`;
}

export interface MailOnce {
  idempotencyKey: string;
  workflowId?: string | null;
  /** A role (`office`, `admin`, ...) resolved through MAIL_<ROLE>, or an address. */
  to: string;
  subject: string;
  body: string;
  dueAt?: number;
}

/**
 * Records the message in the outbox and delivers it at most once per idempotency key: a retried
 * activity, a second worker or a crash between the two steps never mails twice.
 */
export async function sendMailOnce(deps: { db: Database; mailer: Mailer }, mail: MailOnce): Promise<void> {
  const { db, mailer } = deps;
  await recordMessage(db, {
    idempotencyKey: mail.idempotencyKey,
    workflowId: mail.workflowId ?? null,
    to: mailer.resolve(mail.to),
    subject: mail.subject,
    body: mail.body,
  });
  try {
    await deliverOnce(db, mail.idempotencyKey, async (message) => {
      const headers: Record<string, string> = { 'X-Idempotency-Key': message.idempotencyKey };
      if (message.workflowId) headers['X-Workflow-Id'] = message.workflowId;
      if (mail.dueAt !== undefined) headers['X-Due-At'] = new Date(mail.dueAt).toISOString();
      const sent = await mailer.send({
        to: message.to,
        subject: message.subject,
        text: message.body,
        messageId: messageIdFor(message.idempotencyKey, mailer.domain),
        headers,
      });
      return { smtpMessageId: sent.messageId };
    });
  } catch (error) {
    if (error instanceof PermanentSendError) {
      // Retrying a rejected recipient would only repeat the rejection; the row says 'failed'.
      throw ApplicationFailure.nonRetryable(error.message, 'MailRejected');
    }
    throw error;
  }
}

export function createReminderActivities(deps: { db: Database; mailer: Mailer }) {
  return {
    async sendReminder(input: EffectInput<SendReminderParams>): Promise<void> {
      const { to, subject, body, dueAt } = input.params;
      await sendMailOnce(deps, { idempotencyKey: input.idempotencyKey, workflowId: input.workflowId, to, subject, body, ...(dueAt !== undefined ? { dueAt } : {}) });
    },
  };
}
