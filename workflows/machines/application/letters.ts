/** Texts of the written notices an application sends: to the applicant (notifyApplicant) and to the office (sendReminder). */
import { chineseDay, type IsoDate } from '../../policy/index.js';
import { policyOf } from './rules';
import type { SupplementRule } from './supplement';
import type { ApplicationContext, NotifyApplicantParams, OfficeReminderParams, SupplementRecord } from './types';

const numbered = (items: readonly string[]) => items.map((item, i) => `${i + 1}. ${item}`).join('\n');

function toApplicant(context: ApplicationContext, subject: string, body: string, article: string): NotifyApplicantParams {
  return {
    orgId: context.orgId,
    organisationName: context.organisationName,
    ...(context.contactEmail ? { contactEmail: context.contactEmail } : {}),
    subject,
    body,
    article,
  };
}

const awardOf = (context: ApplicationContext) => `${context.year}年度${policyOf(context).awardName}`;

/** The request itself: what is missing and the last day to supply it. */
export function supplementRequestLetter(context: ApplicationContext, s: SupplementRecord & { lastDay: IsoDate }, rule: SupplementRule): NotifyApplicantParams {
  return toApplicant(
    context,
    `${awardOf(context)}申报材料补充通知`,
    [
      `${context.organisationName}：`,
      `经初审，贵单位的申报材料不完整。请补充完善以下材料：`,
      numbered(s.items),
      ...(s.note ? [`说明：${s.note}`] : []),
      `请于${chineseDay(s.lastDay)}（含当日）前提交补充材料。`,
      `特此通知（${rule.article}）。`,
    ].join('\n'),
    rule.article,
  );
}

/** The reminder before the deadline, while nothing has been returned. */
export function supplementReminderLetter(context: ApplicationContext, s: SupplementRecord & { lastDay: IsoDate }, rule: SupplementRule): NotifyApplicantParams {
  return toApplicant(
    context,
    `【提醒】${awardOf(context)}申报材料补充期限将于${chineseDay(s.lastDay)}届满`,
    [
      `${context.organisationName}：`,
      `贵单位尚未提交以下补充材料，补充期限为${chineseDay(s.lastDay)}（含当日）：`,
      numbered(s.items),
      `请尽快提交（${rule.article}）。`,
    ].join('\n'),
    rule.article,
  );
}

/** The office's notice that the deadline passed; it decides what follows. */
export function supplementOverdueReminder(context: ApplicationContext, s: SupplementRecord & { lastDay: IsoDate; dueAt: number }, rule: SupplementRule): OfficeReminderParams {
  return {
    to: 'office',
    subject: `${context.organisationName}（${context.orgId}）补充材料期限已届满`,
    body: [
      `${awardOf(context)}：${context.organisationName}（${context.orgId}）的补充材料期限已于${chineseDay(s.lastDay)}届满，至今未提交：`,
      numbered(s.items),
      `请核实后处理（${rule.article}）；系统不会自动作出资格审查结论。`,
    ].join('\n'),
    dueAt: s.dueAt,
  };
}

/** A letter the cycle asked to send (SEND_LETTER), as it wrote it. */
export function cycleLetter(context: ApplicationContext, letter: { subject: string; body: string; article: string }): NotifyApplicantParams {
  return toApplicant(context, letter.subject, letter.body, letter.article);
}
