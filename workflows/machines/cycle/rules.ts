/**
 * Pure rules of a cycle: which stage follows which under a policy, which applications a stage waits
 * for, the ranking, proposal validation and objection admissibility. Each `why…` function returns a
 * refusal or undefined; the chart's guards are their negation.
 */
import type { Refusal } from '../../runtime/interpreter';
import {
  checkObjectionAdmissibility,
  loadPolicy,
  reviewStepKinds,
  validateProposal,
  INDUSTRY_CATEGORIES,
  type AllocationCandidate,
  type Policy,
  type ReviewStepKind,
} from '../../policy/index.js';
import { APPLICATION_STATUS_LABELS, FINAL_APPLICATION_STATUSES, RANKED_APPLICATION_STATUSES, type ApplicationStatus } from '../application/types';
import type { CycleStage } from './ids';
import {
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
  const violations: string[] = validateProposal(policy, proposalCandidates(context), event.proposal).map(
    (v) => `${v.message}${v.article ? `（${v.article}）` : ''}`,
  );
  for (const tier of policy.tiers) {
    const count = event.proposal[tier.id]?.length ?? 0;
    if (count < tier.quota.max && !tier.vacanciesAllowed.value) {
      violations.push(`${tier.name}名额不得空缺，应拟授${tier.quota.max}个（${tier.vacanciesAllowed.article}）`);
    }
  }
  if (violations.length > 0) return { code: 'PROPOSAL_INVALID', message: `拟奖方案不符合规定：${violations.join('；')}` };
  return undefined;
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
  const admissibility = checkObjectionAdmissibility(policy, {
    written: true,
    // Real name means the name and a way to reach the objector (大庆第二十一条), not a name alone.
    realName: filled(event.realName) && filled(event.contact),
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

// ---------------------------------------------------------------------------------------------
// Dates for notices
// ---------------------------------------------------------------------------------------------

/** The last day of a period that ends at `endsAt` (00:00 China time of the next day). */
export function lastDayOf(endsAt: number): string {
  const shifted = new Date(endsAt - 1 + 8 * 3_600_000);
  return `${shifted.getUTCFullYear()}年${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日`;
}

export function dayOf(instant: number): string {
  const shifted = new Date(instant + 8 * 3_600_000);
  return `${shifted.getUTCFullYear()}年${shifted.getUTCMonth() + 1}月${shifted.getUTCDate()}日`;
}
