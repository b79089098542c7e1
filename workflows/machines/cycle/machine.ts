/**
 * One award cycle (届): announcement → application window → the policy's review stages →
 * deliberation → publicity with objections → government approval → awarded → closed.
 *
 * Optional review stages (e.g. Benxi's publicised acceptance list) are entered only when the policy
 * lists their step: `nextStage` reads the policy, the chart holds guarded transitions to every
 * possible successor. The cycle keeps a table of its applications, fed by their reports, and does
 * not leave a review stage while an application it waits for is unresolved.
 */
import { and, assign, enqueueActions, setup, type AnyMachineSnapshot, type ParameterizedObject } from 'xstate';
import { effect } from '../../runtime/effect';
import type { DurableMachine, Refusal } from '../../runtime/interpreter';
import type { MachineEvent } from '../../runtime/types';
import { missedEvidenceOutcome, objectionAcceptanceDuration, publicityPeriod, reviewStep, voteRule } from '../../policy/index.js';
import { cycleWorkflowId, type CycleStage, type Role } from './ids';
import { objectorLetter, unitLetter } from './letters';
import { cycleNotice, presentedSummary } from './notices';
import {
  REVIEW_STAGES,
  activeOrgIds,
  allObjectionsDecided,
  isRegistration,
  lastDayOf,
  nextStage,
  normaliseProposal,
  objectedCandidates,
  quotaExceptionsAllowed,
  serviceLevelFor,
  policyOf,
  reportedRow,
  submittedInTime,
  tierOf,
  whyNotAcceptObjection,
  whyNotAdvance,
  whyNotApprove,
  whyNotDecideObjection,
  whyNotFileObjection,
  whyNotPropose,
  whyNotRefuseObjection,
  whyNotRegister,
  whyNotReport,
  whyNotSubmitEvidence,
  withoutCandidate,
  type ReviewStage,
  type StageBeforeDeliberation,
} from './rules';
import {
  DEADLINE_KEYS,
  type ApplicationReported,
  type BroadcastParams,
  type ComputeDeadlineParams,
  type CycleContext,
  type CycleEventType,
  type CycleInput,
  type NotifyObjectorParams,
  type Objection,
  type ObjectionLetterKind,
  type QuotaException,
  type PublishNoticeParams,
  type SendReminderParams,
  type StampedCycleEvent,
} from './types';

type E<T extends CycleEventType> = Extract<StampedCycleEvent, { type: T }>;

/** How long before an objection's acceptance deadline the office is reminded. */
export const ACCEPTANCE_REMINDER_LEAD_MS = 24 * 3_600_000;

const timerIds = {
  acceptanceReminder: (id: string) => `objection-acceptance-reminder:${id}`,
  acceptanceDue: (id: string) => `objection-acceptance-due:${id}`,
  evidenceDue: (id: string) => `objection-evidence-due:${id}`,
};

const OBJECTION_ROLES = {
  ACCEPT_OBJECTION: ['office'],
  REFUSE_OBJECTION: ['office'],
  SUBMIT_EVIDENCE: ['office'],
  // The deciding body is the policy's (领导小组, 联席会议, 评委会 or the office itself).
  DECIDE_OBJECTION: ['committee', 'office'],
} satisfies Partial<Record<CycleEventType, Role[]>>;

function stageMeta(label: string, actor: Role | null, roles: Partial<Record<CycleEventType, Role[]>> = {}) {
  return { label, ...(actor ? { actor } : {}), roles };
}

const idOf = (context: CycleContext) => cycleWorkflowId(context.policyKey, context.year);

function broadcast(context: CycleContext, event: BroadcastParams['event'], to: BroadcastParams['to']): BroadcastParams {
  return { cycleWorkflowId: idOf(context), policyKey: context.policyKey, year: context.year, event, to };
}

function stageChanged(context: CycleContext, stage: CycleStage, at: number): BroadcastParams['event'] {
  return stage === 'eligibilityReview'
    ? { type: 'CYCLE_STAGE_CHANGED', stage, closedAt: context.applicationsClosedAt ?? at }
    : { type: 'CYCLE_STAGE_CHANGED', stage };
}

/** Guarded transitions from a stage to whichever stage the policy has next. */
function advanceFrom(from: StageBeforeDeliberation, guard: 'canAdvanceTo' | 'isNextStage') {
  const index = from === 'applicationWindow' ? -1 : REVIEW_STAGES.findIndex(([s]) => s === from);
  return REVIEW_STAGES.slice(index + 1).map(([to]) => ({
    guard: { type: guard, params: { from, to } },
    target: `#cycle.${to}`,
  }));
}


/** The actions an `enqueueActions` body may enqueue besides the built-ins. */
type EnqueuedAction =
  | { type: 'publishNotice'; params: PublishNoticeParams }
  | { type: 'computeDeadline'; params: ComputeDeadlineParams }
  | { type: 'broadcastToApplications'; params: BroadcastParams }
  | { type: 'sendReminder'; params: SendReminderParams }
  | { type: 'notifyObjector'; params: NotifyObjectorParams }
  | { type: 'removeCandidate'; params: RemoveCandidateParams }
  | { type: 'notifyParties'; params: { objectionId: string; at: number } };

