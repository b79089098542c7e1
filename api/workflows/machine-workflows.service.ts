import { ConflictException, Inject, Injectable, NotFoundException } from '@nestjs/common';
import { WorkflowExecutionAlreadyStartedError, type WorkflowHandle } from '@temporalio/client';
import { defaultPayloadConverter } from '@temporalio/common';
import { sendEventUpdate, stateQuery } from '../../workflows/runtime/definitions';
import { start as startMachine, view, type DurableMachine, type DurableState } from '../../workflows/runtime/interpreter';
import { identityAttributes, stageAttributes } from '../../workflows/runtime/search-attributes';
import { VIEW_MEMO_KEY, type Actor, type MachineEvent, type MachineWorkflowInput, type MemoView, type StateView, type TransitionResult } from '../../workflows/runtime/types';
import { findArchived, RECORDS, type Database } from '../../db';
import { eventNames, type ActionNamer } from '../common/actions';
import { toHttpError } from '../common/temporal-errors';
import { TemporalService } from '../temporal/temporal.module';
import { MACHINES_BY_WORKFLOW_TYPE } from './machines';

/** `seq` is present when the view came from the query; the memo leaves it out (see `memoView`). */
export interface WorkflowState extends Omit<StateView, 'seq'> {
  seq?: number;
  workflowId: string;
  runId: string;
  workflowType: string;
  executionStatus: string;
  /** Present (true) when Temporal no longer has the workflow and the view is its archived final one. */
  archived?: true;
}

/** What the archive keeps of a closed workflow (activities/records.ts): its final view, type and last run. */
type ArchivedView = StateView & { workflowType: string; runId: string };

/** Started, task scheduled, task started: a workflow with no more events has not completed a task. */
const FIRST_TASK_PENDING_EVENTS = 3;

function machineOf(workflowType: string): DurableMachine {
  const def = MACHINES_BY_WORKFLOW_TYPE[workflowType];
  if (!def) throw new Error(`no machine is known for workflow type ${workflowType}`);
  return def;
}

/** A view as the API answers it when nothing has run yet: the machine's initial state (no `seq`). */
function viewOf(def: DurableMachine, state: DurableState): Omit<StateView, 'seq'> {
  const { seq: _seq, ...rest } = view(def, state);
  return rest;
}

/** How long a request waits for Temporal before answering 503; the SDK would otherwise retry for minutes. */
const READ_DEADLINE_MS = 5_000;
const WRITE_DEADLINE_MS = 30_000;

/** Starts machine-backed workflows, sends them events and reads their state. Holds no state itself. */
@Injectable()
export class MachineWorkflowsService {
  constructor(
    @Inject(TemporalService) private readonly temporal: TemporalService,
    @Inject(RECORDS) private readonly records: Database,
  ) {}

  /** The closed workflow's final view from the archive, once Temporal has forgotten it. */
  async archived(workflowId: string): Promise<WorkflowState | undefined> {
    const record = await findArchived<ArchivedView>(this.records, workflowId);
    if (!record) return undefined;
    const { workflowType, runId, ...view } = record.view;
    return { workflowId, runId, workflowType, executionStatus: 'COMPLETED', ...view, archived: true };
  }

  private within<T>(ms: number, fn: () => Promise<T>): Promise<T> {
    return this.temporal.connection.withDeadline(Date.now() + ms, fn);
  }

  /**
   * Starts the workflow, or returns the one with that id, running or finished (a repeated request
   * starts nothing). A new workflow is answered with its machine's initial state, computed here by
   * the same pure interpreter the workflow runs: reading it back would wait for the workflow's first
   * task, which on deadline day queues behind a thousand others.
   */
  async start(workflowType: string, workflowId: string, input: MachineWorkflowInput): Promise<{ created: boolean; state: WorkflowState }> {
    // Temporal forgets a closed id after its retention; the archive does not, and the id stays taken.
    const archived = await this.archived(workflowId);
    if (archived) return { created: false, state: archived };
    try {
      let runId: string | undefined;
      const def = machineOf(workflowType);
      const initial = startMachine(def, input.machineInput, Date.now()).state;
      await this.within(WRITE_DEADLINE_MS, () => this.temporal.client.workflow
        .start(workflowType, {
          taskQueue: this.temporal.settings.taskQueue,
          workflowId,
          args: [input],
          // Visible (and its organisation known to the access checks) before its first task runs.
          typedSearchAttributes: [...identityAttributes(def, initial), ...stageAttributes(initial)],
          workflowIdConflictPolicy: 'FAIL',
          // An id names one real-world thing (a cycle, an application) once: starting it again must
          // answer the existing one, running or finished, never reopen a closed one as a new run.
          workflowIdReusePolicy: 'REJECT_DUPLICATE',
        })
        .then(
          (handle) => void (runId = handle.firstExecutionRunId),
          (error: unknown) => {
            if (!(error instanceof WorkflowExecutionAlreadyStartedError)) throw error;
          },
        ));
      if (runId === undefined) return { created: false, state: await this.state(workflowId) };
      return { created: true, state: { workflowId, runId, workflowType, executionStatus: 'RUNNING', ...viewOf(def, initial) } };
    } catch (error) {
      throw toHttpError(error, workflowId);
    }
  }

