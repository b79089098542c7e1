/**
 * The policy shape: one validated object per jurisdiction. Every rule object carries the article
 * (第N条) that states it; a regulation that is silent on a topic says so with `null` or an explicit
 * `not-regulated` kind, never with an invented rule. Types are inferred from the zod schema so the
 * two cannot drift apart.
 */
import { z } from 'zod';
import { ARTICLE_RE, articleNumbers } from './articles.js';
import { isIsoDate } from './dates.js';
import { SCORING_MODELS } from './scoring.js';

// ---------------------------------------------------------------------------------------------
// Shared vocabularies (English identifiers; Chinese labels in LABELS below)
// ---------------------------------------------------------------------------------------------

export const INDUSTRY_CATEGORIES = [
  'manufacturing',
  'agriculture',
  'engineering',
  'service',
  'medical',
  'education',
  'research',
  'design',
  'other',
] as const;
export type IndustryCategory = (typeof INDUSTRY_CATEGORIES)[number];

export const ORGANISATION_KINDS = ['enterprise', 'public-institution', 'social-organisation', 'other'] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const INCIDENT_KINDS = [
  'accident-fatal',
  'accident-major',
  'accident-larger',
  'accident-general',
  'major-quality-problem',
  'major-quality-complaint',
  'quality-claim-or-return',
  'spot-check-failed-national-provincial',
  'spot-check-failed-city',
  'export-quality-notice',
  'labour-dishonesty',
  'false-statistics',
  'tax-dishonesty-major',
  'abnormal-operation-list',
  'serious-dishonesty-list',
  'typical-dishonesty-case',
  'consumer-fraud-judgement',
  'serious-dishonesty',
  'administrative-penalty',
  'serious-violation',
  'violation',
  'severe-operating-loss',
] as const;
export type IncidentKind = (typeof INCIDENT_KINDS)[number];

export const RECOMMENDER_KINDS = [
  'industry-department',
  'industry-association',
  'county-regulator',
  'county-government',
  'relevant-department',
] as const;
export type RecommenderKind = (typeof RECOMMENDER_KINDS)[number];

export const EXTERNAL_AWARDS = [
  'china-quality-award',
  'china-quality-award-nomination',
  'provincial-governor-award',
] as const;
export type ExternalAward = (typeof EXTERNAL_AWARDS)[number];

export const DURATION_UNITS = ['calendarDays', 'workingDays', 'months', 'years'] as const;
export type DurationUnit = (typeof DURATION_UNITS)[number];

export const REVIEW_STEP_KINDS = [
  'announcement',
  'application',
  'eligibility-review',
  'acceptance-publicity',
  'material-review',
  'on-site-review',
  'comprehensive-evaluation',
  'deliberation',
  'publicity',
  'objection-handling',
  'approval',
] as const;
export type ReviewStepKind = (typeof REVIEW_STEP_KINDS)[number];

// ---------------------------------------------------------------------------------------------
// Building blocks
// ---------------------------------------------------------------------------------------------

/** A citation: 第N条 as the original writes it. Missing or malformed citations are refused. */
export const ArticleSchema = z
  .string({ error: (iss) => (iss.input === undefined ? '缺少条款引用（article），每项规则必须注明第N条' : '条款引用必须是字符串') })
  .regex(ARTICLE_RE, { error: '条款引用格式应为“第N条”（中文数字），例如“第二十七条”' });

const Text = z.string().min(1, { error: '不能为空' });
const Note = z.string().min(1).optional();
const PositiveInt = z.number().int({ error: '必须是整数' }).positive({ error: '必须大于零' });
const NonNegativeInt = z.number().int({ error: '必须是整数' }).nonnegative({ error: '不能为负数' });
const Money = z.number().int({ error: '金额须为整数（元）' }).nonnegative({ error: '金额不能为负数' });
const TierId = z.string().regex(/^[a-z][a-z0-9-]*$/, { error: '奖项标识须为小写英文' });
const IsoDateSchema = z.string().refine(isIsoDate, { error: '日期格式应为 YYYY-MM-DD' });

export const DurationSchema = z.object({
  amount: PositiveInt,
  unit: z.enum(DURATION_UNITS, { error: `时长单位须为 ${DURATION_UNITS.join(' / ')}` }),
});
export type Duration = z.infer<typeof DurationSchema>;

