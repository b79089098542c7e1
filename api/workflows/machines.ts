/** Which machine each workflow type runs, so the API can compute a workflow's initial state itself. */
import { application } from '../../workflows/machines/application/machine';
import { cycle } from '../../workflows/machines/cycle/machine';
import { demoNotice } from '../../workflows/machines/demo-notice';
import { standing } from '../../workflows/machines/standing';
import type { DurableMachine } from '../../workflows/runtime/interpreter';

export const MACHINES_BY_WORKFLOW_TYPE: Readonly<Record<string, DurableMachine>> = {
  cycleWorkflow: cycle,
  applicationWorkflow: application,
  demoNoticeWorkflow: demoNotice,
  standingWorkflow: standing,
};
