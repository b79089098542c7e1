/** Texts of what the standing sends: reminders to the organisation, notices to the office, public notices. */
import { addDays, chineseDay, findTier, type Policy } from '../../policy/index.js';
import { remindsOffice } from './rules';
import type { Duty, PublishStandingNoticeParams, Sanction, StandingAward, StandingContext, StandingReminderParams } from './types';

type Mail = Pick<StandingReminderParams, 'subject' | 'body'>;
type DatedDuty = Duty & { dueOn: string; dueAt: number };

const awardTitle = (policy: Policy, cycle: number, tierId: string) => `${cycle}年度${findTier(policy, tierId).name}`;

const numbered = (items: readonly string[]) => items.map((item, i) => `${i + 1}. ${item}`).join('\n');

/** How the office set the reminders, said at the foot of each reminder and in the record. */
export function reminderRule(policy: Policy): string {
  const r = policy.duties.reminders;
  const by = r.setBy === 'office' ? '，提醒时间由办公室设定' : '';
  return `有期限的义务于到期前${r.daysBefore.join('、')}日提醒${r.weeklyWhileOverdue ? '，逾期后每周提醒' : ''}${by}`;
}

const howToHandle = (duty: Duty) =>
  duty.kind === 'annual-report' ? '请通过系统提交报告（上传文件或填写正文），提交后本项提醒即停止。' : '办理后请告知办公室，由办公室登记完成情况。';

/**
 * One mail per contact address; without any, one to the office to pass on. Reminders of a duty the
 * office carries out (re-evaluation) go to the office alone.
 */
export function addressed(context: StandingContext, duty: DatedDuty, mail: Mail): StandingReminderParams[] {
  if (remindsOffice(duty)) return [{ to: 'office', ...mail, dueAt: duty.dueAt }];
  if (context.contacts.length === 0) return [{ to: 'office', subject: `【请转交${context.organisationName}】${mail.subject}`, body: mail.body, dueAt: duty.dueAt }];
  return context.contacts.map((to) => ({ to, ...mail, dueAt: duty.dueAt }));
}

export function reminderMail(context: StandingContext, policy: Policy, duty: DatedDuty, daysBefore: number): Mail {
  const title = awardTitle(policy, duty.cycle, duty.tierId ?? policy.tiers[0]!.id);
  if (remindsOffice(duty)) {
    return {
      subject: `【提醒】${context.organisationName}（${title}）的复核评估须于${chineseDay(duty.dueOn)}前完成`,
      body: [
        `${context.organisationName}（${context.orgId}）获得${title}。依照《${policy.document.title}》${duty.article}，${duty.description}，最后期限为${chineseDay(duty.dueOn)}（含当日），距今还有${daysBefore}天。`,
        '尚未登记复核评估的，请安排并在完成后登记。',
        `（${reminderRule(policy)}；已办理的请忽略。）`,
      ].join('\n'),
    };
  }
  return {
    subject: `【提醒】${title}：${duty.description}，期限为${chineseDay(duty.dueOn)}`,
    body: [
      `${context.organisationName}：`,
      `贵单位获得${title}。依照《${policy.document.title}》${duty.article}，应${duty.description}，最后期限为${chineseDay(duty.dueOn)}（含当日），距今还有${daysBefore}天。`,
      howToHandle(duty),
      `（${reminderRule(policy)}；已办理的请忽略。）`,
    ].join('\n'),
  };
}

/** To the office, once, the day after the last day. */
export function overdueOfficeMail(context: StandingContext, policy: Policy, duty: DatedDuty): StandingReminderParams {
  const title = awardTitle(policy, duty.cycle, duty.tierId ?? policy.tiers[0]!.id);
  const weekly = policy.duties.reminders.weeklyWhileOverdue;
  return {
    to: 'office',
    subject: `${context.organisationName}（${context.orgId}）的义务已逾期：${duty.description}`,
    body: [
      `${title}获奖组织${context.organisationName}（${context.orgId}）：${duty.description}（${duty.article}）的最后期限为${chineseDay(duty.dueOn)}，至今未办理。`,
      remindsOffice(duty)
        ? `请尽快安排并登记，或登记豁免并说明理由。${weekly ? '登记前，系统每周提醒一次。' : ''}`
        : `请核实后处理：督促其办理，或登记已完成，或登记豁免并说明理由。${weekly ? '办理完毕前，系统每周提醒该组织一次。' : ''}`,
    ].join('\n'),
    dueAt: duty.dueAt,
  };
}

export function overdueWeeklyMail(context: StandingContext, policy: Policy, duty: DatedDuty, week: number): Mail {
  const title = awardTitle(policy, duty.cycle, duty.tierId ?? policy.tiers[0]!.id);
  if (remindsOffice(duty)) {
    return {
      subject: `【逾期提醒】${context.organisationName}（${title}）的复核评估已逾期${week}周`,
      body: `${context.organisationName}（${context.orgId}）：${duty.description}（${duty.article}）的最后期限为${chineseDay(duty.dueOn)}，至今未登记，已逾期${week}周。请尽快安排并登记，或登记豁免并说明理由。`,
    };
  }
  return {
    subject: `【逾期提醒】${title}：${duty.description}已逾期${week}周`,
    body: [
      `${context.organisationName}：`,
      `贵单位${duty.description}（《${policy.document.title}》${duty.article}）的最后期限为${chineseDay(duty.dueOn)}，至今未办理，已逾期${week}周。`,
      howToHandle(duty),
      '如有特殊情况，请与办公室联系。',
    ].join('\n'),
  };
}

const noticeBase = (context: StandingContext, award: StandingAward) => ({
  policyKey: context.policyKey,
  orgId: context.orgId,
  organisationName: context.organisationName,
  cycle: award.cycle,
  tierId: award.tierId,
});

export function validityEndedNotice(context: StandingContext, policy: Policy, award: StandingAward & { validThrough: string }): PublishStandingNoticeParams {
  const title = awardTitle(policy, award.cycle, award.tierId);
  const article = policy.validity?.article ?? '';
  return {
    kind: 'validityEnded',
    noticeId: `standing/${context.policyKey}/${context.orgId}/validity-ended/${award.cycle}/${award.tierId}`,
    ...noticeBase(context, award),
    on: award.validThrough,
    title: `关于${context.organisationName}${title}有效期届满的公告`,
    body: [
      `${context.organisationName}于${chineseDay(award.awardedOn)}获得${title}，有效期至${chineseDay(award.validThrough)}届满（《${policy.document.title}》${article}）。`,
      `自${chineseDay(addDays(award.validThrough, 1))}起，该组织不再是${title}的有效获奖组织，不得在形象宣传中使用该获奖称号（${policy.titleUse.article}）。`,
      '特此公告。',
    ].join('\n'),
    article,
  };
}

export function revocationNotice(context: StandingContext, policy: Policy, award: StandingAward, sanction: Sanction): PublishStandingNoticeParams {
  const title = awardTitle(policy, award.cycle, award.tierId);
  return {
    kind: 'revoked',
    noticeId: `standing/${context.policyKey}/${context.orgId}/revoked/${award.cycle}/${award.tierId}`,
    ...noticeBase(context, award),
    on: sanction.decidedOn,
    title: `关于撤销${context.organisationName}${title}的公告`,
    body: [
      `${context.organisationName}于${chineseDay(award.awardedOn)}获得${title}。经查，${sanction.reason}。`,
      `依照《${policy.document.title}》${sanction.article}，于${chineseDay(sanction.decidedOn)}决定：`,
      numbered(sanction.summary),
      '特此公告。',
    ].join('\n'),
    article: sanction.article,
  };
}
