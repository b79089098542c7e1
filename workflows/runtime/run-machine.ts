/**
 * The Temporal half of the durable machine runtime: one loop that runs any XState machine as a
 * workflow. Staff events arrive as Updates, machine delays sleep on Temporal timers, effects run as
 * activities, and the snapshot with its due instants crosses continue-as-new.
 */
import * as wf from '@temporalio/workflow';
import { ApplicationFailure } from '@temporalio/common';
import { sendEventUpdate, stateQuery, type SendEventArgs } from './definitions';
import {
  apply,
  check,
  dueTimers,
  fire,
  nextActorOf,
  nextDueAt,
  persist,
  restore,
  start,
  view,
  type DurableMachine,
  type DurableState,
  type Effect,
  type Identity,
  type Step,
} from './interpreter';
import { CYCLE, JURISDICTION, NEXT_ACTOR, ORGANISATION, STAGE, STAGE_SINCE } from './search-attributes';
import {
  TRANSITION_REFUSED,
  type CarriedState,
  type EffectInput,
  type MachineWorkflowInput,
  type RefusalDetails,
  type StateView,
} from './types';

const DEFAULT_MAX_HISTORY_EVENTS = 10_000;
/** Temporal caps a run at about 2,000 updates; roll over well before. */
const MAX_UPDATES_PER_RUN = 1_000;
/** Update results remembered across runs for deduplication. */
const REMEMBERED_UPDATES = 200;

type EffectActivity = (input: EffectInput) => Promise<unknown>;

const effectActivities = wf.proxyActivities<Record<string, EffectActivity>>({
  startToCloseTimeout: '2 minutes',
  // A mail server or database outage must delay an effect, never lose it.
  retry: { initialInterval: '2 seconds', backoffCoefficient: 2, maximumInterval: '30 minutes' },
});

export async function runMachine(def: DurableMachine, input: MachineWorkflowInput): Promise<StateView> {
  const { workflowId } = wf.workflowInfo();
  const maxHistoryEvents = input.maxHistoryEvents ?? DEFAULT_MAX_HISTORY_EVENTS;
  const recentUpdates = new Map(input.carried?.recentUpdates ?? []);
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

  function commit(step: Step): void {
    const stageChanged = step.state.stage !== state.stage;
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
            workflowId,
            machine: def.name,
            stage,
            at,
          });
          feedBack(effect, result);
        } catch (error) {
          wf.log.error('effect failed', { effect: effect.type, key: effect.key, error: String(error) });
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
    commit(apply(def, state, event, Date.now()));
  }

  function upsertIdentity(): void {
    const identity: Identity = def.identify?.(state.snapshot.context as never) ?? {};
    const pairs = [
      { key: JURISDICTION, value: identity.jurisdiction ?? null },
      { key: CYCLE, value: identity.cycle ?? null },
      { key: ORGANISATION, value: identity.organisation ?? null },
    ].filter((pair) => pair.value !== null);
    if (pairs.length > 0) wf.upsertSearchAttributes(pairs);
  }

  function upsertStage(): void {
    wf.upsertSearchAttributes([
      { key: STAGE, value: state.stage },
      { key: STAGE_SINCE, value: new Date(state.stageSince) },
      { key: NEXT_ACTOR, value: nextActorOf(state.snapshot) },
    ]);
  }

  function remember(updateId: string, result: StateView): void {
    recentUpdates.set(updateId, result);
    while (recentUpdates.size > REMEMBERED_UPDATES) {
      recentUpdates.delete(recentUpdates.keys().next().value as string);
    }
  }

  function rollOverDue(): boolean {
    const info = wf.workflowInfo();
    return info.continueAsNewSuggested || info.historyLength >= maxHistoryEvents || updatesThisRun >= MAX_UPDATES_PER_RUN;
  }

  wf.setHandler(stateQuery, () => view(def, state));

  wf.setHandler(
    sendEventUpdate,
    ({ event, actor }) => {
      const updateId = wf.currentUpdateInfo()?.id;
      const earlier = updateId === undefined ? undefined : recentUpdates.get(updateId);
      if (earlier) return earlier;
      commit(apply(def, state, event, Date.now(), actor));
      updatesThisRun += 1;
      const result = view(def, state);
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

  for (;;) {
    // Sleep until the earliest timer; wake early only when that instant moves (a transition added or
    // cancelled a timer), the machine finished, or it is time to roll over. Waking on every update
    // would cancel and restart the Temporal timer each time, doubling history and server work.
    const dueAt = nextDueAt(state);
    const wake = () => nextDueAt(state) !== dueAt || state.snapshot.status !== 'active' || rollOverDue();
    if (state.snapshot.status === 'active' && !rollOverDue()) {
      if (dueAt === undefined) await wf.condition(wake);
      else if (dueAt > Date.now()) await wf.condition(wake, dueAt - Date.now());
    }
    for (const timer of dueTimers(state, Date.now())) {
      // A timer fired just before may have cancelled this one by leaving its state.
      if (state.timers.some((t) => t.id === timer.id)) commit(fire(def, state, timer, Date.now()));
    }
    if (state.snapshot.status !== 'active') break;
    if (rollOverDue()) {
      await wf.condition(() => wf.allHandlersFinished() && effectsInFlight === 0);
      const carried: CarriedState = {
        snapshot: persist(def, state),
        timers: state.timers,
        stage: state.stage,
        stageSince: state.stageSince,
        seq: state.seq,
        recentUpdates: [...recentUpdates.entries()],
        generation: (input.carried?.generation ?? 0) + 1,
      };
      return wf.continueAsNew<(input: MachineWorkflowInput) => Promise<StateView>>({
        machineInput: input.machineInput,
        carried,
        maxHistoryEvents: input.maxHistoryEvents,
      });
    }
  }

  await wf.condition(() => wf.allHandlersFinished() && effectsInFlight === 0);
  return view(def, state);
}

function refused(details: RefusalDetails): ApplicationFailure {
  return ApplicationFailure.create({ type: TRANSITION_REFUSED, message: details.message, nonRetryable: true, details: [details] });
}
