/**
 * The Temporal half of the durable machine runtime: one loop that runs any XState machine as a
 * workflow. Staff events arrive as Updates, machine delays sleep on Temporal timers, effects run as
 * activities, and the snapshot with its due instants crosses continue-as-new.
 */
import * as wf from '@temporalio/workflow';
import { ApplicationFailure, type SearchAttributePair } from '@temporalio/common';
import { sendEventUpdate, stateQuery, systemMessageSignal, type SendEventArgs } from './definitions';
import {
  apply,
  check,
  dueTimers,
  fire,
  memoView,
  nextDueAt,
  persist,
  restore,
  start,
  transitionResult,
  view,
  type DurableMachine,
  type DurableState,
  type Effect,
  type Step,
} from './interpreter';
import { keepRecords, transitionRecord, type TransitionCause } from './records';
import { identityAttributes, stageAttributes } from './search-attributes';
import {
  SYSTEM_ROLE,
  TRANSITION_REFUSED,
  VIEW_MEMO_KEY,
  type CarriedState,
  type EffectInput,
  type MachineWorkflowInput,
  type RefusalDetails,
  type StateView,
  type TransitionResult,
} from './types';

const DEFAULT_MAX_HISTORY_EVENTS = 10_000;
/** Temporal caps a run at about 2,000 updates; roll over well before. */
const MAX_UPDATES_PER_RUN = 1_000;
/** Update results (small) and message ids remembered across runs for deduplication. */
const REMEMBERED_UPDATES = 200;
const REMEMBERED_MESSAGES = 200;
/** A presented context larger than this (JSON characters) is left out of the memo; the query still has it. */
const MAX_MEMO_CONTEXT_CHARS = 64 * 1024;
/**
 * Changes to what the runtime records, each guarded by `patched()` when a workflow chain begins and
 * carried across continue-as-new: workflows started before a change replay their histories without it.
 * - `view-in-memo`: the view is kept in the memo.
 * - `search-attributes-when-changed`: search attributes are upserted only when their value changes
 *   (the API starts workflows with them set).
 * - `records-in-postgres`: transitions go to the audit trail and the final view to the archive
 *   (runtime/records.ts). Unlike the others it is also taken up when a run continues an older
 *   chain: a standing that lives for decades starts keeping records at its next roll-over.
 */
const RECORDS_PATCH = 'records-in-postgres';
const RUNTIME_PATCHES = ['view-in-memo', 'search-attributes-when-changed', RECORDS_PATCH] as const;
type RuntimePatch = (typeof RUNTIME_PATCHES)[number];

type EffectActivity = (input: EffectInput) => Promise<unknown>;

