/**
 * A pure stand-in for the worker: runs the cycle and its applications on the interpreter and plays
 * the activities (reportToCycle, broadcastToApplications, computeDeadline) in FIFO order, as the
 * runtime's effect chain does. Notices, reminders and letters are only recorded.
 */
import { expect } from 'vitest';
import { application, type ApplicationInput, type ReportToCycleParams, type ScoreSheet } from '../../workflows/machines/application';
import { cycle, type CycleInput, type ComputeDeadlineParams, type PublishNoticeParams } from '../../workflows/machines/cycle';
import { renderNotice, type RenderedNotice } from '../../workflows/machines/cycle/notices';
import { deadlineFrom, loadPolicy, type ApplicantProfile, type IndustryCategory } from '../../workflows/policy/index.js';
import { apply, check, dueTimers, fire, start, view, type DurableMachine, type DurableState, type Effect } from '../../workflows/runtime/interpreter';
import type { Actor, MachineEvent, RefusalDetails } from '../../workflows/runtime/types';
import { china, goodProfile, weekendsOnlyCalendar } from '../policy/fixtures';
import { sheetTotalling } from '../support/score-sheets';

export { sheetTotalling };

export const YEAR = 2026;
export const DEADLINE = china('2026-06-30T17:00:00');
export const HOUR = 3_600_000;
export const DAY = 24 * HOUR;

export const office: Actor = { id: 'office-1', role: 'office' };
export const committee: Actor = { id: 'committee-1', role: 'committee' };

export interface Logged {
  from: string;
  effect: Effect;
}

type Target = { kind: 'cycle' } | { kind: 'app'; orgId: string };

export class World {
  now: number;
  cycle: DurableState;
  apps = new Map<string, DurableState>();
  log: Logged[] = [];
  /** Events an activity delivered that the machine refused (the runtime logs and drops them). */
  dropped: Array<{ to: string; refusal: RefusalDetails }> = [];
  /** The applications table as the reportToCycle activity keeps it: each application's latest report. */
  table = new Map<string, ReportToCycleParams>();
  /** Notices as the publishNotice activity renders them from the table, in order, with the log index of their effect. */
  notices: Array<RenderedNotice & { kind: string; at: number }> = [];
  /** When false, computeDeadline requests are only logged, so a test can answer them by hand. */
  autoDeadlines = true;
  private queue: Array<{ to: Target; event: MachineEvent }> = [];

  constructor(
    readonly policyKey: string,
    input: Partial<CycleInput> = {},
    startAt = china('2026-03-01T09:00:00'),
  ) {
    this.now = startAt;
    const step = start(cycle, { policyKey, year: YEAR, applicationDeadline: DEADLINE, ...input }, this.now);
    this.cycle = step.state;
    this.record('cycle', step.effects);
  }

  get policy() {
    return loadPolicy(this.policyKey);
  }

  get cycleView() {
    return view(cycle, this.cycle);
  }

  get ctx() {
    return this.cycle.snapshot.context as import('../../workflows/machines/cycle').CycleContext;
  }

  app(orgId: string) {
    const state = this.apps.get(orgId);
    if (!state) throw new Error(`no application ${orgId}`);
    return { state, view: view(application, state), ctx: state.snapshot.context as import('../../workflows/machines/application').ApplicationContext };
  }

  tick(ms = 60_000): this {
    this.now += ms;
    return this;
  }

  /** Notices published since log index `from`. */
  published(from = 0): Array<RenderedNotice & { kind: string }> {
    return this.notices.filter((n) => n.at >= from);
  }

  /** Effects of a type logged since index `from`. */
  effects(type: string, from = 0): Logged[] {
    return this.log.slice(from).filter((l) => l.effect.type === type);
  }

  checkCycle(event: MachineEvent): RefusalDetails | undefined {
    return check(cycle, this.cycle, event, this.now);
  }

  checkApp(orgId: string, event: MachineEvent): RefusalDetails | undefined {
    return check(application, this.app(orgId).state, event, this.now);
  }

  sendCycle(event: MachineEvent, actor: Actor = office): this {
    this.deliver({ kind: 'cycle' }, event, actor, true);
    this.drain();
    return this;
  }

