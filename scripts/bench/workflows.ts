/**
 * The benchmark's bundle: the production workflows plus a bare workflow with a no-op update, the
 * baseline the runtime is measured against. Kept out of workflows/ so production never ships it.
 */
import * as wf from '@temporalio/workflow';
import { demoNotice } from '../../workflows/machines/demo-notice';
import { runMachine } from '../../workflows/runtime/run-machine';
import type { MachineWorkflowInput, StateView } from '../../workflows/runtime/types';

export * from '../../workflows';

/** The demo machine with its view kept in the memo, as the award machines keep theirs: what the memo costs. */
export async function demoNoticeMemoWorkflow(input: MachineWorkflowInput): Promise<StateView> {
  return runMachine({ ...demoNotice, viewInMemo: true }, input);
}

export const bareUpdate = wf.defineUpdate<number, [{ text: string }]>('bare');

export async function bareWorkflow(): Promise<void> {
  let count = 0;
  wf.setHandler(
    bareUpdate,
    () => {
      count += 1;
      return count;
    },
    { validator: (args) => { if (typeof args?.text !== 'string') throw new Error('text required'); } },
  );
  await wf.condition(() => false);
}
