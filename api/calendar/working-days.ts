/**
 * The working-day calendar as readers need it (service-level due dates in cycle views): the office's
 * years over the bundled package, read from PostgreSQL at most once a minute, so that busy GETs on
 * deadline day do not each read the calendar table. An office entry shows within that minute.
 */
import { loadWorkingDayCalendar } from '../../activities/calendar';
import type { Queryable } from '../../db';
import type { WorkingDayCalendar } from '../../workflows/policy/index.js';

const FRESH_FOR_MS = 60_000;

export function cachedWorkingDayCalendar(db: Queryable): () => Promise<WorkingDayCalendar> {
  let cached: { at: number; calendar: Promise<WorkingDayCalendar> } | undefined;
  return () => {
    const now = Date.now();
    if (!cached || now - cached.at > FRESH_FOR_MS) {
      const calendar = loadWorkingDayCalendar(db);
      cached = { at: now, calendar };
      // A failed read is not kept: the next reader tries again.
      calendar.catch(() => {
        if (cached?.calendar === calendar) cached = undefined;
      });
    }
    return cached.calendar;
  };
}