/** A period such as a publicity: its length, whether the length is a minimum (不少于), its article. */
export const PeriodSchema = z.object({
  length: DurationSchema,
  atLeast: z.boolean(),
  article: ArticleSchema,
  note: Note,
});
export type Period = z.infer<typeof PeriodSchema>;

const Flag = z.object({ value: z.boolean(), article: ArticleSchema, note: Note });
const Cited = z.object({ article: ArticleSchema, note: Note });

/**
 * A time limit for a human step: from the regulation's text (`regulation`, with its article) or set by
 * the office where the text gives none (`office`, the article being the step's). Steps past it are
 * overdue; nothing is decided by it.
 */
export const ServiceLevelSchema = z.object({
  within: DurationSchema,
  setBy: z.enum(['regulation', 'office']),
  article: ArticleSchema,
  note: Note,
});
export type ServiceLevel = z.infer<typeof ServiceLevelSchema>;

/** What share of the members present must vote for a proposal (瀍河第十八条 审议表决). */
export const VOTE_THRESHOLDS = ['more-than-half-of-present', 'two-thirds-of-present'] as const;
export type VoteThreshold = (typeof VOTE_THRESHOLDS)[number];

/** What an objector who is a person, or an organisation, must give (大庆第二十一条). */
export const PERSON_OBJECTOR_FIELDS = ['realName', 'idNumber', 'contact'] as const;
export const ORGANISATION_OBJECTOR_FIELDS = ['name', 'address', 'contact', 'seal'] as const;

// ---------------------------------------------------------------------------------------------
// Sections
// ---------------------------------------------------------------------------------------------

const DocumentSchema = z.object({
  title: Text,
  number: z.string().min(1).nullable(),
  issuer: Text,
  status: z.enum(['in-force', 'draft']),
  effectiveFrom: IsoDateSchema.nullable(),
  seedFile: Text,
  /** Number of articles in the original; every citation must fall within it. */
  articleCount: PositiveInt,
});

const CycleSchema = z.object({
  periodYears: PositiveInt,
  /** A year in which a cycle is held; cycles are anchorYear ± k × periodYears. */
  anchorYear: z.number().int().min(2000).max(2100),
  article: ArticleSchema,
  note: Note,
});

const ScoringSchema = z.object({
  modelId: z.string().refine((id) => id in SCORING_MODELS, { error: '未知的评分模型' }),
  edition: Text,
  setBy: z.enum(['regulation', 'office']),
  supplementary: z.array(Text),
  assessedYears: PositiveInt.nullable(),
  article: ArticleSchema,
  note: Note,
});

const CategoryCapSchema = z.object({
  id: Text,
  label: Text,
  categories: z.array(z.enum(INDUSTRY_CATEGORIES)).min(1, { error: '限额分组至少包含一个行业类别' }),
  max: PositiveInt,
  article: ArticleSchema,
  note: Note,
});

const PrizeSchema = z.object({
  amountCny: Money,
  honours: z.array(Text).min(1),
  article: ArticleSchema,
  note: Note,
});

const ReAwardSchema = z.object({
  amountCny: Money,
  honours: z.array(Text).min(1),
  outsideQuota: z.boolean(),
  article: ArticleSchema,
  note: Note,
});

const TierSchema = z.object({
  id: TierId,
  name: Text,
  quota: z.object({
    max: PositiveInt,
    /**
     * 原则上 (大庆第五条): the committee may exceed the quota, with a recorded reason that the notices
     * state. false: a hard maximum.
     */
    inPrinciple: z.boolean(),
    article: ArticleSchema,
    note: Note,
  }),
  categoryCaps: z.array(CategoryCapSchema),
  vacanciesAllowed: Flag,
  /** false: an organisation that already holds this tier cannot be given it again (本溪第十二条). */
  repeatAllowed: Flag,
  prize: PrizeSchema,
  /** How a second award of this tier is treated; null when the regulation is silent (a normal award). */
  reAward: ReAwardSchema.nullable(),
});
export type Tier = z.infer<typeof TierSchema>;

const TopUpSchema = z.object({
  fromTier: TierId,
  toTier: TierId,
  /** Paid instead of the full prize of `toTier` when the organisation already holds `fromTier`. */
  amountCny: Money,
  article: ArticleSchema,
  note: Note,
});

const LaterBonusSchema = z.object({
  event: z.enum(EXTERNAL_AWARDS),
  requiresTier: TierId,
  amountCny: PositiveInt,
  article: ArticleSchema,
  note: Note,
});

