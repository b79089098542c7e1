/**
 * Pure rules of a cycle: which stage follows which under a policy, which applications a stage waits
 * for, the ranking, proposal validation and objection admissibility. Each `why…` function returns a
 * refusal or undefined; the chart's guards are their negation.
 */
import type { Refusal } from '../../runtime/interpreter';
import {
  checkObjectionAdmissibility,
  chinaDateOf,
  chineseDay,
  deadlineFrom,
  objectorIssues,
  reviewStep,
  whyVoteFails,
  loadPolicy,
  reviewStepKinds,
  validateProposal,
  INDUSTRY_CATEGORIES,
  type AllocationCandidate,
  type Duration,
  type WorkingDayCalendar,
  type Policy,
  type ReviewStepKind,
} from '../../policy/index.js';
import { APPLICATION_STATUS_LABELS, FINAL_APPLICATION_STATUSES, RANKED_APPLICATION_STATUSES, type ApplicationStatus } from '../application/types';
import type { CycleStage } from './ids';
import {
  DEADLINE_KEYS,
  DECIDED_OBJECTION_STATUSES,
  type ApplicationReported,
  type CycleApplication,
  type CycleContext,
  type CycleEvent,
  type Objection,
  type Proposal,
  type RankedCandidate,
} from './types';

export function policyOf(context: { policyKey: string }): Policy {
  return loadPolicy(context.policyKey);
}

type Ev<T extends CycleEvent['type']> = Extract<CycleEvent, { type: T }>;

