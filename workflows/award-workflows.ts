/**
 * The award workflows: each is the durable runtime running one machine. Ids are readable
 * (`cycle/ganzhou-2022/2026`, `application/ganzhou-2022/2026/<org>`; see machines/cycle/ids.ts).
 */
import { patched, workflowInfo } from '@temporalio/workflow';
import { application, type ApplicationInput } from './machines/application';
import { cycle, type CycleInput } from './machines/cycle';
import { standing, type StandingInput } from './machines/standing';
import { runMachine } from './runtime/run-machine';
import type { MachineWorkflowInput, StateView } from './runtime/types';

/**
 * Workflows started since the policies' declared articles are enforced (vote records, objection
 * forms, receipts and notifications, supplement notices, service levels…) carry `enforcesArticles`;
 * those started before replay their histories without them.
 */
const ARTICLES_PATCH = 'policy-articles-enforced';

export async function cycleWorkflow(input: MachineWorkflowInput<CycleInput>): Promise<StateView> {
  return runMachine(
    cycle,
    input.carried ? input : { ...input, machineInput: { ...input.machineInput, enforcesArticles: input.machineInput.enforcesArticles ?? patched(ARTICLES_PATCH) } },
  );
}

export async function applicationWorkflow(input: MachineWorkflowInput<ApplicationInput>): Promise<StateView> {
  return runMachine(application, input.carried ? input : { ...input, machineInput: submission(input.machineInput) });
}

/**
 * An organisation's standing under one jurisdiction (`standing/<policyKey>/<orgId>`): started by its
 * first award (the `recordStanding` activity) and kept for as long as its record matters, across
 * cycles; the runtime continues it as new whenever its history grows.
 */
export async function standingWorkflow(input: MachineWorkflowInput<StandingInput>): Promise<StateView> {
  return runMachine(standing, input);
}

/**
 * The submission instant is when the server accepted the workflow's start, not anything a caller
 * claims and not when its first task ran (on deadline day that can be seconds later, after the
 * close): the cycle judges lateness by it. Applications started before reviewer assignments were
 * reported to the applications table replay without those reports.
 */
function submission(input: ApplicationInput): ApplicationInput {
  return {
    ...input,
    submittedAt: input.submittedAt ?? workflowInfo().startTime.getTime(),
    reportsReviewers: input.reportsReviewers ?? patched('application-reports-reviewers'),
    enforcesArticles: input.enforcesArticles ?? patched(ARTICLES_PATCH),
    recordsStanding: input.recordsStanding ?? patched('award-standing'),
  };
}