const ReviewStepSchema = z.object({
  kind: z.enum(REVIEW_STEP_KINDS),
  name: Text,
  actor: Text,
  article: ArticleSchema,
  /** acceptance-publicity, publicity */
  period: PeriodSchema.optional(),
  /**
   * eligibility-review: incomplete material → the applicant is told to supplement (大庆第十三条), by
   * mail with the deadline the office sets (`within` by default), and reminded `remindDaysBefore`
   * calendar days before it lapses.
   */
  supplementRequest: z
    .object({ within: DurationSchema, remindDaysBefore: PositiveInt, article: ArticleSchema, note: Note })
    .optional(),
  /** material-review: those not advanced are told the reasons in writing (大庆第十四条). */
  writtenReasonsForRejected: Cited.optional(),
  /** deliberation: the committee votes on the proposal (瀍河第十八条); the proposal carries the count. */
  vote: z
    .object({ threshold: z.enum(VOTE_THRESHOLDS), setBy: z.enum(['regulation', 'office']), article: ArticleSchema, note: Note })
    .optional(),
  /** deliberation: weighs industry representativeness besides rank (瀍河第十八条). */
  considersIndustrySpread: z.boolean().optional(),
  /** application: a recommendation must accompany the application. */
  requiresRecommendation: z.boolean().optional(),
  /** approval: the result is publicly announced. */
  publicNotice: z.boolean().optional(),
  /** How long the step may take; absent: no time limit is set. */
  serviceLevel: ServiceLevelSchema.optional(),
  note: Note,
});
export type ReviewStep = z.infer<typeof ReviewStepSchema>;

const ObjectionsSchema = z.object({
  receivedBy: Text,
  form: z.object({
    written: z.boolean(),
    realNameRequired: z.boolean(),
    anonymousRefused: z.boolean(),
    evidenceRequired: z.boolean(),
    /**
     * What identifies the objector, by kind (大庆第二十一条); null where the text only asks for a real
     * name or says nothing (then a name and a contact make an objection named).
     */
    identity: z
      .object({
        person: z.array(z.enum(PERSON_OBJECTOR_FIELDS)).min(1),
        organisation: z.array(z.enum(ORGANISATION_OBJECTOR_FIELDS)).min(1),
      })
      .nullable(),
    article: ArticleSchema,
    note: Note,
  }),
  acceptanceReview: z
    .object({ within: DurationSchema, writtenReceipt: z.boolean(), article: ArticleSchema, note: Note })
    .nullable(),
  investigation: z.object({ byExperts: z.boolean(), article: ArticleSchema, note: Note }).nullable(),
  /** What happens to a party that misses its evidence deadline (大庆第二十三条). */
  missedEvidenceDeadline: z
    .object({
      candidate: z.literal('deemed-admitted'),
      objector: z.literal('deemed-withdrawn'),
      /** The regulation says 规定时间 without a length: null means the office sets it case by case. */
      evidenceWithin: DurationSchema.nullable(),
      article: ArticleSchema,
      note: Note,
    })
    .nullable(),
  decision: z.object({ by: Text, partiesNotified: z.boolean(), article: ArticleSchema, note: Note }),
  /**
   * Only proposed winners that passed publicity without objection go to approval (瀍河第十九条): a
   * candidate against whom an objection was lodged and dismissed goes only if the approving body
   * confirms it by name (see the note of the policy that sets it).
   */
  mustPassWithoutObjection: Flag.nullable(),
});
export type ObjectionRules = z.infer<typeof ObjectionsSchema>;