  sendApp(orgId: string, event: MachineEvent, actor: Actor = office): this {
    this.deliver({ kind: 'app', orgId }, event, actor, true);
    this.drain();
    return this;
  }

  /** Starts an organisation's application workflow; its first report registers it with the cycle. */
  apply(orgId: string, options: { category?: IndustryCategory; profile?: Partial<ApplicantProfile>; name?: string } = {}): this {
    const category = options.category ?? 'manufacturing';
    const name = options.name ?? `${orgId}质量有限公司`;
    const input: ApplicationInput = {
      submittedAt: this.now,
      reportsReviewers: true,
      policyKey: this.policyKey,
      year: YEAR,
      orgId,
      organisationName: name,
      category,
      profile: goodProfile(this.policy, { organisationId: orgId, name, industry: category, ...options.profile }),
      applicationDeadline: DEADLINE,
    };
    const step = start(application, input, this.now);
    this.apps.set(orgId, step.state);
    this.record(`app:${orgId}`, step.effects);
    this.drain();
    return this;
  }

  /** Moves the clock to `at` and fires every timer due by then, in order, on every machine. */
  advanceTo(at: number): this {
    for (;;) {
      const candidates: Array<{ to: Target; dueAt: number }> = [];
      const cycleDue = dueTimers(this.cycle, at)[0];
      if (cycleDue) candidates.push({ to: { kind: 'cycle' }, dueAt: cycleDue.dueAt });
      for (const [orgId, state] of this.apps) {
        const due = dueTimers(state, at)[0];
        if (due) candidates.push({ to: { kind: 'app', orgId }, dueAt: due.dueAt });
      }
      candidates.sort((a, b) => a.dueAt - b.dueAt);
      const next = candidates[0];
      if (!next) break;
      this.now = Math.max(this.now, next.dueAt);
      if (next.to.kind === 'cycle') {
        const step = fire(cycle, this.cycle, dueTimers(this.cycle, at)[0]!, this.now);
        this.cycle = step.state;
        this.record('cycle', step.effects);
      } else {
        const orgId = next.to.orgId;
        const state = this.apps.get(orgId)!;
        const step = fire(application, state, dueTimers(state, at)[0]!, this.now);
        this.apps.set(orgId, step.state);
        this.record(`app:${orgId}`, step.effects);
      }
      this.drain();
    }
    this.now = Math.max(this.now, at);
    return this;
  }

  private deliver(to: Target, event: MachineEvent, actor: Actor | undefined, strict: boolean): void {
    const def: DurableMachine = to.kind === 'cycle' ? cycle : application;
    const state = to.kind === 'cycle' ? this.cycle : this.apps.get(to.orgId);
    if (!state) return;
    const refusal = check(def, state, event, this.now, actor);
    if (refusal) {
      if (strict) throw new Error(`${event.type} refused: ${refusal.code} ${refusal.message}`);
      this.dropped.push({ to: to.kind === 'cycle' ? 'cycle' : to.orgId, refusal });
      return;
    }
    const step = apply(def, state, event, this.now, actor);
    if (to.kind === 'cycle') this.cycle = step.state;
    else this.apps.set(to.orgId, step.state);
    this.record(to.kind === 'cycle' ? 'cycle' : `app:${to.orgId}`, step.effects);
  }

