/**
 * The daily look at the calendar's coverage that `calendarWatchWorkflow` runs: from 1 October,
 * while next year is not entered, the admin role gets one reminder mail per year.
 */
import type { ActivityDeps } from './index';
import { remindAdminOfCalendar, type CalendarWarning } from './calendar/index.js';

export function createCalendarWatchActivities(deps: ActivityDeps) {
  return {
    /** `at`: the workflow's time (epoch ms), so a time-skipping test sees the date the workflow sees. */
    async checkCalendarCoverage(input: { at: number }): Promise<CalendarWarning | null> {
      return (await remindAdminOfCalendar(deps, input.at)) ?? null;
    },
  };
}