const CriterionBase = { id: Text, article: ArticleSchema, message: Text, note: Note };
export const CriterionSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('registered-in-jurisdiction'), ...CriterionBase }),
  z.object({ kind: z.literal('legal-person'), independent: z.boolean(), ...CriterionBase }),
  z.object({ kind: z.literal('pays-tax-in-jurisdiction'), ...CriterionBase }),
  z.object({ kind: z.literal('years-in-operation'), minYears: PositiveInt, ...CriterionBase }),
  z.object({ kind: z.literal('quality-system-certified'), minYears: PositiveInt, ...CriterionBase }),
  z.object({ kind: z.literal('excellence-model'), minYears: NonNegativeInt, ...CriterionBase }),
  z.object({
    kind: z.literal('profit'),
    lookBackYears: PositiveInt,
    rule: z.enum(['profit-each-year', 'no-loss-each-year']),
    appliesTo: z.enum(['for-profit', 'all']),
    ...CriterionBase,
  }),
  z.object({
    kind: z.literal('safety-standardisation'),
    /** 三级或以上: level 1 is the best, so the level must be ≤ worstLevel. */
    worstLevel: PositiveInt,
    appliesTo: z.enum(['for-profit', 'all']),
    ...CriterionBase,
  }),
  z.object({
    kind: z.literal('clean-record'),
    /** 近N年; null: no time limit (大庆第十条第（八）项). */
    lookBackYears: PositiveInt.nullable(),
    incidentKinds: z.array(z.enum(INCIDENT_KINDS)).min(1),
    ...CriterionBase,
  }),
  z.object({
    kind: z.literal('recommendation'),
    signers: z.array(z.enum(RECOMMENDER_KINDS)).min(1),
    ...CriterionBase,
  }),
  z.object({ kind: z.literal('organisation-kind'), allowed: z.array(z.enum(ORGANISATION_KINDS)).min(1), ...CriterionBase }),
  z.object({ kind: z.literal('industry'), allowed: z.array(z.enum(INDUSTRY_CATEGORIES)).min(1), ...CriterionBase }),
  /** A condition that is a judgement (e.g. 同行业领先), confirmed by the office as an attestation. */
  z.object({ kind: z.literal('attestation'), ...CriterionBase }),
]);
export type Criterion = z.infer<typeof CriterionSchema>;
export type CriterionKind = Criterion['kind'];

const ReapplyWinnerSchema = z.discriminatedUnion('kind', [
  /** 间隔两届: `cycles` whole cycles must pass between the award and the new application. */
  z.object({ kind: z.literal('cycles-between'), cycles: PositiveInt, article: ArticleSchema, note: Note }),
  /** 获奖N年之后: N years after the award date. */
  z.object({ kind: z.literal('years-after-award'), years: PositiveInt, article: ArticleSchema, note: Note }),
  /** The regulation says nothing: no restriction. */
  z.object({ kind: z.literal('not-regulated'), note: Text }),
]);

const ReapplyNomineeSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('may-apply'), article: ArticleSchema, note: Note }),
  z.object({ kind: z.literal('not-regulated'), note: Text }),
]);

const BanSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('none') }),
  z.object({
    kind: z.literal('years'),
    years: PositiveInt,
    /** The awards the ban covers, in Chinese. */
    scope: z.array(Text).min(1),
    /** Only when the case is serious (情节严重, 大庆第三十一条). */
    onlyIfSerious: z.boolean(),
  }),
  z.object({ kind: z.literal('next-cycles'), cycles: PositiveInt, scope: z.array(Text).min(1) }),
]);

const RevocationWindowSchema = z.discriminatedUnion('kind', [
  /** Fraud: whenever it is found. */
  z.object({ kind: z.literal('any-time') }),
  /** While the award is valid (有效期内). */
  z.object({ kind: z.literal('validity') }),
  /** Within N years after the award (获奖后N年内). */
  z.object({ kind: z.literal('years-after-award'), years: PositiveInt }),
]);

const RevocationCauseSchema = z.object({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
  name: Text,
  /** application: found while applying (not yet awarded); after-award: the award stands. */
  stage: z.enum(['application', 'after-award']),
  appliesToTiers: z.array(TierId).min(1),
  window: RevocationWindowSchema,
  grounds: z.array(Text).min(1),
  consequences: z.object({
    revoke: z.boolean(),
    disqualifyCurrentCycle: z.boolean(),
    recoverItems: z.array(Text),
    recoverPrize: z.boolean(),
    publicNotice: z.boolean(),
    creditRecord: z.boolean(),
    stopUsingTitle: z.boolean(),
    ban: BanSchema,
  }),
  article: ArticleSchema,
  note: Note,
});
export type RevocationCause = z.infer<typeof RevocationCauseSchema>;

const SharingDutySchema = z.object({
  kind: z.enum(['summary-in-award-year', 'exchange-events', 'share-experience', 'office-may-publicise']),
  description: Text,
  minCount: PositiveInt.optional(),
  withinValidity: z.boolean().optional(),
  article: ArticleSchema,
  note: Note,
});

// ---------------------------------------------------------------------------------------------
// The policy
// ---------------------------------------------------------------------------------------------

