/**
 * The outbox of outgoing mail. A message is recorded before it is sent, once per idempotency key;
 * delivery holds the row's lock while talking to the mail server, so two concurrent runs of the
 * same activity cannot both send, and a worker that dies mid-send takes its transaction with it
 * (the row stays pending, the retry sends: tests/awards/reminder-worker-killed.test.ts).
 * The one window no outbox closes over SMTP is between the server's 250 and our COMMIT; a copy
 * sent again after a crash there has the same Message-ID, by which mail systems deduplicate.
 */
import type { Database, Queryable } from './database';

export type MessageStatus = 'pending' | 'sent' | 'failed';

export interface OutboxMessage {
  id: string;
  idempotencyKey: string;
  workflowId: string | null;
  to: string;
  subject: string;
  body: string;
  status: MessageStatus;
  attempts: number;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
  smtpMessageId: string | null;
}

export interface NewMessage {
  idempotencyKey: string;
  workflowId?: string | null;
  to: string;
  subject: string;
  body: string;
}

interface MessageRow {
  id: string;
  idempotency_key: string;
  workflow_id: string | null;
  recipient: string;
  subject: string;
  body: string;
  status: MessageStatus;
  attempts: number;
  last_error: string | null;
  created_at: Date;
  sent_at: Date | null;
  smtp_message_id: string | null;
}

const toMessage = (row: MessageRow): OutboxMessage => ({
  id: String(row.id),
  idempotencyKey: row.idempotency_key,
  workflowId: row.workflow_id,
  to: row.recipient,
  subject: row.subject,
  body: row.body,
  status: row.status,
  attempts: row.attempts,
  lastError: row.last_error,
  createdAt: row.created_at,
  sentAt: row.sent_at,
  smtpMessageId: row.smtp_message_id,
});

/** Records the message unless its key is known; the first recorded text is the one that is sent. */
export async function recordMessage(db: Queryable, message: NewMessage): Promise<{ message: OutboxMessage; created: boolean }> {
  const inserted = await db.query<MessageRow>(
    `INSERT INTO mail_outbox (idempotency_key, workflow_id, recipient, subject, body)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (idempotency_key) DO NOTHING
     RETURNING *`,
    [message.idempotencyKey, message.workflowId ?? null, message.to, message.subject, message.body],
  );
  if (inserted[0]) return { message: toMessage(inserted[0]), created: true };
  const existing = await findMessage(db, message.idempotencyKey);
  if (!existing) throw new Error(`message ${message.idempotencyKey} conflicted but cannot be read back`);
  return { message: existing, created: false };
}

export async function findMessage(db: Queryable, idempotencyKey: string): Promise<OutboxMessage | undefined> {
  const rows = await db.query<MessageRow>('SELECT * FROM mail_outbox WHERE idempotency_key = $1', [idempotencyKey]);
  return rows[0] ? toMessage(rows[0]) : undefined;
}

export async function listMessages(db: Queryable, filter: { status?: MessageStatus; limit?: number } = {}): Promise<OutboxMessage[]> {
  const limit = Math.min(Math.max(Math.trunc(filter.limit ?? 50), 1), 200);
  const rows = filter.status
    ? await db.query<MessageRow>('SELECT * FROM mail_outbox WHERE status = $1 ORDER BY created_at DESC, id DESC LIMIT $2', [filter.status, limit])
    : await db.query<MessageRow>('SELECT * FROM mail_outbox ORDER BY created_at DESC, id DESC LIMIT $1', [limit]);
  return rows.map(toMessage);
}

export interface SendOutcome {
  smtpMessageId: string;
}

/** A send failure that retrying cannot fix (the server rejected the recipient for good). */
export class PermanentSendError extends Error {
  override name = 'PermanentSendError';
}

export interface Delivery {
  message: OutboxMessage;
  /** False when an earlier run had already sent (or given up on) this message. */
  sentNow: boolean;
}

/**
 * Sends the recorded message at most once. The row stays locked for the duration of the send, so
 * a concurrent run waits and then finds it sent. A failure is counted on the row (still pending,
 * or failed when permanent) and rethrown after that is committed, so the caller can retry.
 */
export async function deliverOnce(db: Database, idempotencyKey: string, send: (message: OutboxMessage) => Promise<SendOutcome>): Promise<Delivery> {
  let failure: unknown;
  const delivery = await db.transaction(async (tx): Promise<Delivery> => {
    // A run stuck on a dead connection must not block the retry forever.
    await tx.query("SET LOCAL lock_timeout = '60s'");
    const rows = await tx.query<MessageRow>('SELECT * FROM mail_outbox WHERE idempotency_key = $1 FOR UPDATE', [idempotencyKey]);
    if (!rows[0]) throw new Error(`no outbox message with key ${idempotencyKey}; record it first`);
    const current = toMessage(rows[0]);
    if (current.status !== 'pending') return { message: current, sentNow: false };
    try {
      const outcome = await send(current);
      const [updated] = await tx.query<MessageRow>(
        `UPDATE mail_outbox SET status = 'sent', attempts = attempts + 1, sent_at = now(), smtp_message_id = $2, last_error = NULL
         WHERE idempotency_key = $1 RETURNING *`,
        [idempotencyKey, outcome.smtpMessageId],
      );
      return { message: toMessage(updated!), sentNow: true };
    } catch (error) {
      failure = error;
      const [updated] = await tx.query<MessageRow>(
        `UPDATE mail_outbox SET status = $2, attempts = attempts + 1, last_error = $3 WHERE idempotency_key = $1 RETURNING *`,
        [idempotencyKey, error instanceof PermanentSendError ? 'failed' : 'pending', error instanceof Error ? error.message : String(error)],
      );
      return { message: toMessage(updated!), sentNow: false };
    }
  });
  if (failure !== undefined) throw failure;
  return delivery;
}