interface RemoveCandidateParams {
  objectionId: string;
  reason: string;
  at: number;
}

/** Whether the office owes the objector a written receipt (and a written refusal) (大庆第二十二条). */
function writesReceipts(context: CycleContext): boolean {
  return context.enforcesArticles === true && objectionAcceptanceDuration(policyOf(context))?.writtenReceipt === true;
}

/** The objection with the letter recorded, when one is written. */
function withLetters(context: CycleContext, o: Objection, at: number, kind: ObjectionLetterKind): Objection {
  return writesReceipts(context) ? { ...o, letters: { ...o.letters, [kind]: at } } : o;
}

/**
 * `enqueueActions` typed against the machine's context, events and effects. Declared apart from
 * `setup`, because an action map that refers to itself defeats XState's inference.
 */
function collect<TParams extends ParameterizedObject['params'] | undefined = undefined>(
  body: Parameters<typeof enqueueActions<CycleContext, StampedCycleEvent, TParams, StampedCycleEvent, never, EnqueuedAction, never, never, never>>[0],
) {
  return enqueueActions<CycleContext, StampedCycleEvent, TParams, StampedCycleEvent, never, EnqueuedAction, never, never, never>(body);
}

export const cycleMachine = setup({
  types: {
    context: {} as CycleContext,
    input: {} as CycleInput,
    events: {} as StampedCycleEvent,
  },
  actions: {
    publishNotice: effect<PublishNoticeParams>(),
    computeDeadline: effect<ComputeDeadlineParams>(),
    broadcastToApplications: effect<BroadcastParams>(),
    sendReminder: effect<SendReminderParams>(),
    notifyObjector: effect<NotifyObjectorParams>(),

    /**
     * A stage with a service level (the policy's, or the office's where the text gives none) records
     * when it started; readers compute the due date from the working-day calendar. Not a deadline the
     * cycle waits on, so it is not computed here: an uncovered calendar year must never hold up the
     * effects queued behind it.
     */
    startServiceLevel: assign(({ context, event }, params: { stage: CycleStage }) => {
      if (!context.enforcesArticles || !serviceLevelFor(context, params.stage)) return {};
      return { startedAt: { ...context.startedAt, [DEADLINE_KEYS.serviceLevel(params.stage)]: event.at } };
    }),

    /** Tells every application still running which stage the cycle is in. */
    announceStage: collect<{ stage: CycleStage }>(({ context, event, enqueue }, params: { stage: CycleStage }) => {
      if (activeOrgIds(context).length === 0) return;
      enqueue({ type: 'broadcastToApplications', params: broadcast(context, stageChanged(context, params.stage, event.at), { allRunningExcept: [] }) });
    }),

    startDeadline: collect<{ key: 'acceptancePublicity' | 'publicity' }>(({ context, event, enqueue }, params: { key: 'acceptancePublicity' | 'publicity' }) => {
      const policy = policyOf(context);
      const period = params.key === 'publicity' ? publicityPeriod(policy) : reviewStep(policy, 'acceptance-publicity')?.period;
      if (!period) throw new Error(`政策 ${policy.key} 缺少${params.key}期限`);
      enqueue.assign({ startedAt: { ...context.startedAt, [params.key]: event.at } });
      enqueue({ type: 'computeDeadline', params: { key: params.key, start: event.at, duration: period.length } });
    }),

    storeDeadline: assign({
      deadlines: ({ context, event }) => {
        const e = event as E<'DEADLINE_COMPUTED'>;
        return { ...context.deadlines, [e.key]: e.endsAt };
      },
    }),

    /** Objection deadlines come back from `computeDeadline`; each gets its own durable timers. */
    scheduleObjectionTimers: collect(({ context, event, enqueue }) => {
      const e = event as E<'DEADLINE_COMPUTED'>;
      const [prefix, ...rest] = e.key.split(':');
      const objectionId = rest.join(':');
      const o = context.objections[objectionId];
      if (!o) return;
      // Raised events carry no `at` here; the runtime stamps them when their timer fires.
      if (prefix === 'objection-acceptance' && o.status === 'pendingAcceptance') {
        enqueue.assign({ objections: { ...context.objections, [objectionId]: { ...o, acceptanceDueAt: e.endsAt } } });
        enqueue.raise(
          { type: 'OBJECTION_ACCEPTANCE_REMINDER', objectionId } as never,
          { id: timerIds.acceptanceReminder(objectionId), delay: Math.max(0, e.endsAt - ACCEPTANCE_REMINDER_LEAD_MS - e.at) },
        );
        enqueue.raise({ type: 'OBJECTION_ACCEPTANCE_DUE', objectionId } as never, { id: timerIds.acceptanceDue(objectionId), delay: Math.max(0, e.endsAt - e.at) });
      } else if (prefix === 'objection-evidence' && o.status === 'underInvestigation') {
        enqueue.assign({ objections: { ...context.objections, [objectionId]: { ...o, evidenceDueAt: e.endsAt } } });
        enqueue.raise({ type: 'OBJECTION_EVIDENCE_DUE', objectionId } as never, { id: timerIds.evidenceDue(objectionId), delay: Math.max(0, e.endsAt - e.at) });
      }
    }),

    registerApplication: assign({
      applications: ({ context, event }) => {
        const e = event as E<'APPLICATION_REGISTERED' | 'APPLICATION_REPORTED'>;
        return {
          ...context.applications,
          [e.orgId]: {
            status: 'submitted',
            category: e.category!,
            ...(e.priorTiers ? { priorTiers: [...e.priorTiers] } : {}),
            ...(e.type === 'APPLICATION_REPORTED' && e.seq !== undefined ? { reportSeq: e.seq } : {}),
          },
        };
      },
    }),

    /** A registration that arrives once the application window is over and was not submitted before it. */
    refuseRegistration: collect(({ context, event, enqueue }) => {
      const e = event as E<'APPLICATION_REPORTED'>;
      const reason = context.announcedAt === undefined ? '本届评选尚未发布申报公告' : '申报受理已截止，逾期提交的申报不予受理';
      enqueue({ type: 'broadcastToApplications', params: broadcast(context, { type: 'REGISTRATION_REFUSED', reason }, { orgIds: [e.orgId] }) });
    }),

    /** An application registered after the stage was announced hears it on its own. */
    tellStage: collect<{ stage: CycleStage }>(({ context, event, enqueue }, params: { stage: CycleStage }) => {
      const e = event as E<'APPLICATION_REPORTED'>;
      enqueue({ type: 'broadcastToApplications', params: broadcast(context, stageChanged(context, params.stage, e.at), { orgIds: [e.orgId] }) });
    }),

    recordReport: collect(({ context, event, enqueue }) => {
      const e = event as E<'APPLICATION_REPORTED'>;
      const current = context.applications[e.orgId];
      if (!current) return;
      const { at, orgId } = e;
      enqueue.assign({ applications: { ...context.applications, [orgId]: reportedRow(current, e) } });
      // A proposed candidate that leaves the race (withdrawn, disqualified) leaves the proposal too.
      const tierId = tierOf(context.proposal, orgId);
      if (tierId && (e.status === 'withdrawn' || e.status === 'disqualified')) {
        enqueue.assign({
          proposal: withoutCandidate(context.proposal, orgId),
          removed: [
            ...context.removed,
            { orgId, tierId, reason: e.status === 'withdrawn' ? '申报组织撤回申报' : '被取消本届评选资格', at },
          ],
        });
      }
    }),

    recordProposal: collect(({ context, event, enqueue }) => {
      const e = event as E<'PROPOSE_WINNERS'>;
      const policy = policyOf(context);
      const proposal = normaliseProposal(policy, e.proposal);
      enqueue.assign({ proposal, proposedAt: e.at });
      if (context.enforcesArticles) {
        const rule = voteRule(policy);
        if (rule && e.vote) {
          const { membersPresent, for: inFavour, against, abstaining } = e.vote;
          enqueue.assign({ vote: { membersPresent, for: inFavour, against, abstaining, threshold: rule.threshold, article: rule.article, at: e.at } });
        }
        const exceptions: Record<string, QuotaException> = {};
        for (const [tierId, reason] of Object.entries(quotaExceptionsAllowed(policy, e).allowed)) {
          const tier = policy.tiers.find((t) => t.id === tierId)!;
          exceptions[tierId] = { reason, proposed: proposal[tierId]?.length ?? 0, max: tier.quota.max, article: tier.quota.article };
        }
        if (Object.keys(exceptions).length > 0) enqueue.assign({ quotaExceptions: exceptions });
      }
      for (const [tierId, orgIds] of Object.entries(proposal)) {
        if (orgIds.length > 0) enqueue({ type: 'broadcastToApplications', params: broadcast(context, { type: 'PROPOSED', tierId }, { orgIds }) });
      }
    }),

    fileObjection: collect(({ context, event, enqueue }) => {
      const e = event as E<'FILE_OBJECTION'>;
      const acceptance = objectionAcceptanceDuration(policyOf(context));
      const objection: Objection = {
        id: e.objectionId,
        against: e.against,
        tierId: tierOf(context.proposal, e.against) ?? '',
        ...(e.realName ? { realName: e.realName } : {}),
        ...(e.contact ? { contact: e.contact } : {}),
        ...(e.objector ? { objector: e.objector } : {}),
        facts: e.facts,
        ...(e.evidence ? { evidence: e.evidence } : {}),
        filedAt: e.at,
        // Without an acceptance review in the policy, a filed objection goes straight to verification.
        status: acceptance ? 'pendingAcceptance' : 'underInvestigation',
        evidenceSubmitted: {},
      };
      enqueue.assign({ objections: { ...context.objections, [e.objectionId]: objection } });
      if (acceptance) {
        enqueue({
          type: 'computeDeadline',
          params: { key: DEADLINE_KEYS.objectionAcceptance(e.objectionId), start: e.at, duration: acceptance.within },
        });
      }
    }),

    acceptObjection: collect(({ context, event, enqueue }) => {
      const e = event as E<'ACCEPT_OBJECTION'>;
      const o = context.objections[e.objectionId]!;
      enqueue.cancel(timerIds.acceptanceReminder(o.id));
      enqueue.cancel(timerIds.acceptanceDue(o.id));
      const accepted: Objection = {
        ...o,
        status: 'underInvestigation',
        acceptance: { accepted: true, ...(e.reason ? { reason: e.reason } : {}), at: e.at, ...(e.actor ? { by: e.actor } : {}) },
      };
      enqueue.assign({ objections: { ...context.objections, [o.id]: withLetters(context, accepted, e.at, 'receipt') } });
      if (writesReceipts(context)) enqueue({ type: 'notifyObjector', params: objectorLetter(context, accepted, 'receipt', e.at) });
      const rule = policyOf(context).objections.missedEvidenceDeadline;
      const duration = rule?.evidenceWithin ?? e.evidenceWithin;
      if (rule && duration) {
        enqueue({ type: 'computeDeadline', params: { key: DEADLINE_KEYS.objectionEvidence(o.id), start: e.at, duration } });
      }
    }),

    refuseObjection: collect(({ context, event, enqueue }) => {
      const e = event as E<'REFUSE_OBJECTION'>;
      const o = context.objections[e.objectionId]!;
      enqueue.cancel(timerIds.acceptanceReminder(o.id));
      enqueue.cancel(timerIds.acceptanceDue(o.id));
      const refused: Objection = { ...o, status: 'refused', acceptance: { accepted: false, reason: e.reason, at: e.at, ...(e.actor ? { by: e.actor } : {}) } };
      enqueue.assign({ objections: { ...context.objections, [o.id]: withLetters(context, refused, e.at, 'refusal') } });
      if (writesReceipts(context)) enqueue({ type: 'notifyObjector', params: objectorLetter(context, refused, 'refusal', e.at) });
    }),

    submitEvidence: collect(({ context, event, enqueue }) => {
      const e = event as E<'SUBMIT_EVIDENCE'>;
      const o = context.objections[e.objectionId]!;
      const evidenceSubmitted = { ...o.evidenceSubmitted, [e.party]: e.at };
      enqueue.assign({ objections: { ...context.objections, [o.id]: { ...o, evidenceSubmitted } } });
      if (evidenceSubmitted.objector !== undefined && evidenceSubmitted.candidate !== undefined) enqueue.cancel(timerIds.evidenceDue(o.id));
    }),

    decideObjection: collect(({ context, event, enqueue }) => {
      const e = event as E<'DECIDE_OBJECTION'>;
      const o = context.objections[e.objectionId]!;
      enqueue.cancel(timerIds.evidenceDue(o.id));
      const rules = policyOf(context).objections;
      const decided: Objection = {
        ...o,
        status: e.upheld ? 'upheld' : 'dismissed',
        decision: {
          upheld: e.upheld,
          reason: e.reason,
          at: e.at,
          by: 'decision',
          ...(e.actor ? { actor: e.actor } : {}),
          // Who decides, and who verified the facts, as the policy names them (the record says so years later).
          ...(context.enforcesArticles ? { body: rules.decision.by, ...(rules.investigation ? { verifiedBy: rules.investigation.byExperts ? 'experts' : 'office' } : {}) } : {}),
        },
      };
      enqueue.assign({ objections: { ...context.objections, [o.id]: decided } });
      enqueue({ type: 'notifyParties', params: { objectionId: o.id, at: e.at } });
      if (e.upheld) enqueue({ type: 'removeCandidate', params: { objectionId: o.id, reason: `异议成立：${e.reason}`, at: e.at } });
    }),

    /** Applies the policy's default outcome to a party that missed its evidence deadline (大庆第二十三条). */
    evidenceDeadlinePassed: collect(({ context, event, enqueue }) => {
      const e = event as E<'OBJECTION_EVIDENCE_DUE'>;
      const o = context.objections[e.objectionId];
      if (!o || o.status !== 'underInvestigation') return;
      const policy = policyOf(context);
      // A missing objector ends the objection whatever the candidate did; only then does the candidate's silence count.
      if (o.evidenceSubmitted.objector === undefined) {
        const rule = missedEvidenceOutcome(policy, 'objector');
        if (!rule) return;
        enqueue.assign({
          objections: {
            ...context.objections,
            [o.id]: { ...o, status: 'withdrawn', decision: { upheld: false, reason: rule.message, at: e.at, by: 'default', article: rule.article } },
          },
        });
        enqueue({ type: 'notifyParties', params: { objectionId: o.id, at: e.at } });
      } else if (o.evidenceSubmitted.candidate === undefined) {
        const rule = missedEvidenceOutcome(policy, 'candidate');
        if (!rule) return;
        enqueue.assign({
          objections: {
            ...context.objections,
            [o.id]: { ...o, status: 'upheld', decision: { upheld: true, reason: rule.message, at: e.at, by: 'default', article: rule.article } },
          },
        });
        enqueue({ type: 'notifyParties', params: { objectionId: o.id, at: e.at } });
        enqueue({ type: 'removeCandidate', params: { objectionId: o.id, reason: `${rule.message}（${rule.article}）`, at: e.at } });
      }
    }),

    /**
     * The outcome of an objection goes to both parties where the policy says so (大庆第二十四条): the
     * objector by letter, the organisation through its application (before any removal ends it).
     */
    notifyParties: collect<{ objectionId: string; at: number }>(({ context, enqueue }, params: { objectionId: string; at: number }) => {
      const o = context.objections[params.objectionId];
      if (!o || !context.enforcesArticles || !policyOf(context).objections.decision.partiesNotified) return;
      enqueue.assign({ objections: { ...context.objections, [o.id]: { ...o, letters: { ...o.letters, outcomeToObjector: params.at, outcomeToUnit: params.at } } } });
      enqueue({ type: 'notifyObjector', params: objectorLetter(context, o, 'outcomeToObjector', params.at) });
      const { letterId, subject, body, article } = unitLetter(context, o);
      enqueue({
        type: 'broadcastToApplications',
        params: broadcast(context, { type: 'SEND_LETTER', letterId, subject, body, article }, { orgIds: [o.against] }),
      });
    }),

    /** An upheld objection takes the candidate off the proposal and tells its application. */
    removeCandidate: collect<RemoveCandidateParams>(({ context, enqueue }, params: { objectionId: string; reason: string; at: number }) => {
      const o = context.objections[params.objectionId];
      if (!o) return;
      const tierId = tierOf(context.proposal, o.against);
      if (!tierId) return;
      enqueue.assign({
        proposal: withoutCandidate(context.proposal, o.against),
        removed: [...context.removed, { orgId: o.against, tierId, reason: params.reason, objectionId: o.id, at: params.at }],
      });
      enqueue({
        type: 'broadcastToApplications',
        params: broadcast(context, { type: 'OUTCOME_DECIDED', outcome: 'notAwarded', reason: params.reason }, { orgIds: [o.against] }),
      });
    }),

    acceptanceReminder: collect<{ overdue: boolean }>(({ context, event, enqueue }, params: { overdue: boolean }) => {
      const e = event as E<'OBJECTION_ACCEPTANCE_REMINDER'> | E<'OBJECTION_ACCEPTANCE_DUE'>;
      const o = context.objections[e.objectionId];
      if (!o || o.status !== 'pendingAcceptance' || o.acceptanceDueAt === undefined) return;
      const rule = objectionAcceptanceDuration(policyOf(context));
      enqueue.assign({
        objections: { ...context.objections, [o.id]: { ...o, ...(params.overdue ? { acceptanceOverdue: true } : { acceptanceReminded: true }) } },
      });
      enqueue({
        type: 'sendReminder',
        params: {
          to: 'office',
          subject: params.overdue ? `异议${o.id}已超过受理期限` : `异议${o.id}受理期限即将届满`,
          body: `针对${o.against}的异议（${o.id}）须在${lastDayOf(o.acceptanceDueAt)}前决定是否受理${
            rule ? `（${rule.article}，${rule.writtenReceipt ? '并书面告知异议人' : ''}）` : ''
          }${params.overdue ? '，现已逾期，请尽快处理。' : '。'}`,
          dueAt: o.acceptanceDueAt,
        },
      });
    }),

    publishAnnouncement: collect(({ context, enqueue }) => enqueue({ type: 'publishNotice', params: cycleNotice(context, 'announcement') })),
    publishAcceptanceList: collect(({ context, enqueue }) => enqueue({ type: 'publishNotice', params: cycleNotice(context, 'acceptanceList') })),
    publishProposedWinners: collect(({ context, enqueue }) => enqueue({ type: 'publishNotice', params: cycleNotice(context, 'proposedWinners') })),

    award: collect(({ context, event, enqueue }) => {
      const e = event as E<'APPROVE'>;
      const policy = policyOf(context);
      // Candidates objected to and not confirmed by the approving body are not awarded (瀍河第十九条).
      const objected = objectedCandidates(context);
      const confirmations = objected.length > 0 ? Object.fromEntries(objected.map((id) => [id, e.confirmations?.[id] === true])) : undefined;
      const unconfirmed = objected.filter((id) => confirmations?.[id] !== true);
      const rule = policy.objections.mustPassWithoutObjection;
      const removed = [
        ...context.removed,
        ...unconfirmed.map((orgId) => ({
          orgId,
          tierId: tierOf(context.proposal, orgId) ?? '',
          reason: `公示期间被提出异议，${reviewStep(policy, 'approval')?.actor ?? '审定机关'}审定时未予确认${rule ? `（${rule.article}）` : ''}`,
          at: e.at,
        })),
      ];
      let proposal = context.proposal;
      for (const orgId of unconfirmed) proposal = withoutCandidate(proposal, orgId);
      const winners = normaliseProposal(policy, proposal ?? {});
      const approval = {
        at: e.at,
        ...(e.decisionRef ? { decisionRef: e.decisionRef } : {}),
        ...(e.actor ? { by: e.actor } : {}),
        ...(confirmations ? { confirmations } : {}),
      };
      enqueue.assign({ winners, approval, ...(unconfirmed.length > 0 ? { removed } : {}) });
      if (reviewStep(policy, 'approval')?.publicNotice !== false) {
        enqueue({ type: 'publishNotice', params: cycleNotice({ ...context, approval, removed }, 'results', winners) });
      }
      const awarded = new Set<string>();
      for (const [tierId, orgIds] of Object.entries(winners)) {
        orgIds.forEach((id) => awarded.add(id));
        if (orgIds.length > 0) {
          const approved = { approvedAt: e.at, ...(e.decisionRef ? { decisionRef: e.decisionRef } : {}) };
          enqueue({ type: 'broadcastToApplications', params: broadcast(context, { type: 'OUTCOME_DECIDED', outcome: 'awarded', tierId, ...approved }, { orgIds }) });
        }
      }
      if (activeOrgIds(context).some((id) => !awarded.has(id))) {
        enqueue({
          type: 'broadcastToApplications',
          params: broadcast(
            context,
            { type: 'OUTCOME_DECIDED', outcome: 'notAwarded', reason: unconfirmed.length > 0 ? '未列入审定的获奖名单（公示期间被提出异议的，须经审定机关确认）' : '未列入审定的获奖名单' },
            { allRunningExcept: [...awarded].sort() },
          ),
        });
      }
    }),
  },
  guards: {
    isNextStage: ({ context }, params: { from: StageBeforeDeliberation; to: ReviewStage }) => nextStage(policyOf(context), params.from) === params.to,
    canAdvanceTo: ({ context }, params: { from: StageBeforeDeliberation; to: ReviewStage }) =>
      nextStage(policyOf(context), params.from) === params.to && !whyNotAdvance(context, params.from),
    never: () => false,
    canRegister: ({ context, event }) => !whyNotRegister(context, event as E<'APPLICATION_REGISTERED'>),
    canReport: ({ context, event }) => !whyNotReport(context, event as E<'APPLICATION_REPORTED'>),
    isKnown: ({ context, event }) => context.applications[(event as E<'APPLICATION_REPORTED'>).orgId] !== undefined,
    isRegistration: ({ context, event }) => isRegistration(context, event as ApplicationReported),
    submittedInTime: ({ context, event }) => submittedInTime(context, event as ApplicationReported),
    canPropose: ({ context, event }) => !whyNotPropose(context, event as E<'PROPOSE_WINNERS'>),
    canFileObjection: ({ context, event }) => !whyNotFileObjection(context, event as E<'FILE_OBJECTION'>),
    canAcceptObjection: ({ context, event }) => !whyNotAcceptObjection(context, event as E<'ACCEPT_OBJECTION'>),
    canRefuseObjection: ({ context, event }) => !whyNotRefuseObjection(context, event as E<'REFUSE_OBJECTION'>),
    canSubmitEvidence: ({ context, event }) => !whyNotSubmitEvidence(context, event as E<'SUBMIT_EVIDENCE'>),
    canDecideObjection: ({ context, event }) => !whyNotDecideObjection(context, event as E<'DECIDE_OBJECTION'>),
    canApprove: ({ context, event }) => !whyNotApprove(context, event as E<'APPROVE'>),
    deadlineIs: ({ event }, params: { key: string }) => (event as E<'DEADLINE_COMPUTED'>).key === params.key,
    allObjectionsDecided: ({ context }) => allObjectionsDecided(context),
  },
  delays: {
    applicationDeadline: ({ context, event }) => Math.max(0, context.applicationDeadline - event.at),
    acceptancePublicityEnd: ({ context, event }) => Math.max(0, (context.deadlines.acceptancePublicity ?? event.at) - event.at),
    publicityEnd: ({ context, event }) => Math.max(0, (context.deadlines.publicity ?? event.at) - event.at),
  },
}).createMachine({
  id: 'cycle',
  context: ({ input }) => ({
    ...input,
    applications: {},
    deadlines: {},
    startedAt: {},
    removed: [],
    objections: {},
  }),
  initial: 'draft',
  on: {
    APPLICATION_REPORTED: [
      { guard: and(['isKnown', 'canReport']), actions: 'recordReport' },
      // Registration outside the window (the window's stages handle it first, see below).
      { guard: 'isRegistration', actions: 'refuseRegistration' },
    ],
    DEADLINE_COMPUTED: { actions: ['storeDeadline', 'scheduleObjectionTimers'] },
    OBJECTION_ACCEPTANCE_REMINDER: { actions: { type: 'acceptanceReminder', params: { overdue: false } } },
    OBJECTION_ACCEPTANCE_DUE: { actions: { type: 'acceptanceReminder', params: { overdue: true } } },
    OBJECTION_EVIDENCE_DUE: { actions: 'evidenceDeadlinePassed' },
  },
  states: {
    draft: {
      meta: stageMeta('待发布申报公告', 'office', { ANNOUNCE: ['office'] }),
      on: { ANNOUNCE: { target: 'applicationWindow', actions: assign({ announcedAt: ({ event }) => event.at }) } },
    },
    applicationWindow: {
      // APPLICATION_REGISTERED is no one's to send any more (applications register by their first
      // report); its transition stays so that cycles recorded with it replay.
      meta: stageMeta('申报受理中', 'applicant', { CLOSE_APPLICATIONS: ['office'] }),
      entry: 'publishAnnouncement',
      exit: assign({ applicationsClosedAt: ({ event }) => event.at }),
      after: { applicationDeadline: advanceFrom('applicationWindow', 'isNextStage') },
      on: {
        APPLICATION_REGISTERED: { guard: 'canRegister', actions: 'registerApplication' },
        APPLICATION_REPORTED: { guard: and(['isRegistration', 'submittedInTime']), actions: 'registerApplication' },
        CLOSE_APPLICATIONS: advanceFrom('applicationWindow', 'isNextStage'),
      },
    },
    eligibilityReview: {
      meta: stageMeta('资格审查', 'office', { ADVANCE_STAGE: ['office'] }),
      entry: [{ type: 'announceStage', params: { stage: 'eligibilityReview' } }, { type: 'startServiceLevel', params: { stage: 'eligibilityReview' } }],
      on: {
        ADVANCE_STAGE: advanceFrom('eligibilityReview', 'canAdvanceTo'),
        APPLICATION_REPORTED: {
          guard: and(['isRegistration', 'submittedInTime']),
          actions: ['registerApplication', { type: 'tellStage', params: { stage: 'eligibilityReview' } }],
        },
      },
    },
    acceptancePublicity: {
      entry: [{ type: 'announceStage', params: { stage: 'acceptancePublicity' } }, { type: 'startDeadline', params: { key: 'acceptancePublicity' } }],
      initial: 'computing',
      states: {
        computing: {
          meta: stageMeta('受理名单公示（计算公示期）', null),
          on: {
            DEADLINE_COMPUTED: { guard: { type: 'deadlineIs', params: { key: DEADLINE_KEYS.acceptancePublicity } }, target: 'running', actions: 'storeDeadline' },
          },
        },
        running: {
          meta: stageMeta('受理名单公示', null),
          entry: 'publishAcceptanceList',
          after: { acceptancePublicityEnd: advanceFrom('acceptancePublicity', 'isNextStage') },
        },
      },
    },
    materialReview: {
      meta: stageMeta('材料评审', 'reviewer', { ADVANCE_STAGE: ['office'] }),
      entry: [{ type: 'announceStage', params: { stage: 'materialReview' } }, { type: 'startServiceLevel', params: { stage: 'materialReview' } }],
      on: { ADVANCE_STAGE: advanceFrom('materialReview', 'canAdvanceTo') },
    },
    onSiteReview: {
      meta: stageMeta('现场评审', 'reviewer', { ADVANCE_STAGE: ['office'] }),
      entry: [{ type: 'announceStage', params: { stage: 'onSiteReview' } }, { type: 'startServiceLevel', params: { stage: 'onSiteReview' } }],
      on: { ADVANCE_STAGE: advanceFrom('onSiteReview', 'canAdvanceTo') },
    },
    comprehensiveEvaluation: {
      meta: stageMeta('综合评价', 'office', { ADVANCE_STAGE: ['office'] }),
      entry: [{ type: 'announceStage', params: { stage: 'comprehensiveEvaluation' } }, { type: 'startServiceLevel', params: { stage: 'comprehensiveEvaluation' } }],
      on: { ADVANCE_STAGE: advanceFrom('comprehensiveEvaluation', 'canAdvanceTo') },
    },
    deliberation: {
      meta: stageMeta('审议', 'committee', { PROPOSE_WINNERS: ['committee'] }),
      entry: [{ type: 'announceStage', params: { stage: 'deliberation' } }, { type: 'startServiceLevel', params: { stage: 'deliberation' } }],
      on: { PROPOSE_WINNERS: { guard: 'canPropose', target: 'publicity', actions: 'recordProposal' } },
    },
    publicity: {
      entry: [{ type: 'announceStage', params: { stage: 'publicity' } }, { type: 'startDeadline', params: { key: 'publicity' } }],
      initial: 'computing',
      on: {
        FILE_OBJECTION: { guard: 'canFileObjection', actions: 'fileObjection' },
        ACCEPT_OBJECTION: { guard: 'canAcceptObjection', actions: 'acceptObjection' },
        REFUSE_OBJECTION: { guard: 'canRefuseObjection', actions: 'refuseObjection' },
        SUBMIT_EVIDENCE: { guard: 'canSubmitEvidence', actions: 'submitEvidence' },
        DECIDE_OBJECTION: { guard: 'canDecideObjection', actions: 'decideObjection' },
        // Present only to explain, through `refuse`, that publicity cannot be cut short. XState
        // hides a transition with neither target nor actions, hence the empty assign.
        ADVANCE_STAGE: { guard: 'never', actions: assign({}) },
      },
      states: {
        computing: {
          meta: stageMeta('拟奖公示（计算公示期）', 'office', { FILE_OBJECTION: ['office', 'applicant'], ...OBJECTION_ROLES, ADVANCE_STAGE: ['office'] }),
          on: {
            DEADLINE_COMPUTED: { guard: { type: 'deadlineIs', params: { key: DEADLINE_KEYS.publicity } }, target: 'running', actions: 'storeDeadline' },
          },
        },
        running: {
          meta: stageMeta('拟奖公示', 'office', { FILE_OBJECTION: ['office', 'applicant'], ...OBJECTION_ROLES, ADVANCE_STAGE: ['office'] }),
          entry: 'publishProposedWinners',
          after: {
            publicityEnd: [{ guard: 'allObjectionsDecided', target: '#cycle.approval' }, { target: '#cycle.objectionHandling' }],
          },
        },
      },
    },
    objectionHandling: {
      meta: stageMeta('异议处理', 'office', OBJECTION_ROLES),
      always: { guard: 'allObjectionsDecided', target: 'approval' },
      on: {
        ACCEPT_OBJECTION: { guard: 'canAcceptObjection', actions: 'acceptObjection' },
        REFUSE_OBJECTION: { guard: 'canRefuseObjection', actions: 'refuseObjection' },
        SUBMIT_EVIDENCE: { guard: 'canSubmitEvidence', actions: 'submitEvidence' },
        DECIDE_OBJECTION: { guard: 'canDecideObjection', actions: 'decideObjection' },
      },
    },
    approval: {
      meta: stageMeta('报请政府审定', 'office', { APPROVE: ['office'] }),
      entry: { type: 'announceStage', params: { stage: 'approval' } },
      on: { APPROVE: { guard: 'canApprove', target: 'awarded', actions: 'award' } },
    },
    awarded: {
      meta: stageMeta('已授奖', 'office', { CLOSE: ['office'] }),
      on: { CLOSE: 'closed' },
    },
    closed: {
      type: 'final',
      meta: stageMeta('本届评选结束', null),
      entry: assign({ closedAt: ({ event }) => event.at }),
    },
  },
});

