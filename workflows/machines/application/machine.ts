/**
 * One organisation's application in one cycle: submitted → [supplement] → eligible | ineligible →
 * material review → on-site review → scored → candidate → proposed → awarded | notAwarded |
 * disqualified, or withdrawn at any point before an outcome. Every status change is reported to
 * the cycle, which waits for its applications before it moves on.
 */
import { and, assign, enqueueActions, setup } from 'xstate';
import { effect } from '../../runtime/effect';
import type { DurableMachine, Refusal } from '../../runtime/interpreter';
import type { AnyMachineSnapshot } from 'xstate';
import type { MachineEvent } from '../../runtime/types';
import { reviewStep } from '../../policy/index.js';
import { cycleWorkflowId, type Role } from '../cycle/ids';
import {
  computeEligibility,
  eligibilityAsOf,
  phaseMean,
  policyOf,
  reasonsOf,
  sheetTotal,
  weightedTotal,
  whyNotAdvance,
  whyNotAssign,
  whyNotConcludeOnSite,
  whyNotDeclareConflict,
  whyNotNotAdvance,
  whyNotRecordEligibility,
  whyNotScore,
} from './rules';
import { collect, type E } from './collect';
import type { RecordStandingParams } from '../standing/types';
import { cycleLetter } from './letters';
import { endSupplementTimers, requestSupplement, supplementDeadlineComputed, supplementOverdue, supplementReminder } from './supplement-actions';
import { whyNotRequest } from './supplement';
import type {
  ApplicationContext,
  ApplicationEventType,
  ApplicationInput,
  ApplicationStatus,
  ComputeDeadlineParams,
  NotifyApplicantParams,
  OfficeReminderParams,
  ReportToCycleParams,
  StampedApplicationEvent,
} from './types';

/** Roles allowed to send each staff event, in every non-final state. */
const COMMON_ROLES = {
  WITHDRAW: ['applicant'],
  DISQUALIFY: ['office'],
  // Daqing 第三十五条: the office corrects reviewers who did not declare, so it may declare for them.
  DECLARE_CONFLICT: ['reviewer', 'office'],
} satisfies Partial<Record<ApplicationEventType, Role[]>>;

function stageMeta(label: string, actor: Role | null, roles: Partial<Record<ApplicationEventType, Role[]>> = {}) {
  return { label, ...(actor ? { actor } : {}), roles: { ...COMMON_ROLES, ...roles } };
}

function reportParams(context: ApplicationContext, notifyCycle = true): ReportToCycleParams {
  return {
    cycleWorkflowId: context.cycleWorkflowId,
    policyKey: context.policyKey,
    year: context.year,
    ...(notifyCycle ? {} : { notifyCycle: false }),
    orgId: context.orgId,
    status: context.status,
    category: context.category,
    organisationName: context.organisationName,
    ...(context.eligibility ? { eligible: context.eligibility.eligible, failures: context.eligibility.failures } : {}),
    ...(context.materialScore !== undefined ? { materialScore: context.materialScore } : {}),
    ...(context.onSiteScore !== undefined ? { onSiteScore: context.onSiteScore } : {}),
    ...(context.totalScore !== undefined ? { totalScore: context.totalScore } : {}),
    ...(context.outcome ? { outcome: context.outcome } : {}),
    ...(context.tierId ? { tierId: context.tierId } : {}),
    ...(context.status === 'notAdvanced' && context.materialDecision ? { reasons: context.materialDecision.reasons } : {}),
    ...(context.status === 'ineligible' && context.eligibility ? { reasons: context.eligibility.reasons } : {}),
    ...(context.outcomeReason ? { reasons: [context.outcomeReason] } : {}),
    ...(context.notAcceptedReason ? { reasons: [context.notAcceptedReason] } : {}),
    ...(context.status === 'submitted' && context.submittedAt !== undefined ? { submittedAt: context.submittedAt } : {}),
    ...(context.priorTiers ? { priorTiers: context.priorTiers } : {}),
    reviewers: visibleReviewers(context),
  };
}

function visibleReviewers(context: ApplicationContext): string[] {
  return [...new Set(context.assignments.map((a) => a.reviewerId))].filter((id) => !context.conflicts[id]).sort();
}



