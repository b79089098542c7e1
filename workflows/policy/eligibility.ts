/**
 * Eligibility of an applicant for a cycle (申报条件). Every criterion of the policy is evaluated and
 * every failure is reported with its article and a Chinese message — not just the first.
 */
import { addYears, compareIsoDate, isOnOrBefore, yearOf, type IsoDate } from './dates.js';
import { INCIDENT_LABELS, INDUSTRY_LABELS, ORGANISATION_KIND_LABELS, RECOMMENDER_LABELS } from './labels.js';
import type { Criterion, CriterionKind, IncidentKind, IndustryCategory, OrganisationKind, Policy, RecommenderKind } from './schema.js';

export interface Incident {
  kind: IncidentKind;
  /** The day the incident happened (or was recorded by the authority). */
  date: IsoDate;
  description?: string;
}

/** What the office knows about an applicant, as facts. */
export interface ApplicantProfile {
  organisationId: string;
  name: string;
  registeredInJurisdiction: boolean;
  paysTaxInJurisdiction: boolean;
  legalPerson: 'independent' | 'non-independent' | 'none';
  organisationKind: OrganisationKind;
  industry: IndustryCategory;
  /** 从事生产、经营活动的组织 (true) or a non-profit (false). */
  forProfit: boolean;
  /** Start of lawful operation (main business). */
  operatingSince: IsoDate;
  /** GB/T 19001 or another international management-system certification, running since. */
  qualitySystemCertifiedSince: IsoDate | null;
  /** Excellence model (卓越绩效模式) applied since. */
  excellenceModelSince: IsoDate | null;
  /** 安全生产标准化 level: 1 is the best; null when not rated. */
  safetyStandardisationLevel: number | null;
  /** Net profit in CNY per fiscal year. */
  profitByYear: Readonly<Record<number, number>>;
  incidents: readonly Incident[];
  recommendation: { by: RecommenderKind; signedOn?: IsoDate } | null;
  /** Judgements confirmed by the office, keyed by the criterion id (e.g. `industry-leading`). */
  attestations: Readonly<Record<string, boolean>>;
}

export interface EligibilityContext {
  cycle: number;
  /** The day against which look-back windows are measured (usually the application deadline). */
  asOf: IsoDate;
}

export interface EligibilityFailure {
  /** The criterion id in the policy. */
  criterion: string;
  kind: CriterionKind;
  article: string;
  /** The policy's Chinese message for the criterion. */
  message: string;
  /** What exactly was wrong, in Chinese. */
  details: string[];
}

export type EligibilityResult = { eligible: true } | { eligible: false; failures: EligibilityFailure[] };

/** The window (from, to] of 近N年 ending on asOf. */
function withinLookBack(date: IsoDate, asOf: IsoDate, years: number | null): boolean {
  if (compareIsoDate(date, asOf) > 0) return false;
  if (years === null) return true;
  return compareIsoDate(date, addYears(asOf, -years)) > 0;
}

function sinceAtLeast(since: IsoDate | null, years: number, asOf: IsoDate): boolean {
  if (since === null) return false;
  return isOnOrBefore(since, addYears(asOf, -years));
}

