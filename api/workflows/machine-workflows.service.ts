import { Inject, Injectable } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/client';
import { sendEventUpdate, stateQuery } from '../../workflows/runtime/definitions';
import type { Actor, MachineEvent, MachineWorkflowInput, StateView } from '../../workflows/runtime/types';
import { toHttpError } from '../common/temporal-errors';
import { TemporalService } from '../temporal/temporal.module';

export interface WorkflowState extends StateView {
  workflowId: string;
  runId: string;
  workflowType: string;
  executionStatus: string;
}

/** How long a request waits for Temporal before answering 503; the SDK would otherwise retry for minutes. */
const READ_DEADLINE_MS = 5_000;
const WRITE_DEADLINE_MS = 30_000;

/** Starts machine-backed workflows, sends them events and reads their state. Holds no state itself. */
@Injectable()
export class MachineWorkflowsService {
  constructor(@Inject(TemporalService) private readonly temporal: TemporalService) {}

  private within<T>(ms: number, fn: () => Promise<T>): Promise<T> {
    return this.temporal.connection.withDeadline(Date.now() + ms, fn);
  }

  /** Starts the workflow, or returns the one with that id, running or finished (a repeated request starts nothing). */
  async start(workflowType: string, workflowId: string, input: MachineWorkflowInput): Promise<{ created: boolean; state: WorkflowState }> {
    try {
      let created = true;
      await this.within(WRITE_DEADLINE_MS, () => this.temporal.client.workflow
        .start(workflowType, {
          taskQueue: this.temporal.settings.taskQueue,
          workflowId,
          args: [input],
          workflowIdConflictPolicy: 'FAIL',
          // An id names one real-world thing (a cycle, an application) once: starting it again must
          // answer the existing one, running or finished, never reopen a closed one as a new run.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        })
        .catch((error: unknown) => {
          if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          created = false;
        }));
      return { created, state: await this.state(workflowId) };
    } catch (error) {
      throw toHttpError(error, workflowId);
    }
  }

  async state(workflowId: string): Promise<WorkflowState> {
    try {
      const handle = this.temporal.client.workflow.getHandle(workflowId);
      const [description, view] = await this.within(READ_DEADLINE_MS, () => Promise.all([handle.describe(), handle.query(stateQuery)]));
      return {
        workflowId,
        runId: description.runId,
        workflowType: description.type,
        executionStatus: description.status.name,
        ...view,
      };
    } catch (error) {
      throw toHttpError(error, workflowId);
    }
  }

  /** Sends a staff event; the idempotency key becomes the update id, so a retry is answered, not re-applied. */
  async send(workflowId: string, event: MachineEvent, idempotencyKey?: string, actor?: Actor): Promise<StateView> {
    try {
      const handle = this.temporal.client.workflow.getHandle(workflowId);
      return await this.within(WRITE_DEADLINE_MS, () =>
        handle.executeUpdate(sendEventUpdate, {
          args: [{ event, ...(actor ? { actor } : {}) }],
          ...(idempotencyKey ? { updateId: idempotencyKey } : {}),
        }),
      );
    } catch (error) {
      throw toHttpError(error, workflowId);
    }
  }
}
