/**
 * The pure half of the durable machine runtime: XState transitions as values, with the machine's
 * delays kept as absolute instants and its effects returned as data. No Temporal API is used here,
 * so it runs the same in a workflow, in the API (to explain a refusal) and in unit tests.
 *
 * We never start an XState actor: an actor would schedule `after` delays on the sandbox's
 * `setTimeout` and lose them on restore. `transition()` instead hands back the delayed raises and
 * their cancels, which we keep ourselves as due instants.
 */
import {
  initialTransition,
  transition,
  type AnyMachineSnapshot,
  type AnyStateMachine,
  type StateValue,
} from 'xstate';
import {
  ROLE_NOT_PERMITTED,
  SYSTEM_ROLE,
  type Actor,
  type MachineEvent,
  type MemoView,
  type PendingTimer,
  type RefusalDetails,
  type StateView,
  type TransitionResult,
} from './types';

/** A machine as the runtime runs it, with what the runtime needs to know beside the chart. */
export interface DurableMachine<TMachine extends AnyStateMachine = AnyStateMachine> {
  /** Stable name; part of workflow ids and of every effect's idempotency key. */
  name: string;
  machine: TMachine;
  /**
   * Domain checks the chart cannot express (policy rules, for example), asked before an event is
   * accepted. Returning a refusal rejects the event with that code and message.
   */
  refuse?: (snapshot: AnyMachineSnapshot, event: MachineEvent) => Refusal | undefined;
  /** What the workflow is about, for search attributes; read from the context at each run's start. */
  identify?: (context: never) => Identity;
  /**
   * The context as readers see it in the memo view. A machine whose context holds a table that
   * grows with its workload (the cycle's applications) leaves it out here: the memo is rewritten
   * whenever it changes, so it must stay small and must not change with every message.
   */
  present?: (context: never) => unknown;
  /**
   * Keep the view in the workflow's memo, where the API reads it with `describe`, answered by the
   * server without the worker, instead of a query, which waits for the worker (behind a busy
   * workflow's tasks, or replaying a finished one's whole history). Each change of the view costs
   * an event and server work on the write path: `npm run bench:runtime` prints what it costs.
   */
  viewInMemo?: boolean;
  /**
   * Continue as new at least this often (workflow time), however quiet the workflow is. For
   * machines that live for decades: a run stays short, picks up new workflow code, and never meets
   * a run timeout (Temporal's test server gives each run ten years). Only for machines defined with
   * it from their start: turning it on later would roll over workflows whose histories did not.
   */
  rollOverEveryMs?: number;
}

export interface Identity {
  jurisdiction?: string;
  cycle?: string;
  organisation?: string;
}

export interface Refusal {
  code: string;
  message: string;
}

/** Every event a machine receives from the runtime carries the workflow time it was applied at. */
export interface StampedEvent extends MachineEvent {
  /** Epoch milliseconds, workflow time. */
  at: number;
  actor?: Actor;
}

/** A side effect the machine asked for: run by the workflow as the activity named `type`. */
export interface Effect {
  type: string;
  params: unknown;
  /** `<seq>.<index>`: unique per effect within one workflow, stable across replays and runs. */
  key: string;
  /** The transition that asked for the effect. */
  seq: number;
}

export interface DurableState {
  snapshot: AnyMachineSnapshot;
  timers: PendingTimer[];
  stage: string;
  stageSince: number;
  seq: number;
}

export interface Step {
  state: DurableState;
  effects: Effect[];
}

/** Built-in action types that the runtime interprets; everything else is an effect. */
const RAISE = 'xstate.raise';
const CANCEL = 'xstate.cancel';
const IGNORED_BUILTINS = new Set(['xstate.log', 'xstate.assign', 'xstate.emit']);

export function start(def: DurableMachine, machineInput: unknown, now: number): Step {
  const [snapshot, actions] = initialTransition(def.machine, machineInput);
  const initial: DurableState = { snapshot, timers: [], stage: stageOf(snapshot.value), stageSince: now, seq: 0 };
  return settle(def, initial, snapshot, actions, now);
}

/** Rebuilds the live state from what continue-as-new carried. */
export function restore(
  def: DurableMachine,
  carried: { snapshot: unknown; timers: PendingTimer[]; stage: string; stageSince: number; seq: number },
): DurableState {
  // The runtime refuses machines with child actors, so restoring needs no live actor scope.
  const snapshot = def.machine.restoreSnapshot(carried.snapshot as never, undefined as never) as AnyMachineSnapshot;
  return { snapshot, timers: [...carried.timers], stage: carried.stage, stageSince: carried.stageSince, seq: carried.seq };
}

