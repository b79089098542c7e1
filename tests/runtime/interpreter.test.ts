import { describe, expect, it } from 'vitest';
import { setup } from 'xstate';
import { demoNotice, type DemoNoticeInput } from '../../workflows/machines/demo-notice';
import {
  apply,
  check,
  dueTimers,
  fire,
  nextDueAt,
  persist,
  restore,
  stageOf,
  start,
  view,
  type DurableMachine,
} from '../../workflows/runtime/interpreter';

const DAY = 86_400_000;
const T0 = Date.UTC(2026, 0, 5, 1, 0, 0);
const input: DemoNoticeInput = { noticeId: 'n1', title: '样例公示', publicityDays: 10, validityDays: 1096 };

function toPublicity() {
  let { state } = start(demoNotice, input, T0);
  state = apply(demoNotice, state, { type: 'SUBMIT' }, T0 + 1).state;
  return apply(demoNotice, state, { type: 'APPROVE' }, T0 + 2);
}

describe('durable interpreter (pure)', () => {
  it('starts in the initial stage with its label, actor and allowed events', () => {
    const { state, effects } = start(demoNotice, input, T0);
    const v = view(demoNotice, state);
    expect(v).toMatchObject({ stage: 'draft', stageLabel: '草稿', nextActor: 'office', allowedEvents: ['SUBMIT'], seq: 0 });
    expect(v.since).toBe(new Date(T0).toISOString());
    expect(effects).toEqual([]);
  });

  it('turns an `after` delay into an absolute due instant and the entry action into an effect', () => {
    const { state, effects } = toPublicity();
    expect(state.stage).toBe('publicity');
    expect(state.timers).toEqual([
      { id: 'xstate.after.publicity.demo-notice.publicity', event: { type: 'xstate.after.publicity.demo-notice.publicity' }, dueAt: T0 + 2 + 10 * DAY },
    ]);
    expect(effects).toEqual([
      { type: 'publishNotice', params: { noticeId: 'n1', kind: 'publicity', title: '样例公示' }, key: '2.0', seq: 2 },
    ]);
  });

  it('drops a timer when its state is left, and keeps it on a targetless transition', () => {
    const { state } = toPublicity();
    const noted = apply(demoNotice, state, { type: 'NOTE', text: 'x' }, T0 + DAY).state;
    expect(noted.timers).toEqual(state.timers);
    expect(noted.stageSince).toBe(state.stageSince);
    const objected = apply(demoNotice, noted, { type: 'OBJECT' }, T0 + 2 * DAY).state;
    expect(objected.timers).toEqual([]);
    const back = apply(demoNotice, objected, { type: 'DISMISS' }, T0 + 3 * DAY).state;
    expect(back.timers.map((t) => t.dueAt)).toEqual([T0 + 13 * DAY]);
  });

  it('fires due timers in order and schedules the next one', () => {
    const { state } = toPublicity();
    expect(dueTimers(state, T0 + 5 * DAY)).toEqual([]);
    const due = dueTimers(state, T0 + 10 * DAY + 2);
    expect(due).toHaveLength(1);
    const step = fire(demoNotice, state, due[0]!, T0 + 10 * DAY + 2);
    expect(step.state.stage).toBe('valid');
    expect(nextDueAt(step.state)).toBe(T0 + 10 * DAY + 2 + 1096 * DAY);
    expect(step.effects.map((e) => e.params)).toEqual([{ noticeId: 'n1', kind: 'valid', title: '样例公示' }]);
  });

  it('refuses an event the stage does not accept, naming the stage and what is allowed', () => {
    const { state } = start(demoNotice, input, T0);
    expect(check(demoNotice, state, { type: 'APPROVE' }, T0)).toEqual({
      code: 'EVENT_NOT_ALLOWED_IN_STAGE',
      message: '当前阶段「草稿」不接受操作 APPROVE',
      stage: 'draft',
      event: 'APPROVE',
      allowedEvents: ['SUBMIT'],
      stageLabel: '草稿',
      permissions: { SUBMIT: ['office', 'admin'] },
    });
    expect(check(demoNotice, state, { type: 'SUBMIT' }, T0)).toBeUndefined();
  });

  it('refuses an event whose guard fails', () => {
    const { state } = toPublicity();
    expect(check(demoNotice, state, { type: 'NOTE', text: '' }, T0)?.code).toBe('GUARD_REJECTED');
  });

  it('asks the machine definition for domain refusals', () => {
    const strict = { ...demoNotice, refuse: () => ({ code: 'QUOTA_EXCEEDED', message: '超出名额' }) };
    const { state } = start(strict, input, T0);
    expect(check(strict, state, { type: 'SUBMIT' }, T0)).toMatchObject({ code: 'QUOTA_EXCEEDED', message: '超出名额' });
  });

  it('refuses everything once the machine is finished', () => {
    const { state } = toPublicity();
    const rejected = apply(demoNotice, apply(demoNotice, state, { type: 'OBJECT' }, T0).state, { type: 'UPHOLD' }, T0).state;
    expect(view(demoNotice, rejected).status).toBe('done');
    expect(check(demoNotice, rejected, { type: 'NOTE', text: 'x' }, T0)?.code).toBe('WORKFLOW_FINISHED');
  });

  it('round-trips through a persisted snapshot with timers and stage time intact', () => {
    const { state } = toPublicity();
    const carried = JSON.parse(
      JSON.stringify({ snapshot: persist(demoNotice, state), timers: state.timers, stage: state.stage, stageSince: state.stageSince, seq: state.seq }),
    );
    const restored = restore(demoNotice, carried);
    expect(view(demoNotice, restored)).toEqual(view(demoNotice, state));
    const after = fire(demoNotice, restored, restored.timers[0]!, T0 + 11 * DAY);
    expect(after.state.stage).toBe('valid');
  });

  it('stamps events with the workflow time and the actor', () => {
    const { state } = toPublicity();
    const step = apply(demoNotice, state, { type: 'NOTE', text: 'ok' }, T0 + 5, { id: 'u1', role: 'office' });
    expect(step.state.snapshot.context.notes).toEqual(['ok']);
    expect(step.state.seq).toBe(state.seq + 1);
  });

  it('flattens nested and parallel state values', () => {
    expect(stageOf('a')).toBe('a');
    expect(stageOf({ review: 'material' })).toBe('review.material');
    expect(stageOf({ p: { a: 'x', b: 'y' } })).toBe('p.a.x,b.y');
  });
});

