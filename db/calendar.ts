/**
 * Calendar years the award office entered from the State Council's holiday notices, and the
 * deadlines waiting for a year nobody has entered yet.
 *
 * Every entry of a year is kept as a new revision (who, when, from which notice); the newest is the
 * one in force. Entering the same content again adds nothing, so a retried request or import is
 * harmless.
 */
import { canonicalJson } from './canonical-json';
import type { Database, Queryable } from './database';

export interface StoredCalendarYear {
  year: number;
  revision: number;
  holidays: Array<{ festival: string; from: string; to: string }>;
  makeupWorkdays: Array<{ date: string; festival: string }>;
  notice: { title: string; publishedOn: string; documentNumber?: string; url?: string };
  enteredBy: string;
  enteredRole: string;
  enteredAt: Date;
  /** True when the year is also in the bundled data and the office chose to replace it. */
  overridesPackage: boolean;
}

export type NewCalendarYear = Omit<StoredCalendarYear, 'revision' | 'enteredAt'>;

interface CalendarYearRow {
  year: number;
  revision: number;
  holidays: StoredCalendarYear['holidays'];
  makeup_workdays: StoredCalendarYear['makeupWorkdays'];
  notice: StoredCalendarYear['notice'];
  entered_by: string;
  entered_role: string;
  entered_at: Date;
  overrides_package: boolean;
}

const toYear = (row: CalendarYearRow): StoredCalendarYear => ({
  year: row.year,
  revision: row.revision,
  holidays: row.holidays,
  makeupWorkdays: row.makeup_workdays,
  notice: row.notice,
  enteredBy: row.entered_by,
  enteredRole: row.entered_role,
  enteredAt: row.entered_at,
  overridesPackage: row.overrides_package,
});

/** Any constant of this system's own: with the year, the lock that orders revisions of that year. */
const CALENDAR_LOCK = 72_331_026;

const sameContent = (a: Pick<StoredCalendarYear, 'holidays' | 'makeupWorkdays' | 'notice'>, b: typeof a) =>
  canonicalJson([a.holidays, a.makeupWorkdays, a.notice]) === canonicalJson([b.holidays, b.makeupWorkdays, b.notice]);

/** Stores a revision unless the newest one has the same content; answers the one in force. */
export async function saveCalendarYear(db: Database, entry: NewCalendarYear): Promise<{ stored: StoredCalendarYear; created: boolean }> {
  return db.transaction(async (tx) => {
    await tx.query('SELECT pg_advisory_xact_lock($1, $2)', [CALENDAR_LOCK, entry.year]);
    const current = await calendarYear(tx, entry.year);
    if (current && sameContent(current, entry)) return { stored: current, created: false };
    const rows = await tx.query<CalendarYearRow>(
      `INSERT INTO calendar_years (year, revision, holidays, makeup_workdays, notice, entered_by, entered_role, overrides_package)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       RETURNING *`,
      [
        entry.year,
        (current?.revision ?? 0) + 1,
        JSON.stringify(entry.holidays),
        JSON.stringify(entry.makeupWorkdays),
        JSON.stringify(entry.notice),
        entry.enteredBy,
        entry.enteredRole,
        entry.overridesPackage,
      ],
    );
    return { stored: toYear(rows[0]!), created: true };
  });
}

/** The revision in force for `year`, if the office entered it. */
export async function calendarYear(db: Queryable, year: number): Promise<StoredCalendarYear | undefined> {
  const rows = await db.query<CalendarYearRow>('SELECT * FROM calendar_years WHERE year = $1 ORDER BY revision DESC LIMIT 1', [year]);
  return rows[0] ? toYear(rows[0]) : undefined;
}

/** The revision in force of every year the office entered, oldest year first. */
export async function calendarYears(db: Queryable): Promise<StoredCalendarYear[]> {
  const rows = await db.query<CalendarYearRow>('SELECT DISTINCT ON (year) * FROM calendar_years ORDER BY year, revision DESC');
  return rows.map(toYear);
}

export interface BlockedDeadline {
  workflowId: string;
  deadlineKey: string;
  /** The first day the calendar could not classify. */
  date: string;
  year: number;
  firstSeen: Date;
  lastSeen: Date;
  attempts: number;
}

interface BlockedDeadlineRow {
  workflow_id: string;
  deadline_key: string;
  date: string;
  year: number;
  first_seen: Date;
  last_seen: Date;
  attempts: number;
}

/** Records (or touches) a deadline that could not be computed for lack of calendar data. */
export async function recordBlockedDeadline(db: Queryable, blocked: { workflowId: string; deadlineKey: string; date: string; year: number }): Promise<void> {
  await db.query(
    `INSERT INTO calendar_blocked_deadlines (workflow_id, deadline_key, date, year)
     VALUES ($1, $2, $3, $4)
     ON CONFLICT (workflow_id, deadline_key)
     DO UPDATE SET date = EXCLUDED.date, year = EXCLUDED.year, last_seen = now(), attempts = calendar_blocked_deadlines.attempts + 1`,
    [blocked.workflowId, blocked.deadlineKey, blocked.date, blocked.year],
  );
}

/** The deadline was computed after all. */
export async function clearBlockedDeadline(db: Queryable, workflowId: string, deadlineKey: string): Promise<void> {
  await db.query('DELETE FROM calendar_blocked_deadlines WHERE workflow_id = $1 AND deadline_key = $2', [workflowId, deadlineKey]);
}

/**
 * Deadlines still waiting for a year's data, oldest first (at most `limit`), and how many there
 * are. A waiting activity touches its row at every attempt; one not seen for `seenWithinMs` has
 * stopped waiting (its workflow ended), so it is not counted.
 */
export async function blockedDeadlines(
  db: Queryable,
  options: { seenWithinMs: number; covered: { firstYear: number; lastYear: number }; limit?: number },
): Promise<{ items: BlockedDeadline[]; total: number }> {
  // A row of a year covered since is resolved at its next attempt; it no longer waits for anyone.
  const rows = await db.query<BlockedDeadlineRow & { total: string }>(
    `SELECT *, count(*) OVER () AS total FROM calendar_blocked_deadlines
     WHERE last_seen > now() - make_interval(secs => $1::double precision / 1000)
       AND year NOT BETWEEN $2 AND $3
     ORDER BY first_seen, workflow_id, deadline_key LIMIT $4`,
    [options.seenWithinMs, options.covered.firstYear, options.covered.lastYear, options.limit ?? 20],
  );
  return {
    total: Number(rows[0]?.total ?? 0),
    items: rows.map((row) => ({
      workflowId: row.workflow_id,
      deadlineKey: row.deadline_key,
      date: row.date,
      year: row.year,
      firstSeen: row.first_seen,
      lastSeen: row.last_seen,
      attempts: row.attempts,
    })),
  };
}