const effectActivities = wf.proxyActivities<Record<string, EffectActivity>>({
  startToCloseTimeout: '2 minutes',
  // Activities heartbeat every few seconds (activities/index.ts): a worker that dies mid-effect is
  // noticed here, and the effect retried elsewhere, in seconds rather than after two minutes.
  heartbeatTimeout: '10 seconds',
  // A mail server or database outage must delay an effect, never lose it.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export async function runMachine(def: DurableMachine, input: MachineWorkflowInput): Promise<StateView> {
  const { workflowId } = wf.workflowInfo();
  const maxHistoryEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const recentUpdates = new Map<string, TransitionResult>(input.carried?.recentUpdates ?? []);
  const recentMessages = new Set<string>(input.carried?.recentMessages ?? []);
  const patches = new Set<string>(input.carried ? (input.carried.patches ?? []) : RUNTIME_PATCHES.filter((id) => wf.patched(id)));
  // A new run has no history of its own yet, so taking the patch up here cannot change a replay.
  if (input.carried && !patches.has(RECORDS_PATCH) && wf.patched(RECORDS_PATCH)) patches.add(RECORDS_PATCH);
  const has = (patch: RuntimePatch) => patches.has(patch);
  const keeper = keepRecords(def.name, has(RECORDS_PATCH), input.carried?.unwrittenTransitions);
  const keepsMemo = def.viewInMemo === true && has('view-in-memo');
  let memoWritten: string | undefined;
  let memoToWrite: unknown;
  /** The transition at which the memo was last compared: a burst of messages is compared once. */
  let memoComparedAt = -1;
  let updatesThisRun = 0;
  let effectsInFlight = 0;
  let effectChain: Promise<void> = Promise.resolve();

  let state: DurableState;
  if (input.carried) {
    state = restore(def, input.carried);
  } else {
    const first = start(def, input.machineInput, Date.now());
    state = first.state;
    runEffects(first.effects);
  }
  upsertIdentity();
  upsertStage();

  /** Takes an accepted transition: the new state, its audit entry, its search attributes and effects. */
  function commit(step: Step, cause: TransitionCause): void {
    const stageChanged = step.state.stage !== state.stage;
    keeper.transition(transitionRecord(cause, state.stage, step.state.stage, step.state.seq, Date.now()));
    state = step.state;
    if (stageChanged) upsertStage();
    runEffects(step.effects);
  }

  function runEffects(effects: Effect[]): void {
    if (effects.length === 0) return;
    const at = new Date(Date.now()).toISOString();
    const stage = state.stage;
    effectsInFlight += effects.length;
    for (const effect of effects) {
      // Chained, so effects run one at a time in the order the machine asked for them.
      effectChain = effectChain.then(async () => {
        try {
          const activity = effectActivities[effect.type];
          if (!activity) throw new Error(`no activity for effect ${effect.type}`);
          const result = await activity({
            type: effect.type,
            params: effect.params,
            idempotencyKey: `${workflowId}/${effect.key}/${effect.type}`,
            seq: effect.seq,
            workflowId,
            machine: def.name,
            stage,
            at,
          });
          feedBack(effect, result);
        } catch (error) {
          // Only non-retryable failures end here (a retryable one is retried by Temporal without end).
          wf.log.warn('effect gave up', { effect: effect.type, key: effect.key, reason: reasonOf(error) });
        } finally {
          effectsInFlight -= 1;
        }
      });
    }
  }

  /** An effect may answer with an event for the machine, e.g. a deadline computed from the calendar. */
  function feedBack(effect: Effect, result: unknown): void {
    if (!result || typeof result !== 'object' || typeof (result as { type?: unknown }).type !== 'string') return;
    const event = result as SendEventArgs['event'];
    const refusal = check(def, state, event, Date.now());
    if (refusal) {
      wf.log.warn('effect result not accepted by the machine', { effect: effect.type, refusal: refusal.code });
      return;
    }
    commit(apply(def, state, event, Date.now()), { event, actor: { id: `effect:${effect.type}`, role: SYSTEM_ROLE } });
  }

  function upsertIdentity(): void {
    upsertChanged(identityAttributes(def, state));
  }

  function upsertStage(): void {
    upsertChanged(stageAttributes(state));
  }

  /**
   * Upserts only what differs from what the workflow already has: the API starts a workflow with
   * them set, and each upsert is an event and server work, a thousand times over on deadline day.
   */
  function upsertChanged(pairs: SearchAttributePair[]): void {
    const current = wf.workflowInfo().typedSearchAttributes;
    const changed = has('search-attributes-when-changed') ? pairs.filter((pair) => !sameValue(current.get(pair.key as never), pair.value)) : pairs;
    if (changed.length > 0) wf.upsertSearchAttributes(changed);
  }

  function remember(updateId: string, result: TransitionResult): void {
    recentUpdates.set(updateId, result);
    while (recentUpdates.size > REMEMBERED_UPDATES) {
      recentUpdates.delete(recentUpdates.keys().next().value as string);
    }
  }

  function rememberMessage(messageId: string): void {
    recentMessages.add(messageId);
    while (recentMessages.size > REMEMBERED_MESSAGES) {
      recentMessages.delete(recentMessages.values().next().value as string);
    }
  }

  /** True when what readers see changed since the memo was written; the new view is then kept for `writeMemo`. */
  function memoStale(): boolean {
    if (!keepsMemo || state.seq === memoComparedAt) return false;
    memoComparedAt = state.seq;
    const { memo, fingerprint } = memoView(def, state, MAX_MEMO_CONTEXT_CHARS);
    if (fingerprint === memoWritten) return false;
    memoWritten = fingerprint;
    memoToWrite = memo;
    return true;
  }

  function writeMemo(): void {
    wf.upsertMemo({ [VIEW_MEMO_KEY]: memoToWrite });
  }

  /** When this run rolls over for its age alone (machines that ask for it), in workflow time. */
  const rollOverAt = def.rollOverEveryMs !== undefined ? Date.now() + def.rollOverEveryMs : undefined;

  function rollOverDue(): boolean {
    const info = wf.workflowInfo();
    return (
      info.continueAsNewSuggested ||
      info.historyLength >= maxHistoryEvents ||
      updatesThisRun >= MAX_UPDATES_PER_RUN ||
      (rollOverAt !== undefined && Date.now() >= rollOverAt)
    );
  }

  wf.setHandler(stateQuery, () => view(def, state));

  wf.setHandler(
    sendEventUpdate,
    ({ event, actor }) => {
      const updateId = wf.currentUpdateInfo()?.id;
      const earlier = updateId === undefined ? undefined : recentUpdates.get(updateId);
      if (earlier) return earlier;
      commit(apply(def, state, event, Date.now(), actor), { event, actor: actor ?? null, ...(updateId !== undefined ? { updateId } : {}) });
      updatesThisRun += 1;
      const result = transitionResult(def, state);
      if (updateId !== undefined) remember(updateId, result);
      return result;
    },
    {
      validator: (args) => {
        const actor = args?.actor;
        const updateId = wf.currentUpdateInfo()?.id;
        if (updateId !== undefined && recentUpdates.has(updateId)) return;
        const event = args?.event;
        if (!event || typeof event !== 'object' || typeof event.type !== 'string' || event.type === '') {
          throw refused({
            code: 'INVALID_EVENT',
            message: '事件格式错误：需要一个带有字符串 type 字段的对象',
            stage: state.stage,
            event: String((event as { type?: unknown } | undefined)?.type ?? ''),
            allowedEvents: view(def, state).allowedEvents,
          });
        }
        const refusal = check(def, state, event, Date.now(), actor);
        if (refusal) throw refused(refusal);
      },
    },
  );

  wf.setHandler(systemMessageSignal, ({ event, messageId, sender }) => {
    if (recentMessages.has(messageId)) return;
    rememberMessage(messageId);
    const actor = { id: sender, role: SYSTEM_ROLE };
    const refusal = check(def, state, event, Date.now(), actor);
    if (refusal) {
      // Messages that cross each other (a report overtaken by a newer one, a broadcast to an
      // application that has moved on) are expected: one line, no stack.
      wf.log.info('message not applied', { event: event.type, from: sender, code: refusal.code });
      return;
    }
    commit(apply(def, state, event, Date.now(), actor), { event, actor, messageId });
  });

  // The memo is written by its own loop, once per activation at most (conditions are checked after
  // the activation's updates and signals have been applied), so a burst of messages costs one memo
  // event. Apart from the main loop, so that writing it never wakes the timer sleep below.
  if (keepsMemo) {
    void (async () => {
      for (;;) {
        await wf.condition(memoStale);
        writeMemo();
      }
    })();
  }

  for (;;) {
    // Sleep until the earliest timer; wake early only when that instant moves (a transition added or
    // cancelled a timer), the machine finished, or it is time to roll over. Waking on every update
    // would cancel and restart the Temporal timer each time, doubling history and server work.
    const dueAt = nextDueAt(state);
    const wake = () => nextDueAt(state) !== dueAt || state.snapshot.status !== 'active' || rollOverDue();
    if (state.snapshot.status === 'active' && !rollOverDue()) {
      // The run's own roll-over is a deadline too, when it comes before the machine's next timer.
      const until = rollOverAt !== undefined && (dueAt === undefined || rollOverAt < dueAt) ? rollOverAt : dueAt;
      if (until === undefined) await wf.condition(wake);
      else if (until > Date.now()) await wf.condition(wake, until - Date.now());
    }
    for (const timer of dueTimers(state, Date.now())) {
      // A timer fired just before may have cancelled this one by leaving its state.
      if (state.timers.some((t) => t.id === timer.id)) commit(fire(def, state, timer, Date.now()), { event: timer.event, actor: { id: `timer:${timer.id}`, role: SYSTEM_ROLE } });
    }
    if (state.snapshot.status !== 'active') break;
    if (rollOverDue()) {
      // The trail is not drained first (a burst of reports would keep it busy and the run
      // growing): once what waits is short enough to carry, writes stop, those in flight finish,
      // and what waits goes along. Should the backlog outgrow the carry while effects finish,
      // writing resumes and the run tries again.
      const quiet = () => wf.allHandlersFinished() && effectsInFlight === 0;
      for (;;) {
        await wf.condition(() => quiet() && keeper.carriable());
        keeper.hold();
        await wf.condition(() => (quiet() && keeper.idle()) || !keeper.carriable());
        if (await settled(() => quiet() && keeper.idle() && keeper.carriable())) break;
        keeper.release();
      }
      const unwritten = keeper.unwritten();
      const carried: CarriedState = {
        snapshot: persist(def, state),
        timers: state.timers,
        stage: state.stage,
        stageSince: state.stageSince,
        seq: state.seq,
        recentUpdates: [...recentUpdates.entries()],
        recentMessages: [...recentMessages],
        patches: [...patches],
        ...(unwritten.length > 0 ? { unwrittenTransitions: unwritten } : {}),
        generation: (input.carried?.generation ?? 0) + 1,
      };
      return wf.continueAsNew<(input: MachineWorkflowInput) => Promise<StateView>>({
        machineInput: input.machineInput,
        carried,
        maxHistoryEvents: input.maxHistoryEvents,
      });
    }
  }

  const finished = () => wf.allHandlersFinished() && effectsInFlight === 0 && keeper.drained();
  while (!(await settled(finished))) await wf.condition(finished);
  const final = view(def, state);
  await keeper.archive(final);
  while (!(await settled(finished))) await wf.condition(finished);
  return final;
}

/**
 * Whether `ready` still holds once everything else this activation woke has run. A condition is
 * checked after each job, so it can resolve on one job (an activity's result) before a later job
 * starts an update, and the memo's writer or an effect may be woken in the same round; ending the
 * run before they have run puts their commands after the run's last one, which the server refuses
 * ("ContinueAsNewWorkflowExecution must be the last command") at every retry, and fails the updates
 * waiting on the workflow. One more round of conditions lets them run first; it adds no command.
 */
async function settled(ready: () => boolean): Promise<boolean> {
  await wf.condition(() => true);
  return ready();
}

function sameValue(a: unknown, b: unknown): boolean {
  return a instanceof Date && b instanceof Date ? a.getTime() === b.getTime() : a === b;
}

function reasonOf(error: unknown): string {
  const cause = (error as { cause?: unknown }).cause;
  return cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
}

function refused(details: RefusalDetails): ApplicationFailure {
  return ApplicationFailure.create({ type: TRANSITION_REFUSED, message: details.message, nonRetryable: true, details: [details] });
}
