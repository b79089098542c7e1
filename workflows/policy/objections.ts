/** Objection rules during publicity (异议处理): admissibility, acceptance deadline, evidence defaults. */
import { idNumberProblem } from './id-number.js';
import type { Duration, Policy } from './schema.js';

/** Who lodges an objection, as the objector identifies itself (大庆第二十一条). */
export type ObjectorIdentity =
  | { kind: 'person'; realName?: string; idNumber?: string; contact?: string; email?: string }
  | { kind: 'organisation'; name?: string; address?: string; contact?: string; sealAttested?: boolean; email?: string };

export interface ObjectorIssue {
  /** The field of the filing, e.g. `objector.idNumber`. */
  field: string;
  message: string;
  article: string;
}

const present = (s: string | undefined): boolean => typeof s === 'string' && s.trim().length > 0;

const PERSON_FIELD_LABELS = { realName: '真实姓名', idNumber: '身份证号码', contact: '联系方式' } as const;
const ORGANISATION_FIELD_LABELS = { name: '单位名称', address: '单位住所', contact: '联系方式', seal: '加盖本单位公章' } as const;

/**
 * What a filing lacks under the policy's identity rules, field by field; empty when the policy has
 * none (then `checkObjectionAdmissibility` asks for a name and a contact where it wants real names).
 */
export function objectorIssues(policy: Policy, objector: ObjectorIdentity | undefined): ObjectorIssue[] {
  const rule = policy.objections.form.identity;
  if (!rule) return [];
  const article = policy.objections.form.article;
  if (!objector) {
    return [{ field: 'objector', message: '异议须实名提出：个人写明真实姓名、身份证号码和联系方式，单位写明住所、联系方式并加盖公章；匿名异议不予受理', article }];
  }
  const issues: ObjectorIssue[] = [];
  if (objector.kind === 'person') {
    for (const f of rule.person) {
      if (!present(objector[f])) issues.push({ field: `objector.${f}`, message: `个人提出异议须写明${PERSON_FIELD_LABELS[f]}`, article });
    }
    if (rule.person.includes('idNumber') && present(objector.idNumber)) {
      const problem = idNumberProblem(objector.idNumber!);
      if (problem) issues.push({ field: 'objector.idNumber', message: problem, article });
    }
  } else {
    for (const f of rule.organisation) {
      const given = f === 'seal' ? objector.sealAttested === true : present(objector[f]);
      if (!given) {
        issues.push({
          field: f === 'seal' ? 'objector.sealAttested' : `objector.${f}`,
          message: f === 'seal' ? '单位提出异议须在书面材料上加盖本单位公章（由受理人员核实后记为 true）' : `单位提出异议须注明${ORGANISATION_FIELD_LABELS[f]}`,
          article,
        });
      }
    }
  }
  return issues;
}

/** How the objector is addressed in letters; never its identity number. */
export function objectorName(objector: ObjectorIdentity | undefined, realName?: string): string {
  if (objector?.kind === 'person' && present(objector.realName)) return objector.realName!.trim();
  if (objector?.kind === 'organisation' && present(objector.name)) return objector.name!.trim();
  return present(realName) ? realName!.trim() : '异议人';
}

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
