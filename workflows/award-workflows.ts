/**
 * The award workflows: each is the durable runtime running one machine. Ids are readable
 * (`cycle/ganzhou-2022/2026`, `application/ganzhou-2022/2026/<org>`; see machines/cycle/ids.ts).
 */
import { application, type ApplicationInput } from './machines/application';
import { cycle, type CycleInput } from './machines/cycle';
import { runMachine } from './runtime/run-machine';
import type { MachineWorkflowInput, StateView } from './runtime/types';

export async function cycleWorkflow(input: MachineWorkflowInput<CycleInput>): Promise<StateView> {
  return runMachine(cycle, input);
}

export async function applicationWorkflow(input: MachineWorkflowInput<ApplicationInput>): Promise<StateView> {
  return runMachine(application, input);
}
