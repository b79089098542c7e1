/**
 * One workflow per namespace (`calendar-watch`) that looks at the working-day calendar's coverage
 * every morning: from 1 October, while next year's holiday notice is not entered, the admin role
 * is mailed (once per year; the activity's outbox key makes repeats harmless). A durable timer,
 * not a process's interval, so a restart or a week's outage of the worker loses no check.
 */
import { continueAsNew, proxyActivities, sleep } from '@temporalio/workflow';
import type { createCalendarWatchActivities } from '../activities/calendar-watch';
import { addDays, chinaDateOf, chinaStartOfDay } from './policy/dates';

export const CALENDAR_WATCH_WORKFLOW_ID = 'calendar-watch';
/** Checks per run before continuing as new: a run's history stays at a few hundred events. */
const CHECKS_PER_RUN = 60;
const CHECK_HOUR_MS = 9 * 3_600_000;

const { checkCalendarCoverage } = proxyActivities<ReturnType<typeof createCalendarWatchActivities>>({
  startToCloseTimeout: '1 minute',
  retry: { initialInterval: '10 seconds', backoffCoefficient: 2, maximumInterval: '1 hour' },
});

/** Until 09:00 China time tomorrow. */
export function untilNextCheck(now: number): number {
  return chinaStartOfDay(addDays(chinaDateOf(now), 1)) + CHECK_HOUR_MS - now;
}

export async function calendarWatchWorkflow(): Promise<void> {
  for (let check = 0; check < CHECKS_PER_RUN; check++) {
    await checkCalendarCoverage({ at: Date.now() });
    await sleep(untilNextCheck(Date.now()));
  }
  await continueAsNew<typeof calendarWatchWorkflow>();
}