function topStage(snapshot: AnyMachineSnapshot): CycleStage {
  const value = snapshot.value;
  return (typeof value === 'string' ? value : Object.keys(value)[0]) as CycleStage;
}

/** Explains why an event is refused, for the events whose guards carry policy or procedure rules. */
export function refuseCycle(snapshot: AnyMachineSnapshot, event: MachineEvent): Refusal | undefined {
  const context = snapshot.context as CycleContext;
  const e = event as StampedCycleEvent;
  switch (e.type) {
    case 'ADVANCE_STAGE':
      return whyNotAdvance(context, topStage(snapshot));
    case 'APPLICATION_REGISTERED':
      return whyNotRegister(context, e);
    case 'APPLICATION_REPORTED':
      return whyNotReport(context, e);
    case 'PROPOSE_WINNERS':
      return whyNotPropose(context, e);
    case 'FILE_OBJECTION':
      return whyNotFileObjection(context, e);
    case 'ACCEPT_OBJECTION':
      return whyNotAcceptObjection(context, e);
    case 'REFUSE_OBJECTION':
      return whyNotRefuseObjection(context, e);
    case 'SUBMIT_EVIDENCE':
      return whyNotSubmitEvidence(context, e);
    case 'DECIDE_OBJECTION':
      return whyNotDecideObjection(context, e);
    case 'APPROVE':
      return whyNotApprove(context, e);
    default:
      return undefined;
  }
}

export const cycle: DurableMachine<typeof cycleMachine> = {
  name: 'cycle',
  machine: cycleMachine,
  refuse: refuseCycle,
  identify: (context: CycleContext) => ({ jurisdiction: context.policyKey, cycle: String(context.year) }),
  // The memo is readable by anyone with Temporal visibility: identity numbers go there masked.
  present: presentedSummary,
  // Read by many on deadline day while a thousand applications report to it; its summary changes rarely.
  viewInMemo: true,
};