  private record(from: string, effects: Effect[]): void {
    for (const effect of effects) {
      this.log.push({ from, effect });
      const p = effect.params as Record<string, unknown>;
      if (effect.type === 'reportToCycle') {
        const report = p as unknown as ReportToCycleParams;
        const { notifyCycle } = report;
        this.table.set(report.orgId, report);
        if (notifyCycle !== false) this.queue.push({ to: { kind: 'cycle' }, event: { type: 'APPLICATION_REPORTED', ...report, seq: effect.seq } });
      } else if (effect.type === 'broadcastToApplications') {
        const to = p.to as { orgIds: string[] } | { allRunningExcept: string[] };
        const running = [...this.apps].filter(([, state]) => state.snapshot.status === 'active').map(([orgId]) => orgId);
        const orgIds = 'orgIds' in to ? to.orgIds : running.filter((id) => !to.allRunningExcept.includes(id));
        for (const orgId of orgIds) this.queue.push({ to: { kind: 'app', orgId }, event: p.event as MachineEvent });
      } else if (effect.type === 'publishNotice') {
        const params = p as unknown as PublishNoticeParams;
        const rows = [...this.table.values()];
        const names = {
          nameOf: (orgId: string) => this.table.get(orgId)?.organisationName ?? orgId,
          accepted: rows.filter((r) => r.status === 'eligible').map((r) => r.organisationName),
        };
        this.notices.push({ kind: params.kind, at: this.log.length - 1, ...renderNotice(params, names) });
      } else if (effect.type === 'computeDeadline' && this.autoDeadlines) {
        const params = p as unknown as ComputeDeadlineParams;
        const { endsAt } = deadlineFrom(params.start, params.duration, weekendsOnlyCalendar);
        this.queue.push({ to: { kind: 'cycle' }, event: { type: 'DEADLINE_COMPUTED', key: params.key, endsAt } });
      }
    }
  }

  private drain(): void {
    while (this.queue.length > 0) {
      const { to, event } = this.queue.shift()!;
      const state = to.kind === 'cycle' ? this.cycle : this.apps.get(to.orgId);
      // A finished application workflow receives nothing more, as in Temporal.
      if (!state || state.snapshot.status !== 'active') continue;
      this.deliver(to, event, undefined, false);
    }
  }
}

export function sheet(overrides: Partial<ScoreSheet> = {}): ScoreSheet {
  return { leadership: 90, strategy: 70, customers: 70, resources: 100, process: 80, measurement: 60, results: 300, ...overrides };
}

export function expectRefused(refusal: RefusalDetails | undefined, code: string, ...fragments: string[]): RefusalDetails {
  expect(refusal, `expected refusal ${code}`).toBeDefined();
  expect(refusal!.code).toBe(code);
  for (const f of fragments) expect(refusal!.message).toContain(f);
  return refusal!;
}

/** Takes the world from announcement to the end of eligibility review with every applicant eligible. */
export function throughEligibility(w: World, orgs: Array<{ id: string; category?: IndustryCategory; profile?: Partial<ApplicantProfile> }>): World {
  w.sendCycle({ type: 'ANNOUNCE' });
  for (const o of orgs) w.tick().apply(o.id, { ...(o.category ? { category: o.category } : {}), ...(o.profile ? { profile: o.profile } : {}) });
  w.advanceTo(DEADLINE);
  for (const o of orgs) w.tick().sendApp(o.id, { type: 'RECORD_ELIGIBILITY' });
  return w;
}

/** Scores every eligible applicant through material and on-site review with its own total. */
export function throughReviews(w: World, totals: Record<string, number>): World {
  while (w.cycleView.stage !== 'materialReview') {
    if (w.cycleView.stage.startsWith('acceptancePublicity')) w.advanceTo(w.ctx.deadlines.acceptancePublicity!);
    else w.sendCycle({ type: 'ADVANCE_STAGE' });
  }
  for (const [orgId, total] of Object.entries(totals)) {
    w.sendApp(orgId, { type: 'ASSIGN_REVIEWER', reviewerId: 'r1', phase: 'material' });
    w.sendApp(orgId, { type: 'SUBMIT_SCORE', reviewerId: 'r1', phase: 'material', scores: sheetTotalling(total) }, { id: 'r1', role: 'reviewer' });
    w.sendApp(orgId, { type: 'ADVANCE' });
  }
  w.sendCycle({ type: 'ADVANCE_STAGE' });
  for (const [orgId, total] of Object.entries(totals)) {
    w.sendApp(orgId, { type: 'ASSIGN_REVIEWER', reviewerId: 'r2', phase: 'onSite' });
    w.sendApp(orgId, { type: 'SUBMIT_SCORE', reviewerId: 'r2', phase: 'onSite', scores: sheetTotalling(total) }, { id: 'r2', role: 'reviewer' });
    w.sendApp(orgId, { type: 'CONCLUDE_ON_SITE' });
  }
  w.sendCycle({ type: 'ADVANCE_STAGE' }); // → comprehensive evaluation
  w.sendCycle({ type: 'ADVANCE_STAGE' }); // → deliberation
  return w;
}
