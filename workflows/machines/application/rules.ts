/**
 * Pure rules of one application: eligibility decision, reviewers and scores. Each `why…` function
 * returns the refusal (code + Chinese message) or undefined; the chart's guards are their negation,
 * so `snapshot.can(event)` and the explained refusal never disagree.
 */
import type { Refusal } from '../../runtime/interpreter';
import {
  SCORING_CATEGORY_IDS,
  SCORING_MODELS,
  chinaDateOf,
  checkEligibility,
  loadPolicy,
  reviewStep,
  type ApplicantProfile,
  type EligibilityFailure,
  type EligibilityResult,
  type Policy,
  type ScoringModel,
} from '../../policy/index.js';
import type { ApplicationContext, ApplicationEvent, ReviewPhase, ScoreSheet } from './types';

/**
 * The policies say nothing about how material and on-site scores combine, so the total weights the
 * on-site review (which verifies the material on the spot) more: 40% material + 60% on-site.
 */
export const SCORE_WEIGHTS: Readonly<Record<ReviewPhase, number>> = { material: 0.4, onSite: 0.6 };

export const PHASE_LABELS: Readonly<Record<ReviewPhase, string>> = { material: '材料评审', onSite: '现场评审' };

export function policyOf(context: { policyKey: string }): Policy {
  return loadPolicy(context.policyKey);
}

