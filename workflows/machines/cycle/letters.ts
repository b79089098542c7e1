/**
 * Letters about an objection to its parties: the written receipt when it is accepted (大庆第二十二条),
 * the refusal, and the outcome to the objector and to the organisation objected to (第二十四条).
 * They name the objector as it signed, never with its identity number.
 */
import { objectorName } from '../../policy/index.js';
import { awardTitle } from './notices';
import { dayOf, policyOf } from './rules';
import type { CycleContext, NotifyObjectorParams, Objection, ObjectionLetterKind } from './types';

export interface Letter {
  subject: string;
  body: string;
  article: string;
}

const verified = (o: Objection) => (o.decision?.verifiedBy === 'experts' ? '经组织专家调查核实，' : o.decision?.verifiedBy === 'office' ? '经调查核实，' : '');

/** The outcome in words, for both parties. */
function outcomeText(o: Objection): string {
  if (o.status === 'withdrawn') return '视为放弃异议';
  return o.decision?.upheld ? '异议成立' : '异议不成立';
}

export function objectorLetter(context: CycleContext, o: Objection, kind: Exclude<ObjectionLetterKind, 'outcomeToUnit'>, at: number): NotifyObjectorParams {
  const policy = policyOf(context);
  const rules = policy.objections;
  const to = objectorName(o.objector, o.realName);
  const filed = `您于${dayOf(o.filedAt)}对${awardTitle(context)}拟奖单位{{unit}}提出的异议（编号${o.id}）`;
  const letter: Letter =
    kind === 'receipt'
      ? {
          subject: `异议受理凭证（编号${o.id}）`,
          body: `${to}：\n${filed}，经受理审查，符合规定，已于${dayOf(at)}予以受理。特此出具书面凭证。\n处理结果将书面告知。\n${rules.receivedBy}`,
          article: rules.acceptanceReview?.article ?? rules.form.article,
        }
      : kind === 'refusal'
        ? {
            subject: `异议不予受理告知书（编号${o.id}）`,
            body: `${to}：\n${filed}，经受理审查，不予受理。理由：${o.acceptance?.reason ?? ''}\n${rules.receivedBy}`,
            article: rules.acceptanceReview?.article ?? rules.form.article,
          }
        : {
            subject: `异议处理结果告知书（编号${o.id}）`,
            body: `${to}：\n${filed}，${verified(o)}经${rules.decision.by}审查决定：${outcomeText(o)}。理由：${o.decision?.reason ?? ''}\n${rules.receivedBy}`,
            article: rules.decision.article,
          };
  const email = o.objector?.email;
  return {
    policyKey: context.policyKey,
    year: context.year,
    objectionId: o.id,
    against: o.against,
    ...(email ? { email } : {}),
    subject: letter.subject,
    body: `${letter.body}\n（${letter.article}）`,
    article: letter.article,
  };
}

/** The outcome to the organisation objected to, delivered through its application. */
export function unitLetter(context: CycleContext, o: Objection): Letter & { letterId: string } {
  const rules = policyOf(context).objections;
  return {
    letterId: `objection-outcome:${o.id}`,
    subject: `异议处理结果告知书（编号${o.id}）`,
    body: `公示期间对贵单位提出的异议（编号${o.id}），${verified(o)}经${rules.decision.by}审查决定：${outcomeText(o)}。理由：${o.decision?.reason ?? ''}\n（${rules.decision.article}）`,
    article: rules.decision.article,
  };
}
