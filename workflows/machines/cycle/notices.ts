/**
 * The Chinese text of the cycle's public notices, generated from the policy and the cycle's summary.
 * The cycle asks for a notice by kind (`cycleNotice`); the `publishNotice` activity renders it
 * (`renderNotice`) with the organisations' names from the applications table, which the cycle
 * itself does not keep.
 */
import { eligibilityArticles, formatDuration, maskIdNumber, publicityPeriod, reviewStep, winnerDuties, VOTE_THRESHOLD_LABELS, type VoteThreshold } from '../../policy/index.js';
import { cycleWorkflowId } from './ids';
import { dayOf, lastDayOf, policyOf } from './rules';
import type { CycleContext, CycleSummary, NoticeKind, Objection, Proposal, PublishNoticeParams } from './types';

/** Names the renderer needs: any organisation's, and the accepted applicants' for the acceptance list. */
export interface NoticeNames {
  nameOf(orgId: string): string;
  /** Names of the applications that passed eligibility review (needed by `acceptanceList` only). */
  accepted: string[];
}

export interface RenderedNotice {
  title: string;
  body: string;
}

/** The cycle's context without its applications table. */
export function summaryOf(context: CycleContext): CycleSummary {
  const { applications: _applications, ranking: _ranking, ...summary } = context;
  return summary;
}

/** Objections with an objector's identity number shown by its last four characters only. */
function withMaskedObjectors(objections: Record<string, Objection>): Record<string, Objection> {
  return Object.fromEntries(
    Object.entries(objections).map(([id, o]) => [
      id,
      o.objector?.kind === 'person' && o.objector.idNumber ? { ...o, objector: { ...o.objector, idNumber: maskIdNumber(o.objector.idNumber) } } : o,
    ]),
  );
}

/** What the cycle shows of itself (the memo's view): the summary, identity numbers masked. */
export function presentedSummary(context: CycleContext): CycleSummary {
  const summary = summaryOf(context);
  return { ...summary, objections: withMaskedObjectors(summary.objections ?? {}) };
}

/** What the machine asks for: the kind and the summary, bounded whatever the number of applications. */
export function cycleNotice(context: CycleContext, kind: NoticeKind, winners?: Proposal): PublishNoticeParams {
  return {
    kind,
    cycleWorkflowId: cycleWorkflowId(context.policyKey, context.year),
    jurisdiction: context.policyKey,
    cycle: String(context.year),
    // Objections carry objectors' names and identity numbers; no notice prints them, so none travels with one.
    render: { context: { ...summaryOf(context), objections: {} }, ...(winners ? { winners } : {}) },
  };
}

/** The quota exceptions the committee recorded (大庆第五条 原则上), one line each. */
function quotaExceptionLines(context: NoticeContext): string[] {
  const policy = policyOf(context);
  return Object.entries(context.quotaExceptions ?? {}).map(([tierId, x]) => {
    const name = policy.tiers.find((t) => t.id === tierId)?.name ?? tierId;
    return `${name}原则上每届不超过${x.max}个，本届拟授${x.proposed}个，超出名额的理由：${x.reason}（${x.article}）。`;
  });
}

/** Organisations a notice of this kind names (besides the accepted list). */
export function namedOrganisations(params: PublishNoticeParams): string[] {
  const { context, winners } = params.render;
  const ids = new Set<string>();
  for (const proposal of [context.proposal, winners]) for (const list of Object.values(proposal ?? {})) list.forEach((id) => ids.add(id));
  context.removed.forEach((r) => ids.add(r.orgId));
  return [...ids].sort();
}

export function renderNotice(params: PublishNoticeParams, names: NoticeNames): RenderedNotice {
  const { context, winners } = params.render;
  switch (params.kind) {
    case 'announcement':
      return announcementNotice(context);
    case 'acceptanceList':
      return acceptanceListNotice(context, names);
    case 'proposedWinners':
      return proposedWinnersNotice(context, names);
    case 'results':
      return resultsNotice(context, names, winners ?? context.winners ?? {});
    case 'objectionResult':
      throw new Error('objection results are not published as a cycle notice');
  }
}

type NoticeContext = CycleSummary;

/** The cycle's name as notices and letters give it: its own title, or the year and the award. */
export function awardTitle(context: NoticeContext): string {
  return context.title ?? `${context.year}年度${policyOf(context).awardName}`;
}

function timeOf(instant: number): string {
  const shifted = new Date(instant + 8 * 3_600_000);
  const hh = String(shifted.getUTCHours()).padStart(2, '0');
  const mm = String(shifted.getUTCMinutes()).padStart(2, '0');
  return `${dayOf(instant)}${hh}:${mm}`;
}

/** The period's first counted day: the day it starts on is not counted (see policy/deadlines). */
function firstDay(start: number): string {
  return dayOf(start + 24 * 3_600_000);
}

function notice(title: string, body: string): RenderedNotice {
  return { title, body };
}

function tierLines(context: NoticeContext, names: NoticeNames, proposal: Proposal): string[] {
  return policyOf(context).tiers.map((tier) => {
    const ids = proposal[tier.id] ?? [];
    return `${tier.name}（${ids.length}个）：${ids.length > 0 ? ids.map((id) => names.nameOf(id)).join('、') : '空缺'}`;
  });
}