export function persist(def: DurableMachine, state: DurableState): unknown {
  return def.machine.getPersistedSnapshot(state.snapshot);
}

/**
 * Why `event` may not be sent now, or undefined when it may. Does not change anything. The event is
 * stamped as `apply` will stamp it, so guards and `refuse` judge exactly what would be applied.
 */
export function check(
  def: DurableMachine,
  state: DurableState,
  unstamped: MachineEvent,
  now: number,
  actor?: Actor,
): RefusalDetails | undefined {
  const event = stamp(unstamped, now, actor);
  const allowedEvents = allowedEventsOf(state.snapshot);
  const base = { stage: state.stage, event: event.type, allowedEvents, stageLabel: labelOf(state.snapshot), permissions: permissionsOf(state.snapshot) };
  if (state.snapshot.status !== 'active') {
    return { ...base, code: 'WORKFLOW_FINISHED', message: `流程已结束（${state.stage}），不再接受任何操作` };
  }
  if (!allowedEvents.includes(event.type)) {
    return {
      ...base,
      code: 'EVENT_NOT_ALLOWED_IN_STAGE',
      // Not the allowed events: most are the system's; the API tells each caller its own actions.
      message: `当前阶段「${labelOf(state.snapshot)}」不接受操作 ${event.type}`,
    };
  }
  const permissions = permissionsOf(state.snapshot);
  // Deny by default: a person may send only what the stage's `meta.roles` lists for their role; an
  // event it does not list (a report, a computed deadline, a timer) is the system's, whatever the
  // stage. System messages pass. Only the update's validator runs this for people, and validators
  // do not run on replay, so histories recorded under the older, looser rule replay unchanged.
  if (actor && actor.role !== SYSTEM_ROLE) {
    const roles = permissions[event.type];
    if (!roles || !roles.includes(actor.role)) {
      return {
        ...base,
        code: ROLE_NOT_PERMITTED,
        message: roles
          ? `角色 ${actor.role} 无权在「${labelOf(state.snapshot)}」阶段执行 ${event.type}；可执行的角色：${roles.join('、')}`
          : `${event.type} 只能由系统发出，不能由用户提交`,
      };
    }
  }
  const domain = def.refuse?.(state.snapshot, event);
  if (domain) return { ...base, ...domain };
  if (!state.snapshot.can(event as never)) {
    return {
      ...base,
      code: 'GUARD_REJECTED',
      message: `当前阶段「${labelOf(state.snapshot)}」的条件不满足，操作 ${event.type} 未被执行`,
    };
  }
  return undefined;
}

/** Applies an event that `check` accepted (or a timer's event). */
export function apply(def: DurableMachine, state: DurableState, event: MachineEvent, now: number, actor?: Actor): Step {
  const [snapshot, actions] = transition(def.machine, state.snapshot, stamp(event, now, actor) as never);
  return settle(def, { ...state, seq: state.seq + 1 }, snapshot, actions, now);
}

/** Stamping workflow time and the sender on the event lets guards and delays read them and stay pure. */
function stamp(event: MachineEvent, now: number, actor?: Actor): StampedEvent {
  return { ...event, at: now, ...(actor ? { actor } : {}) };
}

/** Timers due at `now`, earliest first. */
export function dueTimers(state: DurableState, now: number): PendingTimer[] {
  return state.timers.filter((t) => t.dueAt <= now).sort((a, b) => a.dueAt - b.dueAt || a.id.localeCompare(b.id));
}

export function nextDueAt(state: DurableState): number | undefined {
  return state.timers.reduce<number | undefined>((min, t) => (min === undefined || t.dueAt < min ? t.dueAt : min), undefined);
}

/** Fires one due timer: drops it and applies its event. */
export function fire(def: DurableMachine, state: DurableState, timer: PendingTimer, now: number): Step {
  const remaining = { ...state, timers: state.timers.filter((t) => t.id !== timer.id) };
  return apply(def, remaining, timer.event, now);
}

