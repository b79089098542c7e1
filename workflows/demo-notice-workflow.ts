import { demoNotice } from './machines/demo-notice';
import { runMachine } from './runtime/run-machine';
import type { MachineWorkflowInput, StateView } from './runtime/types';
import type { DemoNoticeInput } from './machines/demo-notice';

export async function demoNoticeWorkflow(input: MachineWorkflowInput<DemoNoticeInput>): Promise<StateView> {
  return runMachine(demoNotice, input);
}
