/**
 * Every workflow type the worker registers. This file and everything it imports is bundled into
 * Temporal's deterministic sandbox: no I/O, no clocks but the workflow's, no Node built-ins.
 */
export { cycleWorkflow, applicationWorkflow, standingWorkflow } from './award-workflows';
export { demoNoticeWorkflow } from './demo-notice-workflow';
export { calendarWatchWorkflow } from './calendar-watch-workflow';