const PolicyObjectSchema = z.object({
  key: z.string().regex(/^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$/, { error: '政策标识须为小写英文与连字符，例如 city-2022' }),
  jurisdiction: Text,
  awardName: Text,
  document: DocumentSchema,
  cycle: CycleSchema,
  scoring: ScoringSchema,
  industryNote: Note,
  tiers: z.array(TierSchema).min(1, { error: '至少设一个奖项' }),
  prizes: z.object({
    topUps: z.array(TopUpSchema),
    laterBonuses: z.array(LaterBonusSchema),
  }),
  fees: z.object({ charged: z.boolean(), article: ArticleSchema, note: Note }),
  eligibility: z.object({ criteria: z.array(CriterionSchema).min(1) }),
  reviewSteps: z.array(ReviewStepSchema).min(1),
  objections: ObjectionsSchema,
  validity: z.object({ years: PositiveInt, article: ArticleSchema, note: Note }).nullable(),
  titleUse: z.object({
    mustStateYear: z.boolean(),
    productUseForbidden: z.boolean(),
    article: ArticleSchema,
    note: Note,
  }),
  duties: z.object({
    annualReport: z
      .object({
        /** validity: every year of the validity; years-after-award: for `years` years. */
        basis: z.enum(['validity', 'years-after-award']),
        years: PositiveInt,
        article: ArticleSchema,
        note: Note,
      })
      .nullable(),
    reEvaluation: z
      .object({ minTimesWithinValidity: PositiveInt, periodicVisits: Flag.nullable(), article: ArticleSchema, note: Note })
      .nullable(),
    experienceSharing: z.array(SharingDutySchema),
    /**
     * How winners are reminded of a duty with a due date: `daysBefore` calendar days before it, and
     * weekly while it is overdue (the office is told once when it becomes overdue). No regulation
     * sets this; the office does.
     */
    reminders: z.object({
      daysBefore: z.array(PositiveInt).min(1).max(10),
      weeklyWhileOverdue: z.boolean(),
      setBy: z.literal('office'),
      note: Note,
    }),
  }),
  reapply: z.object({ winner: ReapplyWinnerSchema, nominee: ReapplyNomineeSchema }),
  revocation: z.object({ causes: z.array(RevocationCauseSchema) }),
  recusal: Cited,
  records: z.object({ retentionYears: PositiveInt, article: ArticleSchema, note: Note }).nullable(),
});

type PolicyShape = z.infer<typeof PolicyObjectSchema>;

function collectArticles(value: unknown, path: (string | number)[], out: Array<{ path: (string | number)[]; article: string }>): void {
  if (Array.isArray(value)) {
    value.forEach((v, i) => collectArticles(v, [...path, i], out));
  } else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'article' && typeof v === 'string') out.push({ path: [...path, k], article: v });
      else collectArticles(v, [...path, k], out);
    }
  }
}