const filled = (s: string | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

// ---------------------------------------------------------------------------------------------
// Stage order
// ---------------------------------------------------------------------------------------------

/** The stages between the application window and deliberation, each present only if the policy has its step. */
export const REVIEW_STAGES = [
  ['eligibilityReview', 'eligibility-review'],
  ['acceptancePublicity', 'acceptance-publicity'],
  ['materialReview', 'material-review'],
  ['onSiteReview', 'on-site-review'],
  ['comprehensiveEvaluation', 'comprehensive-evaluation'],
  ['deliberation', 'deliberation'],
] as const satisfies ReadonlyArray<readonly [CycleStage, ReviewStepKind]>;

export type ReviewStage = (typeof REVIEW_STAGES)[number][0];
export type StageBeforeDeliberation = 'applicationWindow' | Exclude<ReviewStage, 'deliberation'>;

/** The stage that follows `from` under the policy; deliberation is the chart's fixed end point. */
export function nextStage(policy: Policy, from: StageBeforeDeliberation): ReviewStage {
  const kinds = reviewStepKinds(policy);
  const index = from === 'applicationWindow' ? -1 : REVIEW_STAGES.findIndex(([stage]) => stage === from);
  for (const [stage, kind] of REVIEW_STAGES.slice(index + 1)) {
    if (stage === 'deliberation' || kinds.includes(kind)) return stage;
  }
  return 'deliberation';
}

/** Application statuses each review stage waits on before the cycle may leave it. */
const WAITS_ON: Partial<Record<ReviewStage, readonly ApplicationStatus[]>> = {
  eligibilityReview: ['submitted', 'supplementRequested'],
  materialReview: ['eligible'],
  onSiteReview: ['advanced'],
};

function pendingStatuses(stage: CycleStage): ApplicationStatus[] {
  const index = REVIEW_STAGES.findIndex(([s]) => s === stage);
  if (index < 0) return [];
  return REVIEW_STAGES.slice(0, index + 1).flatMap(([s]) => WAITS_ON[s] ?? []);
}

/** Applications the stage is still waiting for, with their status. */
export function unresolvedApplications(context: CycleContext, stage: CycleStage): Array<{ orgId: string; status: ApplicationStatus }> {
  const pending = pendingStatuses(stage);
  return rows(context)
    .filter(([, a]) => pending.includes(a.status))
    .map(([orgId, a]) => ({ orgId, status: a.status }))
    .sort((a, b) => a.orgId.localeCompare(b.orgId));
}

/** Applications named in a refusal at most; the rest are counted. A refusal must stay small too. */
const NAMED_IN_REFUSAL = 20;

function rows(context: CycleContext): Array<[orgId: string, row: CycleApplication]> {
  return Object.entries(context.applications);
}

export function whyNotAdvance(context: CycleContext, stage: CycleStage): Refusal | undefined {
  if (stage === 'publicity') {
    const endsAt = context.deadlines.publicity;
    return {
      code: 'PUBLICITY_NOT_OVER',
      message: `拟奖公示不得提前结束${endsAt !== undefined ? `，公示期至${lastDayOf(endsAt)}届满后自动结束` : ''}`,
    };
  }
  const unresolved = unresolvedApplications(context, stage);
  if (unresolved.length > 0) {
    const named = unresolved.slice(0, NAMED_IN_REFUSAL).map((u) => `${u.orgId}（${APPLICATION_STATUS_LABELS[u.status]}）`);
    const more = unresolved.length - named.length;
    return {
      code: 'APPLICATIONS_UNRESOLVED',
      message: `尚有${unresolved.length}个申报未办结，不能进入下一阶段：${named.join('、')}${more > 0 ? `等（另有${more}个未列出）` : ''}`,
    };
  }
  return undefined;
}

export function isActiveApplication(status: ApplicationStatus): boolean {
  return !FINAL_APPLICATION_STATUSES.includes(status);
}

export function activeOrgIds(context: CycleContext): string[] {
  return rows(context)
    .filter(([, a]) => isActiveApplication(a.status))
    .map(([orgId]) => orgId)
    .sort();
}

// ---------------------------------------------------------------------------------------------
// Registration and reports
// ---------------------------------------------------------------------------------------------

export function whyNotRegister(context: CycleContext, event: Ev<'APPLICATION_REGISTERED'>): Refusal | undefined {
  if (!filled(event.orgId) || !filled(event.organisationName)) {
    return { code: 'APPLICATION_FIELDS_REQUIRED', message: '登记申报须提供组织标识和组织名称' };
  }
  if (!(INDUSTRY_CATEGORIES as readonly string[]).includes(event.category)) {
    return { code: 'UNKNOWN_CATEGORY', message: `未知的行业类别：${String(event.category)}` };
  }
  if (context.applications[event.orgId]) {
    return { code: 'APPLICATION_ALREADY_REGISTERED', message: `${event.orgId}已在本届登记申报` };
  }
  return undefined;
}

/** An application's first report, which asks the cycle to register it. */
export function isRegistration(context: CycleContext, event: ApplicationReported): boolean {
  return (
    !context.applications[event.orgId] &&
    event.status === 'submitted' &&
    event.submittedAt !== undefined &&
    filled(event.organisationName) &&
    (INDUSTRY_CATEGORIES as readonly string[]).includes(event.category ?? '')
  );
}

/**
 * Submitted by the deadline, or by the close if the office closed earlier. Judged by the instant the
 * application's workflow started, not when its report arrives: a registration that reaches the cycle
 * after the close is still taken while eligibility review runs, and one submitted after the deadline
 * is refused even if the cycle's deadline timer has not fired yet.
 */
export function submittedInTime(context: CycleContext, event: ApplicationReported): boolean {
  const closedAt = Math.min(context.applicationsClosedAt ?? Number.POSITIVE_INFINITY, context.applicationDeadline);
  return event.submittedAt !== undefined && event.submittedAt <= closedAt;
}

export function whyNotReport(context: CycleContext, event: Ev<'APPLICATION_REPORTED'>): Refusal | undefined {
  const row = context.applications[event.orgId];
  if (!row) {
    // Accepted either way: the chart registers it, or answers the application with a refusal.
    if (isRegistration(context, event)) return undefined;
    return { code: 'APPLICATION_NOT_REGISTERED', message: `${event.orgId}未在本届登记申报` };
  }
  if (event.seq !== undefined && row.reportSeq !== undefined && event.seq <= row.reportSeq) {
    return { code: 'REPORT_STALE', message: `${event.orgId}的状态报告（序号${event.seq}）已处理或已有更新的报告` };
  }
  return undefined;
}

/** The row a report leaves in the cycle's table. */
export function reportedRow(current: CycleApplication, report: ApplicationReported): CycleApplication {
  return {
    ...current,
    status: report.status,
    ...(report.onSiteScore !== undefined ? { onSiteScore: report.onSiteScore } : {}),
    ...(report.totalScore !== undefined ? { totalScore: report.totalScore } : {}),
    ...(report.seq !== undefined ? { reportSeq: report.seq } : {}),
  };
}

// ---------------------------------------------------------------------------------------------
// Ranking and proposal
// ---------------------------------------------------------------------------------------------


/** Highest total first; ties broken by on-site score, then share a rank. */
export function rank(context: CycleContext): RankedCandidate[] {
  const scored = rows(context)
    .filter(([, a]) => RANKED_APPLICATION_STATUSES.includes(a.status) && a.totalScore !== undefined)
    .sort(
      ([idA, a], [idB, b]) =>
        (b.totalScore ?? 0) - (a.totalScore ?? 0) || (b.onSiteScore ?? 0) - (a.onSiteScore ?? 0) || idA.localeCompare(idB),
    );
  const out: RankedCandidate[] = [];
  scored.forEach(([orgId, a], i) => {
    const prev = out[i - 1];
    const tied = prev !== undefined && prev.totalScore === a.totalScore && scored[i - 1]?.[1].onSiteScore === a.onSiteScore;
    out.push({ orgId, rank: tied ? prev.rank : i + 1, totalScore: a.totalScore ?? 0 });
  });
  return out;
}

/**
 * The candidates a proposal is checked against: the ranked list, plus ineligible and disqualified
 * applicants so that naming one is refused with its proper reason. Everyone else (not advanced,
 * withdrawn) is simply not on the candidate list.
 */
export function proposalCandidates(context: CycleContext): AllocationCandidate[] {
  const ranked = rank(context).map((r): [string, CycleApplication] => [r.orgId, context.applications[r.orgId]!]);
  const others = rows(context).filter(([, a]) => a.status === 'ineligible' || a.status === 'disqualified');
  return [...ranked, ...others].map(([orgId, a]) => ({
    id: orgId,
    category: a.category,
    eligible: a.status !== 'ineligible',
    disqualified: a.status === 'disqualified',
    ...(a.priorTiers ? { priorTiers: a.priorTiers } : {}),
  }));
}

/** Every policy tier present, vacancies as empty lists. */
export function normaliseProposal(policy: Policy, proposal: Proposal): Proposal {
  const out: Proposal = {};
  for (const tier of policy.tiers) out[tier.id] = [...(proposal[tier.id] ?? [])];
  for (const [tierId, ids] of Object.entries(proposal)) if (!(tierId in out)) out[tierId] = [...ids];
  return out;
}

export function whyNotPropose(context: CycleContext, event: Ev<'PROPOSE_WINNERS'>): Refusal | undefined {
  const policy = policyOf(context);
  if (event.proposal === null || typeof event.proposal !== 'object' || Array.isArray(event.proposal)) {
    return { code: 'PROPOSAL_INVALID', message: '拟奖方案格式错误：应为 { 奖项标识: [组织标识…] }' };
  }
  const { allowed: excepted, refusal } = context.enforcesArticles ? quotaExceptionsAllowed(policy, event) : { allowed: {} };
  if (refusal) return refusal;
  const violations: string[] = validateProposal(policy, proposalCandidates(context), event.proposal)
    .filter((v) => !(v.code === 'over-quota' && v.tierId !== undefined && excepted[v.tierId] !== undefined))
    .map((v) => {
      const tier = policy.tiers.find((t) => t.id === v.tierId);
      const hint = v.code === 'over-quota' && context.enforcesArticles && tier?.quota.inPrinciple ? '；名额为原则上的限额，确需超出的，在 quotaExceptions 中写明理由' : '';
      return `${v.message}${v.article ? `（${v.article}）` : ''}${hint}`;
    });
  for (const tier of policy.tiers) {
    const count = event.proposal[tier.id]?.length ?? 0;
    if (count < tier.quota.max && !tier.vacanciesAllowed.value) {
      violations.push(`${tier.name}名额不得空缺，应拟授${tier.quota.max}个（${tier.vacanciesAllowed.article}）`);
    }
  }
  if (violations.length > 0) return { code: 'PROPOSAL_INVALID', message: `拟奖方案不符合规定：${violations.join('；')}` };
  if (context.enforcesArticles) return whyVoteFails(policy, event.vote);
  return undefined;
}

/**
 * The quota exceptions a proposal may use: reasons given for tiers whose quota is a limit in
 * principle (大庆第五条 原则上) and that are really proposed over it. A reason for a hard quota, or
 * for a tier within its quota, is refused rather than silently kept.
 */
export function quotaExceptionsAllowed(policy: Policy, event: Ev<'PROPOSE_WINNERS'>): { allowed: Record<string, string>; refusal?: Refusal } {
  const given = event.quotaExceptions ?? {};
  if (given === null || typeof given !== 'object' || Array.isArray(given)) {
    return { allowed: {}, refusal: { code: 'PROPOSAL_INVALID', message: 'quotaExceptions 应为 { 奖项标识: 超出名额的理由 }' } };
  }
  const allowed: Record<string, string> = {};
  for (const [tierId, reason] of Object.entries(given)) {
    const tier = policy.tiers.find((t) => t.id === tierId);
    if (!tier) return { allowed, refusal: { code: 'PROPOSAL_INVALID', message: `本政策没有奖项“${tierId}”` } };
    if (!tier.quota.inPrinciple) {
      return { allowed, refusal: { code: 'QUOTA_NOT_EXCEEDABLE', message: `${tier.name}每届不超过${tier.quota.max}个，不得超出（${tier.quota.article}）` } };
    }
    if (!filled(reason)) return { allowed, refusal: { code: 'REASON_REQUIRED', message: `超出${tier.name}名额须写明理由` } };
    if ((event.proposal[tierId]?.length ?? 0) <= tier.quota.max) {
      return { allowed, refusal: { code: 'PROPOSAL_INVALID', message: `${tier.name}拟授${event.proposal[tierId]?.length ?? 0}个，未超出${tier.quota.max}个的名额，无须写明超出理由` } };
    }
    allowed[tierId] = reason.trim();
  }
  return { allowed };
}

export function tierOf(proposal: Proposal | undefined, orgId: string): string | undefined {
  if (!proposal) return undefined;
  return Object.entries(proposal).find(([, ids]) => ids.includes(orgId))?.[0];
}

export function withoutCandidate(proposal: Proposal | undefined, orgId: string): Proposal | undefined {
  if (!proposal) return proposal;
  return Object.fromEntries(Object.entries(proposal).map(([tierId, ids]) => [tierId, ids.filter((id) => id !== orgId)]));
}

// ---------------------------------------------------------------------------------------------
// Objections
// ---------------------------------------------------------------------------------------------

export function allObjectionsDecided(context: CycleContext): boolean {
  return Object.values(context.objections).every((o) => DECIDED_OBJECTION_STATUSES.includes(o.status));
}

export function whyNotFileObjection(context: CycleContext, event: Ev<'FILE_OBJECTION'>): Refusal | undefined {
  const policy = policyOf(context);
  if (!filled(event.objectionId)) return { code: 'OBJECTION_ID_REQUIRED', message: '异议须有编号' };
  if (context.objections[event.objectionId]) return { code: 'OBJECTION_DUPLICATE', message: `异议${event.objectionId}已登记` };
  if (!tierOf(context.proposal, event.against)) {
    return { code: 'OBJECTION_TARGET_NOT_PROPOSED', message: `${event.against}不在本次公示的拟奖名单中` };
  }
  if (!filled(event.facts)) return { code: 'OBJECTION_FACTS_REQUIRED', message: '异议须写明事实和理由' };
  const identified = context.enforcesArticles && policy.objections.form.identity !== null;
  if (identified) {
    const issues = objectorIssues(policy, event.objector);
    if (issues.length > 0) {
      return {
        code: 'OBJECTION_INADMISSIBLE',
        message: `异议不予受理：${issues.map((i) => `${i.field}：${i.message}`).join('；')}（${issues[0]!.article}）`,
      };
    }
  }
  const admissibility = checkObjectionAdmissibility(policy, {
    written: true,
    // Real name means the name and a way to reach the objector (大庆第二十一条), not a name alone.
    realName: identified || (filled(event.realName) && filled(event.contact)),
    evidenceProvided: filled(event.evidence),
  });
  if (!admissibility.admissible) {
    return {
      code: 'OBJECTION_INADMISSIBLE',
      message: `异议不予受理：${admissibility.reasons.map((r) => `${r.message}（${r.article}）`).join('；')}`,
    };
  }
  return undefined;
}

function objectionIn(context: CycleContext, objectionId: string, ...statuses: Objection['status'][]): Refusal | Objection {
  const o = context.objections[objectionId];
  if (!o) return { code: 'OBJECTION_UNKNOWN', message: `没有编号为${objectionId}的异议` };
  if (!statuses.includes(o.status)) {
    const label = { pendingAcceptance: '待受理', underInvestigation: '调查核实中', refused: '不予受理', upheld: '异议成立', dismissed: '异议不成立', withdrawn: '视为撤回' }[o.status];
    return { code: 'OBJECTION_WRONG_STATUS', message: `异议${objectionId}当前为“${label}”，不能进行此操作` };
  }
  return o;
}

const isRefusal = (x: Refusal | Objection): x is Refusal => 'code' in x;

export function whyNotAcceptObjection(context: CycleContext, event: Ev<'ACCEPT_OBJECTION'>): Refusal | undefined {
  const o = objectionIn(context, event.objectionId, 'pendingAcceptance');
  if (isRefusal(o)) return o;
  const rule = policyOf(context).objections.missedEvidenceDeadline;
  if (rule && rule.evidenceWithin === null && !event.evidenceWithin) {
    return { code: 'EVIDENCE_DEADLINE_REQUIRED', message: `受理异议时须规定双方提供证明材料的期限（${rule.article}）` };
  }
  return undefined;
}

export function whyNotRefuseObjection(context: CycleContext, event: Ev<'REFUSE_OBJECTION'>): Refusal | undefined {
  const o = objectionIn(context, event.objectionId, 'pendingAcceptance');
  if (isRefusal(o)) return o;
  if (!filled(event.reason)) return { code: 'REASON_REQUIRED', message: '不予受理须写明理由' };
  return undefined;
}

export function whyNotSubmitEvidence(context: CycleContext, event: Ev<'SUBMIT_EVIDENCE'>): Refusal | undefined {
  const o = objectionIn(context, event.objectionId, 'underInvestigation');
  if (isRefusal(o)) return o;
  if (event.party !== 'objector' && event.party !== 'candidate') {
    return { code: 'UNKNOWN_PARTY', message: `提供材料的一方应为 objector 或 candidate，收到 ${String(event.party)}` };
  }
  return undefined;
}

export function whyNotDecideObjection(context: CycleContext, event: Ev<'DECIDE_OBJECTION'>): Refusal | undefined {
  const o = objectionIn(context, event.objectionId, 'underInvestigation');
  if (isRefusal(o)) return o;
  if (typeof event.upheld !== 'boolean') return { code: 'DECISION_REQUIRED', message: '须写明异议是否成立（upheld）' };
  if (!filled(event.reason)) return { code: 'REASON_REQUIRED', message: '异议处理意见须写明理由' };
  return undefined;
}

/**
 * Proposed winners against whom an objection was lodged and found unfounded: under a policy whose
 * list must pass publicity without objection (瀍河第十九条) they go to approval only if the approving
 * body confirms them by name. An objection withdrawn (or deemed withdrawn) or refused as
 * inadmissible counts as none; an upheld one has already taken the candidate off the list.
 */
export function objectedCandidates(context: CycleContext): string[] {
  if (!context.enforcesArticles || policyOf(context).objections.mustPassWithoutObjection?.value !== true) return [];
  const proposed = new Set(Object.values(context.proposal ?? {}).flat());
  const ids = Object.values(context.objections)
    .filter((o) => o.status === 'dismissed' && proposed.has(o.against))
    .map((o) => o.against);
  return [...new Set(ids)].sort();
}

export function whyNotApprove(context: CycleContext, event: Ev<'APPROVE'>): Refusal | undefined {
  const objected = objectedCandidates(context);
  const confirmations = event.confirmations ?? {};
  if (confirmations === null || typeof confirmations !== 'object' || Array.isArray(confirmations)) {
    return { code: 'CONFIRMATIONS_INVALID', message: 'confirmations 应为 { 组织标识: true（确认）| false（不予确认） }' };
  }
  const rule = policyOf(context).objections.mustPassWithoutObjection;
  const unexpected = Object.keys(confirmations).filter((id) => !objected.includes(id));
  if (unexpected.length > 0) {
    return {
      code: 'CONFIRMATIONS_INVALID',
      message: `只有公示期间被提出异议且异议不成立的拟奖单位须逐个确认，${unexpected.join('、')}不在其列${objected.length > 0 ? `（须确认的：${objected.join('、')}）` : ''}`,
    };
  }
  const undecided = objected.filter((id) => typeof confirmations[id] !== 'boolean');
  if (undecided.length > 0) {
    return {
      code: 'OBJECTED_CANDIDATES_UNCONFIRMED',
      message: `${undecided.join('、')}在公示期间被提出异议（经核实不成立），不属于“经公示没有异议”的拟奖单位，须由审定机关逐个写明是否确认：confirmations: { ${undecided.map((id) => `"${id}": true 或 false`).join(', ')} }（${rule?.article ?? ''}）`,
    };
  }
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Service levels
// ---------------------------------------------------------------------------------------------

/** The cycle stages whose step may carry a service level, with the step kind. */
export const SERVICE_LEVEL_STAGES = REVIEW_STAGES.filter(([stage]) => stage !== 'acceptancePublicity');

export function serviceLevelFor(context: { policyKey: string }, stage: CycleStage) {
  const kind = SERVICE_LEVEL_STAGES.find(([s]) => s === stage)?.[1];
  return kind ? reviewStep(policyOf(context), kind)?.serviceLevel : undefined;
}

export interface ServiceLevelStatus {
  stage: CycleStage;
  within: Duration;
  setBy: 'regulation' | 'office';
  article: string;
  startedAt: number;
  /** Absent when the calendar does not cover the period yet (see `dueUnknown`). */
  dueAt?: number;
  dueUnknown?: string;
  overdue: boolean;
}

/**
 * The current stage's service level and whether it is overdue at `now`, for readers and the admin.
 * The due date is computed here, from the calendar the reader has, and not by the cycle.
 */
export function serviceLevelStatus(context: CycleContext, stage: CycleStage, now: number, calendar?: WorkingDayCalendar): ServiceLevelStatus | undefined {
  const level = serviceLevelFor(context, stage);
  const startedAt = context.startedAt?.[DEADLINE_KEYS.serviceLevel(stage)];
  if (!level || startedAt === undefined) return undefined;
  const base = { stage, within: level.within, setBy: level.setBy, article: level.article, startedAt };
  try {
    const { endsAt } = deadlineFrom(startedAt, level.within, calendar);
    return { ...base, dueAt: endsAt, overdue: now >= endsAt };
  } catch (error) {
    return { ...base, dueUnknown: error instanceof Error ? error.message : String(error), overdue: false };
  }
}

// ---------------------------------------------------------------------------------------------
// Dates for notices
// ---------------------------------------------------------------------------------------------

/** The last day of a period that ends at `endsAt` (00:00 China time of the next day). */
export function lastDayOf(endsAt: number): string {
  return chineseDay(chinaDateOf(endsAt - 1));
}

export function dayOf(instant: number): string {
  return chineseDay(chinaDateOf(instant));
}
