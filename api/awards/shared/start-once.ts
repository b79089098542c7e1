import type { MachineWorkflowInput } from '../../../workflows/runtime/types';
import type { MachineWorkflowsService, WorkflowState } from '../../workflows/machine-workflows.service';
import { errorCode } from './errors';

/**
 * Starts an award workflow unless one with that id exists, running or finished. Temporal would
 * start a fresh run over a closed one (a withdrawn application, a closed cycle), which would
 * reopen it; an award id is used once. Two requests racing past the read are settled by
 * `start` itself (the second finds the first running).
 */
export async function startOnce(
  workflows: MachineWorkflowsService,
  workflowType: string,
  workflowId: string,
  input: MachineWorkflowInput,
): Promise<{ created: boolean; state: WorkflowState }> {
  try {
    return { created: false, state: await workflows.state(workflowId) };
  } catch (error) {
    if (errorCode(error) !== 'WORKFLOW_NOT_FOUND') throw error;
  }
  return workflows.start(workflowType, workflowId, input);
}