function crossCheck(p: PolicyShape, ctx: z.RefinementCtx): void {
  const issue = (path: (string | number)[], message: string) => ctx.addIssue({ code: 'custom', path, message });

  // Every citation must exist in the original.
  const cited: Array<{ path: (string | number)[]; article: string }> = [];
  collectArticles(p, [], cited);
  for (const c of cited) {
    for (const n of articleNumbers(c.article)) {
      if (!(n >= 1 && n <= p.document.articleCount)) {
        issue(c.path, `引用的${c.article}超出原文条款范围（共${p.document.articleCount}条）`);
      }
    }
  }

  const tierIds = p.tiers.map((t) => t.id);
  p.tiers.forEach((t, i) => {
    if (tierIds.indexOf(t.id) !== i) issue(['tiers', i, 'id'], `奖项标识重复：${t.id}`);
    t.categoryCaps.forEach((cap, j) => {
      if (cap.max > t.quota.max) issue(['tiers', i, 'categoryCaps', j, 'max'], `行业限额${cap.max}超过该奖项总名额${t.quota.max}`);
    });
    const seen = new Set<string>();
    t.categoryCaps.forEach((cap, j) => {
      if (seen.has(cap.id)) issue(['tiers', i, 'categoryCaps', j, 'id'], `限额分组标识重复：${cap.id}`);
      seen.add(cap.id);
    });
  });
  const knownTier = (id: string, path: (string | number)[]) => {
    if (!tierIds.includes(id)) issue(path, `引用了未定义的奖项：${id}`);
  };
  p.prizes.topUps.forEach((u, i) => {
    knownTier(u.fromTier, ['prizes', 'topUps', i, 'fromTier']);
    knownTier(u.toTier, ['prizes', 'topUps', i, 'toTier']);
  });
  p.prizes.laterBonuses.forEach((b, i) => knownTier(b.requiresTier, ['prizes', 'laterBonuses', i, 'requiresTier']));

  const causeIds = new Set<string>();
  p.revocation.causes.forEach((c, i) => {
    if (causeIds.has(c.id)) issue(['revocation', 'causes', i, 'id'], `撤销情形标识重复：${c.id}`);
    causeIds.add(c.id);
    c.appliesToTiers.forEach((t, j) => knownTier(t, ['revocation', 'causes', i, 'appliesToTiers', j]));
    if (c.window.kind === 'validity' && p.validity === null) {
      issue(['revocation', 'causes', i, 'window'], '以“有效期内”为期限，但政策未规定有效期');
    }
    if (c.stage === 'application' && c.window.kind !== 'any-time') {
      issue(['revocation', 'causes', i, 'window'], '申报阶段的情形不应设获奖后期限');
    }
  });

  const criterionIds = new Set<string>();
  p.eligibility.criteria.forEach((c, i) => {
    if (criterionIds.has(c.id)) issue(['eligibility', 'criteria', i, 'id'], `申报条件标识重复：${c.id}`);
    criterionIds.add(c.id);
  });

  p.reviewSteps.forEach((s, i) => {
    const needsPeriod = s.kind === 'publicity' || s.kind === 'acceptance-publicity';
    if (needsPeriod && !s.period) issue(['reviewSteps', i, 'period'], `${s.name}须规定公示期限`);
    if (!needsPeriod && s.period) issue(['reviewSteps', i, 'period'], `${s.name}不是公示步骤，不应有公示期限`);
  });
  if (!p.reviewSteps.some((s) => s.kind === 'publicity')) issue(['reviewSteps'], '评审程序须包含拟奖公示');
  if (!p.reviewSteps.some((s) => s.kind === 'approval')) issue(['reviewSteps'], '评审程序须包含审定批准');

  if (p.duties.annualReport?.basis === 'validity') {
    if (p.validity === null) issue(['duties', 'annualReport', 'basis'], '按有效期提交年度报告，但政策未规定有效期');
    else if (p.duties.annualReport.years !== p.validity.years) {
      issue(['duties', 'annualReport', 'years'], `按有效期提交年度报告，年数应等于有效期${p.validity.years}年`);
    }
  }
  if (p.duties.reEvaluation && p.validity === null) issue(['duties', 'reEvaluation'], '有效期内复核评估，但政策未规定有效期');
  p.duties.experienceSharing.forEach((d, i) => {
    if (d.withinValidity && p.validity === null) issue(['duties', 'experienceSharing', i, 'withinValidity'], '政策未规定有效期');
  });
}

export const PolicySchema = PolicyObjectSchema.superRefine(crossCheck);

/** A validated policy. */
export type Policy = z.infer<typeof PolicySchema>;
/** What a jurisdiction file writes (validated at load). */
export type PolicyInput = z.input<typeof PolicySchema>;
export type TierIdentifier = string;

export interface PolicyIssue {
  /** Dotted field path, e.g. `tiers.0.quota.article`. */
  path: string;
  /** Why the value is refused (Chinese). */
  reason: string;
}

export class PolicyValidationError extends Error {
  override readonly name = 'PolicyValidationError';
  readonly code = 'POLICY_INVALID';
  constructor(
    readonly policyKey: string,
    readonly issues: PolicyIssue[],
  ) {
    super(`政策 ${policyKey} 校验失败（POLICY_INVALID）：\n` + issues.map((i) => `  - ${i.path || '(root)'}: ${i.reason}`).join('\n'));
  }
}

/** Validates a policy and returns it frozen; throws {@link PolicyValidationError} naming every bad field. */
export function parsePolicy(input: unknown): Policy {
  const result = PolicySchema.safeParse(input);
  if (!result.success) {
    const key =
      input !== null && typeof input === 'object' && typeof (input as { key?: unknown }).key === 'string'
        ? (input as { key: string }).key
        : '(unknown)';
    throw new PolicyValidationError(
      key,
      result.error.issues.map((i) => ({ path: i.path.map(String).join('.'), reason: i.message })),
    );
  }
  return deepFreeze(result.data);
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}
