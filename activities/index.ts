/**
 * Every activity the worker registers, built from their dependencies. Effects named by machines
 * are activities of the same name; each takes an EffectInput whose idempotencyKey makes a second
 * run change nothing.
 */
import { Context } from '@temporalio/activity';
import { ApplicationFailure } from '@temporalio/common';
import { openDatabase, migrate, redactUrl, type Database } from '../db';
import type { MailSettings } from '../config/mail';
import type { RecordsSettings } from '../config/records';
import { createCalendarWatchActivities } from './calendar-watch';
import { createCoordinationActivities } from './coordination';
import { createStandingActivities } from './standing';
import { createDeadlineActivities } from './deadlines';
import { createLetterActivities } from './letters';
import { createNoticeActivities } from './notices';
import { createRecordActivities } from './records';
import { createReminderActivities, createSmtpMailer, type Mailer } from './reminders';

export interface ActivityDeps {
  db: Database;
  mailer: Mailer;
}

export function createActivities(deps: ActivityDeps) {
  // The runtime's record keeping: short inserts with a short timeout, so no heartbeat; and no
  // bad-data give-up (they clean what PostgreSQL cannot hold), as a lost record is not an option.
  const records = createRecordActivities(deps);
  return {
    ...records,
    ...effectActivities(deps),
  };
}

function effectActivities(deps: ActivityDeps) {
  return heartbeating(failingPermanentlyOnBadData({
    ...createNoticeActivities(deps),
    ...createReminderActivities(deps),
    ...createLetterActivities(deps),
    ...createDeadlineActivities(deps),
    ...createCalendarWatchActivities(deps),
    ...createCoordinationActivities(deps),
    ...createStandingActivities(),
  }));
}

/** Often enough for the workflows' heartbeat timeout (10 s) to notice a worker that died mid-activity. */
const HEARTBEAT_EVERY_MS = 3_000;

/**
 * Every activity heartbeats while it runs, so a crashed worker's in-flight effect is retried on
 * another worker after the heartbeat timeout (seconds) rather than after its start-to-close
 * timeout (minutes), while a slow but live one (a mail server taking its time) runs on.
 */
export function heartbeating<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      let context: Context | undefined;
      try {
        context = Context.current();
      } catch {
        // Called directly (tests, scripts), not by a worker: nothing to heartbeat to.
      }
      const timer = context ? setInterval(() => context.heartbeat(), HEARTBEAT_EVERY_MS) : undefined;
      try {
        return await activity(...args);
      } finally {
        if (timer) clearInterval(timer);
      }
    };
  }
  return wrapped as T;
}

/**
 * PostgreSQL's data exceptions (SQLSTATE class 22: a NUL byte, a value out of range) fail the same
 * way on every retry. Such an effect gives up at once (non-retryable), so the workflow's later
 * effects run instead of queueing behind one that never succeeds; the runtime logs what gave up.
 * Anything else (a lost connection, a server restart) stays retryable.
 */
export function failingPermanentlyOnBadData<T extends Record<string, (...args: never[]) => Promise<unknown>>>(activities: T): T {
  const wrapped: Record<string, (...args: never[]) => Promise<unknown>> = {};
  for (const [name, activity] of Object.entries(activities)) {
    wrapped[name] = async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (error) {
        const code = (error as { code?: unknown }).code;
        if (error instanceof Error && typeof code === 'string' && /^22[0-9A-Z]{3}$/.test(code)) {
          throw ApplicationFailure.nonRetryable(`数据无法写入记录库（SQLSTATE ${code}）：${error.message}`, 'InvalidRecordData');
        }
        throw error;
      }
    };
  }
  return wrapped as T;
}

export type Activities = ReturnType<typeof createActivities>;

export interface ConnectedDeps extends ActivityDeps {
  close(): Promise<void>;
}

/**
 * Opens the records database (migrating it) and the mail transport from configuration; a worker
 * that cannot reach its database fails at start, saying where it looked.
 */
export async function connectActivityDeps(records: RecordsSettings, mail: MailSettings, options: { allowExitOnIdle?: boolean } = {}): Promise<ConnectedDeps> {
  const db = openDatabase(records.databaseUrl, { allowExitOnIdle: options.allowExitOnIdle });
  try {
    await migrate(db);
  } catch (error) {
    await db.close().catch(() => undefined);
    const hint = records.external ? '' : ' (DATABASE_URL is unset: is `npm start` running, which starts the embedded PostgreSQL?)';
    throw new Error(`cannot reach the records database at ${redactUrl(records.databaseUrl)}${hint}: ${error instanceof Error ? error.message : String(error)}`);
  }
  const mailer = createSmtpMailer(mail);
  return {
    db,
    mailer,
    async close() {
      mailer.close();
      await db.close();
    },
  };
}

export { createNoticeActivities, noticeBody, type AwardNoticeParams, type PublishNoticeParams } from './notices';
export { createReminderActivities, createSmtpMailer, messageIdFor, type Mailer, type OutgoingMail, type SendReminderParams } from './reminders';
