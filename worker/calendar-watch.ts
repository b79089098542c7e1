/** Starts the namespace's calendar watch unless it already runs; every worker process may call it. */
import { Client, WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import type { NativeConnection } from '@temporalio/worker';
import { CALENDAR_WATCH_WORKFLOW_ID } from '../workflows/calendar-watch-workflow';

export async function ensureCalendarWatch(connection: NativeConnection, namespace: string, taskQueue: string): Promise<'started' | 'running'> {
  const client = new Client({ connection, namespace });
  try {
    await client.workflow.start('calendarWatchWorkflow', { workflowId: CALENDAR_WATCH_WORKFLOW_ID, taskQueue, args: [] });
    return 'started';
  } catch (error) {
    if (error instanceof WorkflowExecutionAlreadyStartedError) return 'running';
    throw error;
  }
}
