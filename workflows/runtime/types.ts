/**
 * Serializable shapes shared by the durable machine runtime, its clients and its tests.
 * Everything here crosses Temporal's payload converter, so it is plain JSON.
 */

/** An XState event as staff send it: `type` plus JSON fields. */
export interface MachineEvent {
  type: string;
  [field: string]: unknown;
}

/** The role of workflows and activities messaging each other; never a person's role. */
export const SYSTEM_ROLE = 'system';

/** Who sent an event; recorded with every transition. */
export interface Actor {
  id: string;
  role: string;
}

/** A pending machine delay (`after`, or a delayed `raise`), kept as an absolute instant. */
export interface PendingTimer {
  /** XState's id for the delayed event, e.g. `xstate.after.validity.notice.valid`. */
  id: string;
  event: MachineEvent;
  /** Epoch milliseconds, workflow time. */
  dueAt: number;
}

/** What a workflow carries into its next run on continue-as-new. */
export interface CarriedState {
  /** `machine.getPersistedSnapshot(snapshot)`: value, context, status, history. */
  snapshot: unknown;
  timers: PendingTimer[];
  stage: string;
  stageSince: number;
  /** Number of transitions applied since the workflow began, across runs. */
  seq: number;
  /**
   * Results of recent updates, so a retried update id is answered, not applied again. Results are
   * small (`TransitionResult`), never whole views: what a run carries must not grow with the context.
   */
  recentUpdates: Array<[updateId: string, result: TransitionResult]>;
  /** Ids of recent system messages (signals), so a redelivered message is not applied twice. */
  recentMessages?: string[];
  /** The runtime's patches that held when the chain began (see RUNTIME_PATCHES in run-machine.ts). */
  patches?: string[];
  /** Transitions accepted and not yet in the audit trail when the run rolled over (runtime/records.ts). */
  unwrittenTransitions?: TransitionRecord[];
  /** How many runs came before this one. */
  generation: number;
}

/** Input of every machine-backed workflow. */
export interface MachineWorkflowInput<TMachineInput = unknown> {
  /** Passed to the machine's `context` factory on the first run only. */
  machineInput: TMachineInput;
  /** Present only when a run continues a previous one. */
  carried?: CarriedState;
  /** Roll over to a new run once history reaches this many events (default 10,000). */
  maxHistoryEvents?: number;
}

/** The state of a machine-backed workflow as clients see it (query and update result). */
export interface StateView {
  machine: string;
  /** Flattened state value, e.g. `publicity` or `review.material`. */
  stage: string;
  /** Chinese label from the state's `meta.label`, falling back to the stage. */
  stageLabel: string;
  /** ISO instant at which the current stage was entered. */
  since: string;
  /** Role expected to act next (`meta.actor`), if the stage names one. */
  nextActor: string | null;
  /** Event types with a transition out of the current stage (guards decide at send time). */
  allowedEvents: string[];
  /** Roles that may send each event from this stage (`meta.roles`); events absent here are system events. */
  permissions: Record<string, string[]>;
  status: 'active' | 'done' | 'error' | 'stopped';
  context: unknown;
  timers: Array<{ event: string; dueAt: string }>;
  seq: number;
}

/**
 * What a staff update answers: where the machine stands after the transition, never its context. Its
 * size does not depend on the context, so history and continue-as-new stay bounded however large the
 * machine's context grows; readers fetch the view (memo or query) when they need it.
 */
export interface TransitionResult {
  machine: string;
  stage: string;
  stageLabel: string;
  since: string;
  nextActor: string | null;
  status: StateView['status'];
  seq: number;
}

/** The memo key under which machine-backed workflows keep their presented view (see `memoView`). */
export const VIEW_MEMO_KEY = 'view';

/** A view as kept in the memo: `context` is the machine's `present()`ed context, or absent when too large. */
export interface MemoView extends Omit<StateView, 'seq' | 'context'> {
  context?: unknown;
  /** True when the context was too large for the memo; read it with the `state` query instead. */
  contextOmitted?: boolean;
}

/** Input of every effect activity; `idempotencyKey` is stable across retries and replays. */
export interface EffectInput<TParams = unknown> {
  type: string;
  params: TParams;
  idempotencyKey: string;
  /** The transition that caused the effect (the workflow's `seq`); increases across runs, so receivers can drop stale messages. */
  seq: number;
  workflowId: string;
  machine: string;
  stage: string;
  /** Workflow time at which the transition that caused the effect happened (ISO). */
  at: string;
}

/** The payload of a refused transition, in the ApplicationFailure's details. */
export interface RefusalDetails {
  code: string;
  message: string;
  stage: string;
  event: string;
  allowedEvents: string[];
  /** The stage's label, so a caller can word its own message (absent in refusals recorded before it). */
  stageLabel?: string;
  /** The stage's `meta.roles`: who may send which of `allowedEvents` (absent in older refusals). */
  permissions?: Record<string, string[]>;
}

export const TRANSITION_REFUSED = 'TransitionRefused';

/** The refusal code of an event sent by a role the stage does not admit (HTTP 403, not 409). */
export const ROLE_NOT_PERMITTED = 'ROLE_NOT_PERMITTED';

/** One accepted transition, as the runtime hands it to the audit trail. */
export interface TransitionRecord {
  /** The workflow's transition counter after this transition (1 for the first), unique in its chain. */
  seq: number;
  event: string;
  stageBefore: string;
  stageAfter: string;
  /** Who sent it: a person (update), a workflow (system message), or the system (`timer:<id>`, `effect:<type>`). */
  actor: Actor | null;
  /** Workflow time, epoch ms. */
  at: number;
  reason: string | null;
  updateId: string | null;
  messageId: string | null;
}

/** Input of the `recordTransitions` local activity. */
export interface TransitionBatchInput {
  workflowId: string;
  /** The first run id of the workflow's chain. */
  chainId: string;
  machine: string;
  transitions: TransitionRecord[];
}

/** Input of the `archiveRecord` local activity: a workflow's final view as it closes. */
export interface ArchiveInput {
  workflowId: string;
  chainId: string;
  runId: string;
  workflowType: string;
  machine: string;
  view: StateView;
  /** Workflow time of the close, epoch ms. */
  closedAt: number;
}