/** Returns the reasons a criterion fails, or an empty list when it holds. */
function evaluate(c: Criterion, p: ApplicantProfile, ctx: EligibilityContext): string[] {
  switch (c.kind) {
    case 'registered-in-jurisdiction':
      return p.registeredInJurisdiction ? [] : ['未在本行政区域内登记注册'];
    case 'pays-tax-in-jurisdiction':
      return p.paysTaxInJurisdiction ? [] : ['未在本行政区域内依法纳税'];
    case 'legal-person':
      if (p.legalPerson === 'none') return ['不具有法人资格'];
      if (c.independent && p.legalPerson !== 'independent') return ['不具有独立法人资格'];
      return [];
    case 'years-in-operation':
      return sinceAtLeast(p.operatingSince, c.minYears, ctx.asOf)
        ? []
        : [`自${p.operatingSince}起运营，截至${ctx.asOf}不满${c.minYears}年`];
    case 'quality-system-certified':
      if (p.qualitySystemCertifiedSince === null) return ['未通过质量管理体系认证'];
      return sinceAtLeast(p.qualitySystemCertifiedSince, c.minYears, ctx.asOf)
        ? []
        : [`质量管理体系自${p.qualitySystemCertifiedSince}起运行，截至${ctx.asOf}不满${c.minYears}年`];
    case 'excellence-model':
      if (p.excellenceModelSince === null || compareIsoDate(p.excellenceModelSince, ctx.asOf) > 0) return ['未实施卓越绩效管理模式'];
      if (c.minYears === 0) return [];
      return sinceAtLeast(p.excellenceModelSince, c.minYears, ctx.asOf)
        ? []
        : [`卓越绩效管理模式自${p.excellenceModelSince}起实施，截至${ctx.asOf}不满${c.minYears}年`];
    case 'profit': {
      if (c.appliesTo === 'for-profit' && !p.forProfit) return [];
      const last = yearOf(ctx.asOf) - 1;
      const out: string[] = [];
      for (let y = last - c.lookBackYears + 1; y <= last; y++) {
        const v = p.profitByYear[y];
        if (v === undefined) out.push(`缺少${y}年度利润数据`);
        else if (c.rule === 'profit-each-year' && !(v > 0)) out.push(`${y}年度未盈利（${v}元）`);
        else if (c.rule === 'no-loss-each-year' && v < 0) out.push(`${y}年度亏损（${v}元）`);
      }
      return out;
    }
    case 'safety-standardisation':
      if (c.appliesTo === 'for-profit' && !p.forProfit) return [];
      if (p.safetyStandardisationLevel === null) return ['未取得安全生产标准化等级'];
      return p.safetyStandardisationLevel <= c.worstLevel
        ? []
        : [`安全生产标准化为${p.safetyStandardisationLevel}级，低于${c.worstLevel}级`];
    case 'clean-record':
      return p.incidents
        .filter((i) => c.incidentKinds.includes(i.kind) && withinLookBack(i.date, ctx.asOf, c.lookBackYears))
        .map((i) => `${i.date}：${INCIDENT_LABELS[i.kind]}${i.description ? `（${i.description}）` : ''}`);
    case 'recommendation':
      if (p.recommendation === null) return ['缺少推荐意见'];
      return c.signers.includes(p.recommendation.by)
        ? []
        : [`推荐单位为${RECOMMENDER_LABELS[p.recommendation.by]}，应为${c.signers.map((s) => RECOMMENDER_LABELS[s]).join('、')}`];
    case 'organisation-kind':
      return c.allowed.includes(p.organisationKind)
        ? []
        : [`组织类型为${ORGANISATION_KIND_LABELS[p.organisationKind]}，限${c.allowed.map((k) => ORGANISATION_KIND_LABELS[k]).join('、')}`];
    case 'industry':
      return c.allowed.includes(p.industry)
        ? []
        : [`所属行业为${INDUSTRY_LABELS[p.industry]}，限${c.allowed.map((k) => INDUSTRY_LABELS[k]).join('、')}`];
    case 'attestation':
      return p.attestations[c.id] === true ? [] : ['尚未经办公室确认符合该条件'];
  }
}

export function checkEligibility(policy: Policy, profile: ApplicantProfile, ctx: EligibilityContext): EligibilityResult {
  const failures: EligibilityFailure[] = [];
  for (const c of policy.eligibility.criteria) {
    const details = evaluate(c, profile, ctx);
    if (details.length > 0) failures.push({ criterion: c.id, kind: c.kind, article: c.article, message: c.message, details });
  }
  return failures.length === 0 ? { eligible: true } : { eligible: false, failures };
}

/** The ids of the criteria that are office judgements (attestations), for building a checklist. */
export function attestationCriteria(policy: Policy): Array<{ id: string; article: string; message: string }> {
  return policy.eligibility.criteria
    .filter((c) => c.kind === 'attestation')
    .map((c) => ({ id: c.id, article: c.article, message: c.message }));
}
