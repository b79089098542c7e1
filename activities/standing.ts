/**
 * An awarded application records the award in its organisation's standing
 * (`standing/<policyKey>/<orgId>`), starting that workflow the first time: signal-with-start, so the
 * standing exists from the first award on and every later cycle's award finds it, however many
 * cycles apart. The signal is the runtime's system message with the effect's idempotency key as its
 * id: a retried activity delivers it again and the standing drops the repeat (and records an award
 * only once per cycle and tier anyway).
 */
import { Context } from '@temporalio/activity';
import { standingWorkflowId, type RecordStandingParams, type StandingInput } from '../workflows/machines/standing/types';
import { systemMessageSignal } from '../workflows/runtime/definitions';
import type { EffectInput, MachineWorkflowInput } from '../workflows/runtime/types';

export function createStandingActivities() {
  return {
    async recordStanding(input: EffectInput<RecordStandingParams>): Promise<void> {
      const { policyKey, orgId, organisationName, contacts, cycle, tierId, awardedAt, decisionRef } = input.params;
      const context = Context.current();
      const machineInput: StandingInput = { policyKey, orgId, organisationName, contacts };
      const args: [MachineWorkflowInput<StandingInput>] = [{ machineInput }];
      await context.client.workflow.signalWithStart('standingWorkflow', {
        workflowId: standingWorkflowId(policyKey, orgId),
        taskQueue: context.info.taskQueue,
        args,
        signal: systemMessageSignal,
        signalArgs: [
          {
            event: { type: 'AWARD_RECORDED', cycle, tierId, awardedAt, organisationName, contacts, ...(decisionRef ? { decisionRef } : {}) },
            messageId: input.idempotencyKey,
            sender: input.workflowId,
          },
        ],
      });
    },
  };
}
