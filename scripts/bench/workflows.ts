/**
 * The benchmark's bundle: the production workflows plus a bare workflow with a no-op update, the
 * baseline the runtime is measured against. Kept out of workflows/ so production never ships it.
 */
import * as wf from '@temporalio/workflow';

export * from '../../workflows';

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