/** Entry of every state: record the status, then tell the cycle. */
const enter = (status: ApplicationStatus) =>
  [
    { type: 'setStatus', params: { status } },
    { type: 'reportToCycle', params: ({ context }: { context: ApplicationContext }) => reportParams(context) },
  ] as const;

/** After a change only the applications table shows (who may review): update the row, not the cycle. */
const reportReviewers = collect(({ context, enqueue }) => {
  if (context.reportsReviewers) enqueue({ type: 'reportToCycle', params: reportParams(context, false) });
});

/** A letter the cycle writes to this unit, mailed as it is; nothing else changes. */
const sendLetter = collect(({ context, event, enqueue }) => {
  const e = event as E<'SEND_LETTER'>;
  enqueue({ type: 'notifyApplicant', params: cycleLetter(context, e) });
});

/** Eligible or ineligible in one step, so the cycle never hears a status that is taken back. */
const RECORD_ELIGIBILITY = [
  { guard: and(['canRecordEligibility', 'decidedEligible']), target: 'eligible', actions: 'recordEligibility' },
  { guard: 'canRecordEligibility', target: 'ineligible', actions: 'recordEligibility' },
] as const;

export const applicationMachine = setup({
  types: {
    context: {} as ApplicationContext,
    input: {} as ApplicationInput,
    events: {} as StampedApplicationEvent,
  },
  actions: {
    reportToCycle: effect<ReportToCycleParams>(),
    notifyApplicant: effect<NotifyApplicantParams>(),
    recordStanding: effect<RecordStandingParams>(),
    /** The award goes on the organisation's record, where its duties, validity and sanctions are kept. */
    enterStanding: collect(({ context, enqueue }) => {
      if (!context.recordsStanding || !context.tierId || context.awardedAt === undefined) return;
      enqueue({
        type: 'recordStanding',
        params: {
          policyKey: context.policyKey,
          orgId: context.orgId,
          organisationName: context.organisationName,
          contacts: context.contactEmail ? [context.contactEmail] : [],
          cycle: context.year,
          tierId: context.tierId,
          awardedAt: context.awardedAt,
          ...(context.decisionRef ? { decisionRef: context.decisionRef } : {}),
        },
      });
    }),
    computeDeadline: effect<ComputeDeadlineParams>(),
    sendReminder: effect<OfficeReminderParams>(),
    setStatus: assign((_, params: { status: ApplicationStatus }) => ({ status: params.status })),
    reportReviewers,
    recordEligibility: assign(({ context, event }) => {
      const e = event as E<'RECORD_ELIGIBILITY'>;
      const result = computeEligibility(context, e, e.at);
      return {
        eligibility: {
          eligible: result.eligible && e.eligible !== false,
          failures: result.eligible ? [] : result.failures,
          ...(e.eligible !== undefined ? { officeVerdict: e.eligible } : {}),
          reasons: reasonsOf(e.reasons),
          asOf: eligibilityAsOf(context, e.at),
          at: e.at,
          ...(e.actor ? { by: e.actor } : {}),
        },
      };
    }),
    assignReviewer: assign({
      assignments: ({ context, event }) => {
        const e = event as E<'ASSIGN_REVIEWER'>;
        return [...context.assignments, { reviewerId: e.reviewerId, phase: e.phase, at: e.at }];
      },
    }),
  },
  guards: {
    canRecordEligibility: ({ context, event }) => !whyNotRecordEligibility(context, event as E<'RECORD_ELIGIBILITY'>, event.at),
    decidedEligible: ({ context, event }) => {
      const e = event as E<'RECORD_ELIGIBILITY'>;
      return computeEligibility(context, e, e.at).eligible && e.eligible !== false;
    },
    canRequestSupplement: ({ context, event }) => !whyNotRequest(context, event as E<'REQUEST_SUPPLEMENT'>, event.at),
    canAssign: ({ context, event }) => !whyNotAssign(context, event as E<'ASSIGN_REVIEWER'>),
    canDeclareConflict: ({ context, event }) => !whyNotDeclareConflict(context, event as E<'DECLARE_CONFLICT'>),
    canScore: ({ context, event }) => !whyNotScore(context, event as E<'SUBMIT_SCORE'>),
    canAdvance: ({ context }) => !whyNotAdvance(context),
    canNotAdvance: ({ context, event }) => !whyNotNotAdvance(context, event as E<'NOT_ADVANCE'>),
    canConcludeOnSite: ({ context }) => !whyNotConcludeOnSite(context),
    deliberationStarted: ({ event }) => (event as E<'CYCLE_STAGE_CHANGED'>).stage === 'deliberation',
    outcomeIs: ({ event }, params: { outcome: E<'OUTCOME_DECIDED'>['outcome'] }) => (event as E<'OUTCOME_DECIDED'>).outcome === params.outcome,
  },
}).createMachine({
  id: 'application',
  context: ({ input }) => ({
    ...input,
    status: 'submitted',
    cycleWorkflowId: cycleWorkflowId(input.policyKey, input.year),
    cycleStage: 'applicationWindow',
    supplements: [],
    assignments: [],
    conflicts: {},
    scores: { material: {}, onSite: {} },
  }),
  initial: 'submitted',
  on: {
    CYCLE_STAGE_CHANGED: {
      actions: assign({
        cycleStage: ({ event }) => event.stage,
        applicationsClosedAt: ({ context, event }) =>
          event.stage === 'eligibilityReview' ? (event.closedAt ?? event.at) : context.applicationsClosedAt,
      }),
    },
    DECLARE_CONFLICT: {
      guard: 'canDeclareConflict',
      actions: [
        assign(({ context, event }) => {
          // A conflicted reviewer's earlier scores no longer count, so the means are recomputed.
          const conflicts = { ...context.conflicts, [event.reviewerId]: { note: event.note, at: event.at, by: event.actor } };
          const next = { ...context, conflicts };
          return { conflicts, materialScore: context.materialDecision ? context.materialScore : phaseMean(next, 'material') };
        }),
        'reportReviewers',
      ],
    },
    REGISTRATION_REFUSED: {
      target: '.notAccepted',
      actions: assign({ notAcceptedReason: ({ event }) => event.reason }),
    },
    WITHDRAW: {
      target: '.withdrawn',
      actions: assign({ outcome: 'withdrawn', outcomeReason: ({ event }) => event.reason ?? '申报组织主动撤回申报' }),
    },
    DISQUALIFY: {
      target: '.disqualified',
      actions: assign({ outcome: 'disqualified', outcomeReason: ({ event }) => event.reason }),
    },
    OUTCOME_DECIDED: {
      guard: { type: 'outcomeIs', params: { outcome: 'disqualified' } },
      target: '.disqualified',
      actions: assign({ outcome: 'disqualified', outcomeReason: ({ event }) => event.reason ?? '取消本届评选资格' }),
    },
    SEND_LETTER: { actions: sendLetter },
  },
  states: {
    submitted: {
      meta: stageMeta('资格审查', 'office', { RECORD_ELIGIBILITY: ['office'], REQUEST_SUPPLEMENT: ['office'], ASSIGN_REVIEWER: ['office'] }),
      entry: enter('submitted'),
      on: {
        RECORD_ELIGIBILITY: RECORD_ELIGIBILITY,
        REQUEST_SUPPLEMENT: { guard: 'canRequestSupplement', target: 'supplementRequested', actions: requestSupplement },
        ASSIGN_REVIEWER: { guard: 'canAssign', actions: ['assignReviewer', 'reportReviewers'] },
      },
    },
    supplementRequested: {
      meta: stageMeta('待补充材料', 'applicant', { SUPPLEMENT_RETURNED: ['applicant', 'office'], RECORD_ELIGIBILITY: ['office'], ASSIGN_REVIEWER: ['office'] }),
      entry: enter('supplementRequested'),
      exit: endSupplementTimers,
      on: {
        DEADLINE_COMPUTED: { actions: supplementDeadlineComputed },
        SUPPLEMENT_REMINDER_DUE: { actions: supplementReminder },
        SUPPLEMENT_DUE: { actions: supplementOverdue },
        SUPPLEMENT_RETURNED: {
          target: 'submitted',
          actions: assign({
            profile: ({ context, event }) => ({ ...context.profile, ...(event.profile ?? {}) }),
            supplements: ({ context, event }) =>
              context.supplements.map((s, i) => (i === context.supplements.length - 1 ? { ...s, returnedAt: event.at } : s)),
          }),
        },
        RECORD_ELIGIBILITY: RECORD_ELIGIBILITY,
        ASSIGN_REVIEWER: { guard: 'canAssign', actions: ['assignReviewer', 'reportReviewers'] },
      },
    },
    eligible: {
      meta: stageMeta('材料评审', 'reviewer', {
        ASSIGN_REVIEWER: ['office'],
        SUBMIT_SCORE: ['reviewer'],
        ADVANCE: ['office'],
        NOT_ADVANCE: ['office'],
      }),
      entry: enter('eligible'),
      on: {
        ASSIGN_REVIEWER: { guard: 'canAssign', actions: ['assignReviewer', 'reportReviewers'] },
        SUBMIT_SCORE: {
          guard: 'canScore',
          actions: assign(({ context, event }) => {
            const scores = { ...context.scores, material: { ...context.scores.material, [event.reviewerId]: { scores: event.scores, total: sheetTotal(event.scores), at: event.at } } };
            return { scores, materialScore: phaseMean({ scores, conflicts: context.conflicts }, 'material') };
          }),
        },
        ADVANCE: {
          guard: 'canAdvance',
          target: 'advanced',
          actions: assign({ materialDecision: ({ event }) => ({ advanced: true, reasons: [], at: event.at, by: event.actor }) }),
        },
        NOT_ADVANCE: {
          guard: 'canNotAdvance',
          target: 'notAdvanced',
          actions: enqueueActions(({ context, event, enqueue }) => {
            const reasons = reasonsOf(event.reasons);
            enqueue.assign({ materialDecision: { advanced: false, reasons, at: event.at, ...(event.actor ? { by: event.actor } : {}) } });
            const rule = reviewStep(policyOf(context), 'material-review')?.writtenReasonsForRejected;
            if (rule) {
              enqueue({
                type: 'notifyApplicant',
                params: {
                  orgId: context.orgId,
                  organisationName: context.organisationName,
                  ...(context.contactEmail ? { contactEmail: context.contactEmail } : {}),
                  subject: `${context.year}年度${policyOf(context).awardName}材料评审结果告知书`,
                  body: `${context.organisationName}：经材料评审，贵单位未能进入现场评审。原因如下：\n${reasons.map((r, i) => `${i + 1}. ${r}`).join('\n')}\n特此书面告知（${rule.article}）。`,
                  article: rule.article,
                },
              });
            }
          }),
        },
      },
    },
    advanced: {
      meta: stageMeta('现场评审', 'reviewer', { ASSIGN_REVIEWER: ['office'], SUBMIT_SCORE: ['reviewer'], CONCLUDE_ON_SITE: ['office'] }),
      entry: enter('advanced'),
      on: {
        ASSIGN_REVIEWER: { guard: 'canAssign', actions: ['assignReviewer', 'reportReviewers'] },
        SUBMIT_SCORE: {
          guard: 'canScore',
          actions: assign(({ context, event }) => {
            const scores = { ...context.scores, onSite: { ...context.scores.onSite, [event.reviewerId]: { scores: event.scores, total: sheetTotal(event.scores), at: event.at } } };
            return { scores, onSiteScore: phaseMean({ scores, conflicts: context.conflicts }, 'onSite') };
          }),
        },
        CONCLUDE_ON_SITE: {
          guard: 'canConcludeOnSite',
          target: 'scored',
          actions: assign(({ context }) => {
            const onSiteScore = phaseMean(context, 'onSite');
            return { onSiteScore, totalScore: weightedTotal(context.materialScore, onSiteScore) };
          }),
        },
      },
    },
    scored: {
      meta: stageMeta('综合评价', null),
      entry: enter('scored'),
      on: {
        CYCLE_STAGE_CHANGED: {
          guard: 'deliberationStarted',
          target: 'candidate',
          actions: assign({ cycleStage: ({ event }) => event.stage }),
        },
        PROPOSED: { target: 'proposed', actions: assign({ tierId: ({ event }) => event.tierId }) },
      },
    },
    candidate: {
      meta: stageMeta('候选（待审议）', 'committee'),
      entry: enter('candidate'),
      on: {
        PROPOSED: { target: 'proposed', actions: assign({ tierId: ({ event }) => event.tierId }) },
        OUTCOME_DECIDED: [
          {
            guard: { type: 'outcomeIs', params: { outcome: 'notAwarded' } },
            target: 'notAwarded',
            actions: assign({ outcome: 'notAwarded', outcomeReason: ({ event }) => event.reason ?? '未列入拟奖名单' }),
          },
          {
            guard: { type: 'outcomeIs', params: { outcome: 'disqualified' } },
            target: 'disqualified',
            actions: assign({ outcome: 'disqualified', outcomeReason: ({ event }) => event.reason ?? '取消本届评选资格' }),
          },
        ],
      },
    },
    proposed: {
      meta: stageMeta('拟奖（公示及审定）', null),
      entry: enter('proposed'),
      on: {
        OUTCOME_DECIDED: [
          {
            guard: { type: 'outcomeIs', params: { outcome: 'awarded' } },
            target: 'awarded',
            actions: assign({
              outcome: 'awarded',
              tierId: ({ context, event }) => event.tierId ?? context.tierId,
              awardedAt: ({ event }) => event.approvedAt,
              decisionRef: ({ event }) => event.decisionRef,
            }),
          },
          {
            guard: { type: 'outcomeIs', params: { outcome: 'notAwarded' } },
            target: 'notAwarded',
            actions: assign({ outcome: 'notAwarded', outcomeReason: ({ event }) => event.reason ?? '未获审定' }),
          },
          {
            guard: { type: 'outcomeIs', params: { outcome: 'disqualified' } },
            target: 'disqualified',
            actions: assign({ outcome: 'disqualified', outcomeReason: ({ event }) => event.reason ?? '取消本届评选资格' }),
          },
        ],
      },
    },
    ineligible: { type: 'final', meta: stageMeta('不符合申报条件', null), entry: enter('ineligible') },
    notAdvanced: { type: 'final', meta: stageMeta('未进入现场评审', null), entry: enter('notAdvanced') },
    awarded: { type: 'final', meta: stageMeta('获奖', null), entry: [...enter('awarded'), 'enterStanding'] },
    notAwarded: { type: 'final', meta: stageMeta('未获奖', null), entry: enter('notAwarded') },
    disqualified: { type: 'final', meta: stageMeta('取消评选资格', null), entry: enter('disqualified') },
    withdrawn: { type: 'final', meta: stageMeta('已撤回', null), entry: enter('withdrawn') },
    notAccepted: { type: 'final', meta: stageMeta('未予受理', null), entry: enter('notAccepted') },
  },
});