function announcementNotice(context: NoticeContext): RenderedNotice {
  const policy = policyOf(context);
  const step = reviewStep(policy, 'announcement');
  const application = reviewStep(policy, 'application');
  const lines = [
    `根据《${policy.document.title}》${step ? step.article : ''}，现启动${awardTitle(context)}评选申报工作。`,
    `一、申报条件：见《${policy.document.title}》${eligibilityArticles(policy)}。${
      policy.scoring.assessedYears ? `评审考察申报组织近${policy.scoring.assessedYears}年的质量经营业绩（${policy.scoring.article}）。` : ''
    }`,
    `二、申报截止时间：${timeOf(context.applicationDeadline)}，逾期不予受理。`,
    application?.requiresRecommendation ? '三、申报材料须附推荐单位签署的推荐意见。' : '三、申报单位按要求提交申报材料。',
    policy.fees.charged ? '' : `四、评选不收取任何费用（${policy.fees.article}）。`,
  ].filter((l) => l.length > 0);
  return notice(`${awardTitle(context)}评选申报公告`, lines.join('\n'));
}

function acceptanceListNotice(context: NoticeContext, names: NoticeNames): RenderedNotice {
  const policy = policyOf(context);
  const period = reviewStep(policy, 'acceptance-publicity')?.period;
  const accepted = [...names.accepted].sort();
  const endsAt = context.deadlines.acceptancePublicity;
  const lines = [
    `经资格审查，以下${accepted.length}家组织的${awardTitle(context)}申报予以受理，现予公示：`,
    accepted.length > 0 ? accepted.map((n, i) => `${i + 1}. ${n}`).join('\n') : '（无）',
    `公示期${period ? `${period.atLeast ? '不少于' : ''}${formatDuration(period.length)}` : ''}，自${firstDay(context.startedAt.acceptancePublicity ?? context.applicationDeadline)}起${
      endsAt !== undefined ? `至${lastDayOf(endsAt)}止` : ''
    }${period ? `（${period.article}）` : ''}。`,
    `对公示名单有异议的，请于公示期内向${policy.objections.receivedBy}反映${context.objectionContact ? `，联系方式：${context.objectionContact}` : ''}。`,
  ];
  return notice(`${awardTitle(context)}受理名单公示`, lines.join('\n'));
}

function proposedWinnersNotice(context: NoticeContext, names: NoticeNames): RenderedNotice {
  const policy = policyOf(context);
  const period = publicityPeriod(policy);
  const form = policy.objections.form;
  const endsAt = context.deadlines.publicity;
  const requirements = [
    form.written ? '以书面形式' : '',
    form.identity
      ? '个人署真实姓名并写明身份证号码和联系方式、单位注明住所和联系方式并加盖公章'
      : form.realNameRequired || form.anonymousRefused
        ? '署真实姓名并留联系方式（单位须加盖公章）'
        : '',
    form.evidenceRequired ? '附事实、理由及证明材料' : '',
  ].filter((r) => r.length > 0);
  const lines = [
    `经评审和${reviewStep(policy, 'deliberation')?.actor ?? '评审委员会'}${
      reviewStep(policy, 'deliberation')?.considersIndustrySpread ? '综合考虑行业代表性和评审排名情况' : ''
    }审议，${awardTitle(context)}拟奖名单如下：`,
    ...tierLines(context, names, context.proposal ?? {}),
    ...quotaExceptionLines(context),
    ...(context.vote
      ? [
          `${reviewStep(policy, 'deliberation')?.actor ?? '评审委员会'}审议表决：出席${context.vote.membersPresent}人，赞成${context.vote.for}人，反对${context.vote.against}人，弃权${context.vote.abstaining}人，达到${
            VOTE_THRESHOLD_LABELS[context.vote.threshold as VoteThreshold] ?? context.vote.threshold
          }的要求（${context.vote.article}）。`,
        ]
      : []),
    `公示期${period.atLeast ? '不少于' : '为'}${formatDuration(period.length)}，自${firstDay(context.startedAt.publicity ?? 0)}起${
      endsAt !== undefined ? `至${lastDayOf(endsAt)}止` : ''
    }（${period.article}）。`,
    `对拟奖名单有异议的，请于公示期内${requirements.length > 0 ? requirements.join('、') : ''}向${policy.objections.receivedBy}提出${
      context.objectionContact ? `，联系方式：${context.objectionContact}` : ''
    }。${form.anonymousRefused ? `匿名异议不予受理（${form.article}）。` : ''}`,
  ];
  return notice(`${awardTitle(context)}拟奖名单公示`, lines.join('\n'));
}

/** What the winners take on with the award, as the regulation says it. */
function dutyLines(policy: ReturnType<typeof policyOf>): string[] {
  const duties = winnerDuties(policy);
  if (duties.length === 0) return [];
  return ['获奖组织须知：', ...duties.map((d, i) => `${i + 1}. ${d.text}（${d.article}）。`)];
}

function resultsNotice(context: NoticeContext, names: NoticeNames, winners: Proposal): RenderedNotice {
  const policy = policyOf(context);
  const approval = reviewStep(policy, 'approval');
  const lines = [
    `经${approval?.actor ?? '人民政府'}审定${context.approval?.decisionRef ? `（${context.approval.decisionRef}）` : ''}，${awardTitle(context)}评选结果如下：`,
    ...tierLines(context, names, winners),
    ...quotaExceptionLines(context),
    ...(context.removed.length > 0
      ? [`公示期间经核实取消拟奖资格：${context.removed.map((r) => `${names.nameOf(r.orgId)}（${r.reason}）`).join('；')}`]
      : []),
    `依据：《${policy.document.title}》${approval?.article ?? ''}。`,
    ...dutyLines(policy),
  ];
  return notice(`${awardTitle(context)}评选结果公告`, lines.join('\n'));
}