describe('role permissions declared in meta.roles', () => {
  it('refuses a person whose role the stage does not list, lets the listed role and system messages through', () => {
    const machine = setup({}).createMachine({
      id: 'roles',
      initial: 'open',
      states: {
        open: { meta: { label: '办理中', roles: { DECIDE: ['committee'] } }, on: { DECIDE: 'done', TICK: 'open' } },
        done: { type: 'final' },
      },
    });
    const def: DurableMachine = { name: 'roles', machine };
    const { state } = start(def, {}, T0);
    expect(view(def, state).permissions).toEqual({ DECIDE: ['committee'] });
    expect(check(def, state, { type: 'DECIDE' }, T0, { id: 'u1', role: 'office' })).toMatchObject({
      code: 'ROLE_NOT_PERMITTED',
      message: '角色 office 无权在「办理中」阶段执行 DECIDE；可执行的角色：committee',
    });
    expect(check(def, state, { type: 'TICK' }, T0, { id: 'u1', role: 'committee' })).toMatchObject({ code: 'ROLE_NOT_PERMITTED', message: 'TICK 只能由系统发出，不能由用户提交' });
    expect(check(def, state, { type: 'DECIDE' }, T0, { id: 'u2', role: 'committee' })).toBeUndefined();
    expect(check(def, state, { type: 'TICK' }, T0, { id: 'cycle/x', role: 'system' })).toBeUndefined();
    expect(check(def, state, { type: 'TICK' }, T0)).toBeUndefined();
  });
});
