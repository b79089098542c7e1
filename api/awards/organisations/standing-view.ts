/**
 * What callers see of an organisation's standing: its record, its ledger and its duties, each read
 * from the one view the workflow keeps in its memo. Pure: the day and the instant are passed in, so
 * "valid today" and "overdue" are the caller's China date, not the last time the workflow woke.
 */
import type { Duty, LedgerEntry, Sanction, StandingAward, StandingContext } from '../../../workflows/machines/standing/types';
import { compareIsoDate, loadPolicy, type IsoDate } from '../../../workflows/policy/index.js';
import type { AuthUser } from '../../auth/roles';
import { namedActionsFor } from '../../common/actions';
import { withIsoTimestamps } from '../../common/timestamps';
import { standingActionName } from '../shared/action-names';
import type { AwardView } from '../shared/views';

/** Contacts are personal data: the office, operations and the organisation itself see them; reviewers and the committee do not. */
const SEES_CONTACTS = new Set(['office', 'admin', 'applicant']);

/** A memo written before a field existed leaves it out: every list defaults to empty. */
export function standingContextOf(state: { context?: unknown }): StandingContext {
  const c = (state.context ?? {}) as Partial<StandingContext>;
  return {
    ...(c as StandingContext),
    contacts: c.contacts ?? [],
    awards: c.awards ?? [],
    ledger: c.ledger ?? [],
    duties: c.duties ?? [],
    sanctions: c.sanctions ?? [],
  };
}

/**
 * Valid on `day`: awarded by then, not past its last day (none when the policy sets no validity),
 * and never revoked. A revoked award is left out for every day, the days before its revocation
 * included: the public list must not show an honour that was taken back.
 */
export function isValidOn(award: Pick<StandingAward, 'awardedOn' | 'validThrough' | 'revokedOn'>, day: IsoDate): boolean {
  if (award.revokedOn !== undefined) return false;
  if (compareIsoDate(award.awardedOn, day) > 0) return false;
  return award.validThrough === null || compareIsoDate(day, award.validThrough) <= 0;
}

export const tierNameOf = (policyKey: string, tierId: string) => loadPolicy(policyKey).tiers.find((t) => t.id === tierId)?.name ?? tierId;

/** Open and past its last day; once handled (even late) a duty is no longer overdue, as its reminders stop. */
export function isOverdue(duty: Duty, now: number): boolean {
  return duty.status === 'open' && (duty.overdue === true || (duty.dueAt !== undefined && duty.dueAt < now));
}

function awardsOf(context: StandingContext, today: IsoDate) {
  return context.awards.map((a) => ({
    cycle: a.cycle,
    tierId: a.tierId,
    tierName: tierNameOf(context.policyKey, a.tierId),
    awardedOn: a.awardedOn,
    awardedAt: a.awardedAt,
    ...(a.decisionRef ? { decisionRef: a.decisionRef } : {}),
    validThrough: a.validThrough,
    expired: a.expired === true,
    revokedOn: a.revokedOn ?? null,
    validToday: isValidOn(a, today),
  }));
}

function banOf(s: Sanction, today: IsoDate) {
  if (!s.ban || !s.applicable) return [];
  const lifted = s.banEnded === true || (s.ban.kind === 'until' && compareIsoDate(today, s.ban.mayApplyFrom) >= 0);
  return [{ sanctionId: s.id, causeId: s.causeId, article: s.article, decidedOn: s.decidedOn, ...s.ban, ended: lifted }];
}

function dutySummary(duties: readonly Duty[], now: number) {
  const count = (status: Duty['status']) => duties.filter((d) => d.status === status).length;
  const next = duties
    .filter((d) => d.status === 'open' && d.dueOn !== undefined)
    .sort((a, b) => compareIsoDate(a.dueOn!, b.dueOn!))[0];
  return {
    total: duties.length,
    open: count('open'),
    overdue: duties.filter((d) => isOverdue(d, now)).length,
    submitted: count('submitted'),
    done: count('done'),
    waived: count('waived'),
    cancelled: count('cancelled'),
    next: next ? { id: next.id, kind: next.kind, description: next.description, dueOn: next.dueOn! } : null,
  };
}

/** The head every standing answer starts with: which workflow, whose, where it stands. */
function headOf(state: AwardView, context: StandingContext) {
  return {
    workflowId: state.workflowId,
    policyKey: context.policyKey,
    orgId: context.orgId,
    organisationName: context.organisationName,
    stage: state.stage,
    stageLabel: state.stageLabel,
    since: state.since,
    status: state.status,
    executionStatus: state.executionStatus,
  };
}

/** `GET /organisations/:policyKey/:orgId`, and what every action answers (with its `transition`). */
export function standingView(state: AwardView, user: AuthUser, today: IsoDate, now: number) {
  const context = standingContextOf(state);
  const awards = awardsOf(context, today);
  return withIsoTimestamps({
    ...headOf(state, context),
    today,
    holdsValidAward: awards.some((a) => a.validToday),
    awards,
    sanctions: context.sanctions.map(withoutActor),
    bans: context.sanctions.flatMap((s) => banOf(s, today)),
    duties: dutySummary(context.duties, now),
    ...(SEES_CONTACTS.has(user.role) ? { contacts: context.contacts } : {}),
    actions: namedActionsFor(state, user.role, standingActionName),
    ...(state.transition ? { transition: state.transition } : {}),
  }) as Record<string, unknown>;
}

/** `GET …/ledger`: every entry, oldest first, and what is owed on balance (negative: to be returned). */
export function ledgerView(state: AwardView) {
  const context = standingContextOf(state);
  const entries: LedgerEntry[] = [...context.ledger].sort((a, b) => compareIsoDate(a.on, b.on));
  return { ...headOf(state, context), entries, balanceCny: entries.reduce((sum, e) => sum + e.amountCny, 0) };
}

/** `GET …/duties`: each duty with whether it is overdue now. */
export function dutiesView(state: AwardView, now: number) {
  const context = standingContextOf(state);
  const items = context.duties.map(({ submission, waiver, done, ...duty }) => ({
    ...duty,
    overdue: isOverdue({ ...duty, submission, waiver, done } as Duty, now),
    ...(submission ? { submission: withoutActor(submission) } : {}),
    ...(waiver ? { waiver: withoutActor(waiver) } : {}),
    ...(done ? { done: withoutActor(done) } : {}),
  }));
  return withIsoTimestamps({ ...headOf(state, context), items }) as Record<string, unknown>;
}

/** Who did it, by role only: staff user ids are not the organisation's to read. */
function withoutActor<T extends { by?: { role: string } }>(record: T) {
  const { by, ...rest } = record;
  return { ...rest, ...(by ? { byRole: by.role } : {}) };
}