export function scoringModelOf(policy: Policy): ScoringModel {
  const model = SCORING_MODELS[policy.scoring.modelId];
  if (!model) throw new Error(`政策 ${policy.key} 的评分模型 ${policy.scoring.modelId} 未定义`);
  return model;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

// ---------------------------------------------------------------------------------------------
// Eligibility
// ---------------------------------------------------------------------------------------------

export function effectiveProfile(context: ApplicationContext, attestations?: Record<string, boolean>): ApplicantProfile {
  return {
    ...context.profile,
    ...(context.recommendation !== undefined ? { recommendation: context.recommendation } : {}),
    attestations: { ...context.profile.attestations, ...(attestations ?? {}) },
  };
}

/** The day look-back windows end on: the application deadline, else the day applications closed. */
export function eligibilityAsOf(context: ApplicationContext, at: number): string {
  return chinaDateOf(context.applicationDeadline ?? context.applicationsClosedAt ?? at);
}

export function computeEligibility(
  context: ApplicationContext,
  event: Extract<ApplicationEvent, { type: 'RECORD_ELIGIBILITY' }>,
  at: number,
): EligibilityResult {
  const policy = context.enforcesArticles ? policyOf(context) : asReadBeforeArticles(policyOf(context));
  return checkEligibility(policy, effectiveProfile(context, event.attestations), { cycle: context.year, asOf: eligibilityAsOf(context, at) });
}

/**
 * Applications started before the articles were enforced read every profit condition as applying to
 * for-profit organisations only (瀍河第十一条 then did); their histories replay with that reading.
 */
function asReadBeforeArticles(policy: Policy): Policy {
  if (!policy.eligibility.criteria.some((c) => c.kind === 'profit' && c.appliesTo === 'all')) return policy;
  const criteria = policy.eligibility.criteria.map((c) => (c.kind === 'profit' ? { ...c, appliesTo: 'for-profit' as const } : c));
  return { ...policy, eligibility: { ...policy.eligibility, criteria } };
}

const nonEmpty = (xs: readonly string[] | undefined): string[] => (xs ?? []).map((s) => s.trim()).filter((s) => s.length > 0);

/**
 * The refusal of `eligible: true` against the rules: each failed criterion by its key (the policy's
 * criterion id), its Chinese wording and article, and for the office's judgements (attestations) the
 * keys to confirm in the request's `attestations`. Only the message; the decision is the guard's.
 */
export function contradictsRulesMessage(failures: readonly EligibilityFailure[]): string {
  const listed = failures.map((f) => `${f.criterion}「${f.message}」（${f.article}；${f.details.join('，')}）`).join('；');
  const attestations = failures.filter((f) => f.kind === 'attestation').map((f) => f.criterion);
  const hint =
    attestations.length > 0
      ? `。其中须由办公室认定的条件，核实后在请求体 attestations 中逐项确认：{ ${attestations.map((id) => `"${id}": true`).join(', ')} }`
      : '';
  return `按政策规定该组织不符合申报条件，不能认定为符合：${listed}${hint}`;
}

export function whyNotRecordEligibility(
  context: ApplicationContext,
  event: Extract<ApplicationEvent, { type: 'RECORD_ELIGIBILITY' }>,
  at: number,
): Refusal | undefined {
  if (context.cycleStage !== 'eligibilityReview') {
    return { code: 'CYCLE_STAGE_MISMATCH', message: '本届评选尚未进入资格审查阶段（申报截止后方可审查）' };
  }
  const result = computeEligibility(context, event, at);
  if (event.eligible === true && !result.eligible) {
    return { code: 'ELIGIBILITY_CONTRADICTS_RULES', message: contradictsRulesMessage(result.failures) };
  }
  if (event.eligible === false && result.eligible && nonEmpty(event.reasons).length === 0) {
    return { code: 'ELIGIBILITY_REASONS_REQUIRED', message: '认定不符合申报条件须写明理由' };
  }
  return undefined;
}

export function whyNotRequestSupplement(context: ApplicationContext, event: Extract<ApplicationEvent, { type: 'REQUEST_SUPPLEMENT' }>): Refusal | undefined {
  const step = reviewStep(policyOf(context), 'eligibility-review');
  if (!step?.supplementRequest) {
    return { code: 'SUPPLEMENT_NOT_IN_POLICY', message: '本政策的资格审查没有“通知补充材料”环节' };
  }
  if (nonEmpty(event.items).length === 0) return { code: 'SUPPLEMENT_ITEMS_REQUIRED', message: '须列明需补充的材料' };
  return undefined;
}

// ---------------------------------------------------------------------------------------------
// Reviewers and scores
// ---------------------------------------------------------------------------------------------

export function isConflicted(context: ApplicationContext, reviewerId: string): boolean {
  return context.conflicts[reviewerId] !== undefined;
}

export function isAssigned(context: ApplicationContext, reviewerId: string, phase: ReviewPhase): boolean {
  return context.assignments.some((a) => a.reviewerId === reviewerId && a.phase === phase);
}

/**
 * Whether a reviewer may see this applicant: assigned to it and not conflicted. The API uses it to
 * hide applicants from reviewers; a conflicted reviewer sees nothing of the applicant (回避).
 */
export function canReviewerSee(context: ApplicationContext, reviewerId: string): boolean {
  return !isConflicted(context, reviewerId) && context.assignments.some((a) => a.reviewerId === reviewerId);
}

/** Whether a phase is still open to assignments and scores in this application. */
function phaseOpen(context: ApplicationContext, phase: ReviewPhase): boolean {
  if (phase === 'material') return ['submitted', 'supplementRequested', 'eligible'].includes(context.status);
  return ['submitted', 'supplementRequested', 'eligible', 'advanced'].includes(context.status);
}

export function whyNotAssign(context: ApplicationContext, event: Extract<ApplicationEvent, { type: 'ASSIGN_REVIEWER' }>): Refusal | undefined {
  if (event.phase !== 'material' && event.phase !== 'onSite') {
    return { code: 'UNKNOWN_REVIEW_PHASE', message: `评审阶段应为 material 或 onSite，收到 ${String(event.phase)}` };
  }
  if (isConflicted(context, event.reviewerId)) {
    return { code: 'REVIEWER_CONFLICTED', message: `评审专家 ${event.reviewerId} 已申报与该申报组织存在利害关系，应当回避，不能分配` };
  }
  if (!phaseOpen(context, event.phase)) {
    return { code: 'REVIEW_PHASE_CLOSED', message: `${PHASE_LABELS[event.phase]}已结束，不能再分配评审专家` };
  }
  if (isAssigned(context, event.reviewerId, event.phase)) {
    return { code: 'REVIEWER_ALREADY_ASSIGNED', message: `评审专家 ${event.reviewerId} 已分配到${PHASE_LABELS[event.phase]}` };
  }
  return undefined;
}

export function whyNotDeclareConflict(context: ApplicationContext, event: Extract<ApplicationEvent, { type: 'DECLARE_CONFLICT' }>): Refusal | undefined {
  if (isConflicted(context, event.reviewerId)) {
    return { code: 'CONFLICT_ALREADY_DECLARED', message: `评审专家 ${event.reviewerId} 已申报回避` };
  }
  return undefined;
}

/** Every category present, a finite number, within 0…max of the policy's scoring model. */
export function whyNotScoreSheet(model: ScoringModel, scores: unknown): Refusal | undefined {
  if (scores === null || typeof scores !== 'object') {
    return { code: 'SCORE_INCOMPLETE', message: `评分须包含${model.categories.map((c) => c.name).join('、')}七个类目` };
  }
  const sheet = scores as Record<string, unknown>;
  const missing = model.categories.filter((c) => typeof sheet[c.id] !== 'number' || !Number.isFinite(sheet[c.id]));
  if (missing.length > 0) {
    return { code: 'SCORE_INCOMPLETE', message: `评分缺少或无效的类目：${missing.map((c) => `${c.name}（${c.id}）`).join('、')}` };
  }
  const unknown = Object.keys(sheet).filter((k) => !model.categories.some((c) => c.id === k));
  if (unknown.length > 0) return { code: 'SCORE_UNKNOWN_CATEGORY', message: `${model.id}没有以下评分类目：${unknown.join('、')}` };
  const out = model.categories.filter((c) => (sheet[c.id] as number) < 0 || (sheet[c.id] as number) > c.maxPoints);
  if (out.length > 0) {
    return {
      code: 'SCORE_OUT_OF_RANGE',
      message: `评分超出范围：${out.map((c) => `${c.name}（${c.id}）得分${String(sheet[c.id])}，应在0至${c.maxPoints}分之间`).join('；')}`,
    };
  }
  return undefined;
}

export function whyNotScore(context: ApplicationContext, event: Extract<ApplicationEvent, { type: 'SUBMIT_SCORE' }>): Refusal | undefined {
  const { reviewerId, phase } = event;
  if (phase !== 'material' && phase !== 'onSite') {
    return { code: 'UNKNOWN_REVIEW_PHASE', message: `评审阶段应为 material 或 onSite，收到 ${String(phase)}` };
  }
  if (isConflicted(context, reviewerId)) {
    return { code: 'REVIEWER_CONFLICTED', message: `评审专家 ${reviewerId} 与该申报组织存在利害关系，已回避，不能评分` };
  }
  if (!isAssigned(context, reviewerId, phase)) {
    return { code: 'REVIEWER_NOT_ASSIGNED', message: `评审专家 ${reviewerId} 未被分配到该申报组织的${PHASE_LABELS[phase]}` };
  }
  const open =
    phase === 'material'
      ? context.status === 'eligible' && context.cycleStage === 'materialReview'
      : context.status === 'advanced' && context.cycleStage === 'onSiteReview';
  if (!open) {
    return { code: 'REVIEW_PHASE_NOT_OPEN', message: `当前不在该申报组织的${PHASE_LABELS[phase]}阶段，不能提交${PHASE_LABELS[phase]}评分` };
  }
  return whyNotScoreSheet(scoringModelOf(policyOf(context)), event.scores);
}

export function sheetTotal(scores: ScoreSheet): number {
  return round2(SCORING_CATEGORY_IDS.reduce((sum, id) => sum + scores[id], 0));
}

/** Mean total over the phase's non-conflicted reviewers who scored, or undefined when none did. */
export function phaseMean(context: Pick<ApplicationContext, 'scores' | 'conflicts'>, phase: ReviewPhase): number | undefined {
  const totals = Object.entries(context.scores[phase])
    .filter(([reviewerId]) => context.conflicts[reviewerId] === undefined)
    .map(([, r]) => r.total);
  if (totals.length === 0) return undefined;
  return round2(totals.reduce((a, b) => a + b, 0) / totals.length);
}

export function weightedTotal(material: number | undefined, onSite: number | undefined): number | undefined {
  if (material === undefined || onSite === undefined) return undefined;
  return round2(material * SCORE_WEIGHTS.material + onSite * SCORE_WEIGHTS.onSite);
}

/** Assigned, non-conflicted reviewers of a phase who have not scored yet. */
export function missingScorers(context: ApplicationContext, phase: ReviewPhase): string[] {
  return context.assignments
    .filter((a) => a.phase === phase && !isConflicted(context, a.reviewerId) && context.scores[phase][a.reviewerId] === undefined)
    .map((a) => a.reviewerId);
}

function whyPhaseIncomplete(context: ApplicationContext, phase: ReviewPhase): Refusal | undefined {
  const missing = missingScorers(context, phase);
  if (missing.length > 0) {
    return { code: 'SCORES_INCOMPLETE', message: `${PHASE_LABELS[phase]}尚有评审专家未评分：${missing.join('、')}` };
  }
  if (phaseMean(context, phase) === undefined) {
    return { code: 'SCORES_INCOMPLETE', message: `${PHASE_LABELS[phase]}尚无有效评分（至少需要一位未回避的评审专家评分）` };
  }
  return undefined;
}

export function whyNotAdvance(context: ApplicationContext): Refusal | undefined {
  if (context.cycleStage !== 'materialReview') {
    return { code: 'CYCLE_STAGE_MISMATCH', message: '本届评选不在材料评审阶段' };
  }
  return whyPhaseIncomplete(context, 'material');
}

export function whyNotNotAdvance(context: ApplicationContext, event: Extract<ApplicationEvent, { type: 'NOT_ADVANCE' }>): Refusal | undefined {
  if (context.cycleStage !== 'materialReview') {
    return { code: 'CYCLE_STAGE_MISMATCH', message: '本届评选不在材料评审阶段' };
  }
  const rule = reviewStep(policyOf(context), 'material-review')?.writtenReasonsForRejected;
  if (rule && nonEmpty(event.reasons).length === 0) {
    return { code: 'WRITTEN_REASONS_REQUIRED', message: `未进入现场评审的，须书面告知原因（${rule.article}）：请填写理由` };
  }
  return undefined;
}

export function whyNotConcludeOnSite(context: ApplicationContext): Refusal | undefined {
  if (context.cycleStage !== 'onSiteReview') {
    return { code: 'CYCLE_STAGE_MISMATCH', message: '本届评选不在现场评审阶段' };
  }
  return whyPhaseIncomplete(context, 'onSite');
}

export function reasonsOf(xs: readonly string[] | undefined): string[] {
  return nonEmpty(xs);
}
