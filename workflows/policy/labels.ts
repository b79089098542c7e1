/** Chinese labels for the English identifiers, for user-facing messages. */
import type {
  DurationUnit,
  ExternalAward,
  IncidentKind,
  IndustryCategory,
  OrganisationKind,
  ORGANISATION_OBJECTOR_FIELDS,
  PERSON_OBJECTOR_FIELDS,
  RecommenderKind,
  VoteThreshold,
} from './schema.js';

export const INDUSTRY_LABELS: Readonly<Record<IndustryCategory, string>> = {
  manufacturing: '制造业',
  agriculture: '农业',
  engineering: '工程',
  service: '服务业',
  medical: '医疗',
  education: '教育',
  research: '研究',
  design: '设计',
  other: '其他',
};

export const ORGANISATION_KIND_LABELS: Readonly<Record<OrganisationKind, string>> = {
  enterprise: '企业',
  'public-institution': '事业单位',
  'social-organisation': '社会组织',
  other: '其他组织',
};

export const INCIDENT_LABELS: Readonly<Record<IncidentKind, string>> = {
  'accident-fatal': '生产安全亡人责任事故',
  'accident-major': '重大及以上事故',
  'accident-larger': '较大事故',
  'accident-general': '一般事故',
  'major-quality-problem': '重大质量问题',
  'major-quality-complaint': '重大质量投诉',
  'quality-claim-or-return': '自身责任引起的质量异议、索赔或退货',
  'spot-check-failed-national-provincial': '国家或省监督抽查不合格',
  'spot-check-failed-city': '市级监督抽查不合格',
  'export-quality-notice': '出口产品因质量问题被国外通报或退运',
  'labour-dishonesty': '较大劳动保障失信记录',
  'false-statistics': '虚报、瞒报统计数据',
  'tax-dishonesty-major': '重大纳税失信记录',
  'abnormal-operation-list': '列入经营异常名录',
  'serious-dishonesty-list': '列入严重违法失信名单',
  'typical-dishonesty-case': '被列为典型失信案件',
  'consumer-fraud-judgement': '被判定存在欺诈消费者行为',
  'serious-dishonesty': '严重失信行为',
  'administrative-penalty': '行政处罚',
  'serious-violation': '严重违法违规行为',
  violation: '违法违规不良记录',
  'severe-operating-loss': '严重经营性亏损',
};

export const RECOMMENDER_LABELS: Readonly<Record<RecommenderKind, string>> = {
  'industry-department': '行业主管部门',
  'industry-association': '行业协会',
  'county-regulator': '县（区）市场监管部门',
  'county-government': '县（区）人民政府',
  'relevant-department': '有关部门',
};

export const EXTERNAL_AWARD_LABELS: Readonly<Record<ExternalAward, string>> = {
  'china-quality-award': '中国质量奖',
  'china-quality-award-nomination': '中国质量奖提名奖',
  'provincial-governor-award': '省长质量奖',
};

export const DURATION_UNIT_LABELS: Readonly<Record<DurationUnit, string>> = {
  calendarDays: '天',
  workingDays: '个工作日',
  months: '个月',
  years: '年',
};

/** 瀍河第十八条 审议表决: what carries a proposal. */
export const VOTE_THRESHOLD_LABELS: Readonly<Record<VoteThreshold, string>> = {
  'more-than-half-of-present': '出席委员过半数同意',
  'two-thirds-of-present': '出席委员三分之二以上同意',
};

/** Who set a rule: the regulation's text, or the office where the text is silent. */
export const SET_BY_LABELS: Readonly<Record<'regulation' | 'office', string>> = {
  regulation: '原文规定',
  office: '原文未规定，由办公室设定',
};

/** What an objector must give (大庆第二十一条), for a person and for an organisation. */
export const PERSON_OBJECTOR_FIELD_LABELS: Readonly<Record<(typeof PERSON_OBJECTOR_FIELDS)[number], string>> = {
  realName: '签署真实姓名',
  idNumber: '写明身份证号码',
  contact: '写明联系方式',
};

export const ORGANISATION_OBJECTOR_FIELD_LABELS: Readonly<Record<(typeof ORGANISATION_OBJECTOR_FIELDS)[number], string>> = {
  name: '写明单位名称',
  address: '注明单位住所',
  contact: '注明联系方式',
  seal: '加盖本单位公章',
};

/** Whom a profit or safety condition binds: every applicant, or only those engaged in production or business. */
export const APPLIES_TO_LABELS: Readonly<Record<'all' | 'for-profit', string>> = {
  all: '适用于全部申报单位',
  'for-profit': '仅适用于从事生产、经营活动的组织',
};

export function formatDuration(d: { amount: number; unit: DurationUnit }): string {
  return `${d.amount}${DURATION_UNIT_LABELS[d.unit]}`;
}

export function formatCny(amount: number): string {
  if (amount === 0) return '无奖金';
  if (amount % 10_000 === 0) return `${amount / 10_000}万元`;
  return `${amount}元`;
}