function settle(
  def: DurableMachine,
  previous: DurableState,
  snapshot: AnyMachineSnapshot,
  actions: ReadonlyArray<{ type: string; params?: unknown }>,
  now: number,
): Step {
  const timers = new Map(previous.timers.map((t) => [t.id, t]));
  const effects: Effect[] = [];
  for (const action of actions) {
    if (action.type === RAISE) {
      const params = action.params as { event: MachineEvent; id?: string; delay?: number };
      if (params.delay === undefined) continue; // immediate raises were already taken within the macrostep
      const id = params.id ?? `${params.event.type}@${previous.seq}`;
      timers.set(id, { id, event: params.event, dueAt: now + params.delay });
    } else if (action.type === CANCEL) {
      timers.delete((action.params as { sendId: string }).sendId);
    } else if (IGNORED_BUILTINS.has(action.type)) {
      continue;
    } else if (action.type.startsWith('xstate.')) {
      throw new Error(`${def.name}: action ${action.type} is not supported by the durable runtime (use a child workflow)`);
    } else {
      effects.push({ type: action.type, params: action.params ?? {}, key: `${previous.seq}.${effects.length}`, seq: previous.seq });
    }
  }
  if (Object.keys(snapshot.children ?? {}).length > 0) {
    throw new Error(`${def.name}: invoked or spawned actors are not supported by the durable runtime (use a child workflow)`);
  }
  const stage = stageOf(snapshot.value);
  return {
    state: {
      snapshot,
      timers: [...timers.values()],
      stage,
      stageSince: stage === previous.stage ? previous.stageSince : now,
      seq: previous.seq,
    },
    effects,
  };
}

export function stageOf(value: StateValue): string {
  if (typeof value === 'string') return value;
  return Object.entries(value)
    .map(([key, child]) => {
      if (child === undefined) return key;
      const inner = stageOf(child as StateValue);
      return inner ? `${key}.${inner}` : key;
    })
    .join(',');
}

/** Event types that have a transition from some active state node (guards not evaluated). */
export function allowedEventsOf(snapshot: AnyMachineSnapshot): string[] {
  if (snapshot.status !== 'active') return [];
  const types = new Set<string>();
  for (const node of snapshot._nodes) {
    for (const type of node.ownEvents) {
      if (!type.startsWith('xstate.') && type !== '*') types.add(type);
    }
  }
  return [...types].sort();
}

/** Merged `meta` of the active state nodes, deepest last so it wins. */
function metaOf(snapshot: AnyMachineSnapshot): Record<string, unknown> {
  const merged: Record<string, unknown> = {};
  for (const node of snapshot._nodes) Object.assign(merged, node.meta ?? {});
  return merged;
}

function labelOf(snapshot: AnyMachineSnapshot): string {
  const label = metaOf(snapshot).label;
  return typeof label === 'string' ? label : stageOf(snapshot.value);
}

/** `meta.roles` of the active states: which roles may send which event now. */
function permissionsOf(snapshot: AnyMachineSnapshot): Record<string, string[]> {
  const roles = metaOf(snapshot).roles;
  if (!roles || typeof roles !== 'object') return {};
  return Object.fromEntries(
    Object.entries(roles as Record<string, unknown>).filter((entry): entry is [string, string[]] => Array.isArray(entry[1])),
  );
}

/** The role expected to act next (`meta.actor`), if the stage names one. */
export function nextActorOf(snapshot: AnyMachineSnapshot): string | null {
  const actor = metaOf(snapshot).actor;
  return typeof actor === 'string' ? actor : null;
}

export function view(def: DurableMachine, state: DurableState): StateView {
  return {
    ...transitionResult(def, state),
    allowedEvents: allowedEventsOf(state.snapshot),
    permissions: permissionsOf(state.snapshot),
    context: state.snapshot.context,
    timers: [...state.timers]
      .sort((a, b) => a.dueAt - b.dueAt)
      .map((t) => ({ event: t.event.type, dueAt: new Date(t.dueAt).toISOString() })),
  };
}

/** What an update answers: the stage after the transition, without the context. */
export function transitionResult(def: DurableMachine, state: DurableState): TransitionResult {
  return {
    machine: def.name,
    stage: state.stage,
    stageLabel: labelOf(state.snapshot),
    since: new Date(state.stageSince).toISOString(),
    nextActor: nextActorOf(state.snapshot),
    status: state.snapshot.status,
    seq: state.seq,
  };
}

/**
 * The view kept in the memo: the machine's presented context, and no `seq`, so messages that change
 * nothing a reader sees do not rewrite it. A context larger than `maxContextChars` (as JSON) is left
 * out rather than failing the workflow task on Temporal's payload limits. `fingerprint` tells two
 * memos apart, serialising the context once.
 */
export function memoView(def: DurableMachine, state: DurableState, maxContextChars: number): { memo: MemoView; fingerprint: string } {
  const { seq: _seq, context, ...rest } = view(def, state);
  const presented = def.present ? def.present(context as never) : context;
  const contextJson = JSON.stringify(presented ?? null);
  const fits = contextJson.length <= maxContextChars;
  const memo: MemoView = fits ? { ...rest, context: presented } : { ...rest, contextOmitted: true };
  return { memo, fingerprint: `${JSON.stringify(rest)}\n${fits ? contextJson : 'omitted'}` };
}
