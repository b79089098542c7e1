/** Objection rules during publicity (异议处理): admissibility, acceptance deadline, evidence defaults. */
import type { Duration, Policy } from './schema.js';

export interface ObjectionSubmission {
  written: boolean;
  /** Real name with ID number and contact (person) or address, contact and seal (organisation). */
  realName: boolean;
  evidenceProvided: boolean;
}

export type ObjectionAdmissibility =
  | { admissible: true }
  | { admissible: false; reasons: Array<{ article: string; message: string }> };

export function checkObjectionAdmissibility(policy: Policy, sub: ObjectionSubmission): ObjectionAdmissibility {
  const f = policy.objections.form;
  const reasons: Array<{ article: string; message: string }> = [];
  if (f.written && !sub.written) reasons.push({ article: f.article, message: '异议须以书面形式提出' });
  if ((f.realNameRequired || f.anonymousRefused) && !sub.realName) {
    reasons.push({ article: f.article, message: f.anonymousRefused ? '以匿名方式提出的异议不予受理' : '异议须以实名提出' });
  }
  if (f.evidenceRequired && !sub.evidenceProvided) reasons.push({ article: f.article, message: '异议须提供相应的事实、理由及证明材料' });
  return reasons.length === 0 ? { admissible: true } : { admissible: false, reasons };
}

/** How long the office has to accept or refuse an objection (大庆第二十二条: 5个工作日), or null. */
export function objectionAcceptanceDuration(policy: Policy): { within: Duration; writtenReceipt: boolean; article: string } | null {
  const r = policy.objections.acceptanceReview;
  return r ? { within: r.within, writtenReceipt: r.writtenReceipt, article: r.article } : null;
}

export type EvidenceDefault = 'deemed-admitted' | 'deemed-withdrawn';

/** What happens to a party that misses its evidence deadline (大庆第二十三条), or null when not regulated. */
export function missedEvidenceOutcome(
  policy: Policy,
  party: 'candidate' | 'objector',
): { outcome: EvidenceDefault; article: string; message: string } | null {
  const rule = policy.objections.missedEvidenceDeadline;
  if (!rule) return null;
  return party === 'candidate'
    ? { outcome: rule.candidate, article: rule.article, message: '候选组织未在规定时间内提供证明材料，视为承认异议内容' }
    : { outcome: rule.objector, article: rule.article, message: '异议人未在规定时间内提供证明材料，视为放弃异议' };
}