  /**
   * The workflow's view. Read from its memo through `describe`, which the server answers from the
   * workflow's stored state without waking the worker, so reads do not queue behind a busy
   * workflow's tasks. A workflow whose first task has not run yet (deadline day's backlog) is
   * answered with its machine's initial state, computed from its input; workflows started before
   * the memo, and views whose context was too large for it, by the `state` query.
   */
  async state(workflowId: string): Promise<WorkflowState> {
    try {
      const handle = this.temporal.client.workflow.getHandle(workflowId);
      const description = await this.within(READ_DEADLINE_MS, () => handle.describe());
      const memo = description.memo?.[VIEW_MEMO_KEY] as MemoView | undefined;
      const current: Omit<StateView, 'seq'> & { seq?: number } =
        memo && !memo.contextOmitted
          ? (memo as Omit<StateView, 'seq'>)
          : description.historyLength <= FIRST_TASK_PENDING_EVENTS && MACHINES_BY_WORKFLOW_TYPE[description.type]
            ? await this.initialView(handle, description.type)
            : await this.within(READ_DEADLINE_MS, () => handle.query(stateQuery));
      return {
        workflowId,
        runId: description.runId,
        workflowType: description.type,
        executionStatus: description.status.name,
        ...current,
      };
    } catch (error) {
      const mapped = toHttpError(error, workflowId);
      if (mapped instanceof NotFoundException) {
        const archived = await this.archived(workflowId);
        if (archived) return archived;
      }
      throw mapped;
    }
  }

  /** The initial state of a workflow that has not run yet, from the input of its start event. */
  private async initialView(handle: WorkflowHandle, workflowType: string): Promise<Omit<StateView, 'seq'>> {
    const history = await this.within(READ_DEADLINE_MS, () => handle.fetchHistory());
    const payload = history.events?.[0]?.workflowExecutionStartedEventAttributes?.input?.payloads?.[0];
    const input = defaultPayloadConverter.fromPayload<MachineWorkflowInput>(payload as never);
    const started = history.events?.[0]?.eventTime;
    const def = machineOf(workflowType);
    return viewOf(def, startMachine(def, input.machineInput, started?.seconds ? Number(started.seconds) * 1000 : Date.now()).state);
  }

  /**
   * Sends a staff event; the idempotency key becomes the update id, so a retry is answered, not
   * re-applied. The answer is the update's own small result (the same for a repeat).
   */
  async send(workflowId: string, event: MachineEvent, idempotencyKey?: string, actor?: Actor, name: ActionNamer = eventNames): Promise<TransitionResult> {
    try {
      const handle = this.temporal.client.workflow.getHandle(workflowId);
      return await this.within(WRITE_DEADLINE_MS, () =>
        handle.executeUpdate(sendEventUpdate, {
          args: [{ event, ...(actor ? { actor } : {}) }],
          ...(idempotencyKey ? { updateId: idempotencyKey } : {}),
        }),
      );
    } catch (error) {
      const mapped = toHttpError(error, workflowId, actor ? { role: actor.role, name } : undefined);
      if (mapped instanceof NotFoundException && (await findArchived(this.records, workflowId))) throw archivedRefusal(workflowId);
      throw mapped;
    }
  }

  /**
   * Sends the event, then reads the view it left: what the API answers for an action. `transition`
   * is the update's own result, identical for a repeated key; the view is current.
   */
  async act(
    workflowId: string,
    event: MachineEvent,
    idempotencyKey?: string,
    actor?: Actor,
    name: ActionNamer = eventNames,
  ): Promise<WorkflowState & { transition: TransitionResult }> {
    const transition = await this.send(workflowId, event, idempotencyKey, actor, name);
    return { ...(await this.state(workflowId)), transition };
  }
}

/** An action on a workflow that has closed and been archived: nothing can move it any more. */
function archivedRefusal(workflowId: string): ConflictException {
  return new ConflictException({
    code: 'WORKFLOW_ARCHIVED',
    message: `流程 ${workflowId} 已结束并归档，不能再执行操作；可查阅其归档记录和审计记录`,
    workflowId,
    allowedActions: [],
  });
}