/** Explains why an event is refused, in the order the API should report it. */
export function refuseApplication(snapshot: AnyMachineSnapshot, event: MachineEvent): Refusal | undefined {
  const context = snapshot.context as ApplicationContext;
  const e = event as StampedApplicationEvent;
  const stamped = (event as { at?: unknown }).at;
  const at = typeof stamped === 'number' ? stamped : undefined;
  // A reviewer acts only in their own name; the office may declare a conflict on a reviewer's behalf.
  if ((e.type === 'SUBMIT_SCORE' || e.type === 'DECLARE_CONFLICT') && e.actor?.role === 'reviewer' && e.actor.id !== e.reviewerId) {
    return { code: 'REVIEWER_MISMATCH', message: `评审专家 ${e.actor.id} 只能以本人名义操作，不能代替 ${e.reviewerId}` };
  }
  switch (e.type) {
    case 'RECORD_ELIGIBILITY':
      return whyNotRecordEligibility(context, e, at ?? context.applicationsClosedAt ?? 0);
    case 'REQUEST_SUPPLEMENT':
      return whyNotRequest(context, e, at ?? 0);
    case 'ASSIGN_REVIEWER':
      return whyNotAssign(context, e);
    case 'DECLARE_CONFLICT':
      return whyNotDeclareConflict(context, e);
    case 'SUBMIT_SCORE':
      return whyNotScore(context, e);
    case 'ADVANCE':
      return whyNotAdvance(context);
    case 'NOT_ADVANCE':
      return whyNotNotAdvance(context, e);
    case 'CONCLUDE_ON_SITE':
      return whyNotConcludeOnSite(context);
    default:
      return undefined;
  }
}

export const application: DurableMachine<typeof applicationMachine> = {
  name: 'application',
  machine: applicationMachine,
  refuse: refuseApplication,
  identify: (context: ApplicationContext) => ({
    jurisdiction: context.policyKey,
    cycle: String(context.year),
    organisation: context.orgId,
  }),
  // Read through the API all through its review, also while the worker has a backlog: a query
  // would wait for the worker (and replay the whole history once the workflow has finished).
  viewInMemo: true,
};
