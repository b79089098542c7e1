/**
 * Renders the policies as a Markdown table with their notes (docs/policies.md). Pure; used by
 * scripts/generate-policy-table.ts and by the test that keeps the docs in sync. Not part of the
 * workflow API (not exported from index.ts). tests/policy/fields-read.test.ts requires every field it
 * allows as documentation (articles, notes, names…) to be read here, so the table shows them all.
 */
import { attestationCriteria } from './eligibility.js';
import {
  formatCny,
  formatDuration,
  APPLIES_TO_LABELS,
  EXTERNAL_AWARD_LABELS,
  INDUSTRY_LABELS,
  ORGANISATION_OBJECTOR_FIELD_LABELS,
  PERSON_OBJECTOR_FIELD_LABELS,
  RECOMMENDER_LABELS,
  SET_BY_LABELS,
  VOTE_THRESHOLD_LABELS,
} from './labels.js';
import type { Policy, ReviewStep, RevocationCause } from './schema.js';
import { SCORING_MODELS } from './scoring.js';

const cite = (a: string) => `（${a}）`;
/** One citation for several rules stated together: the distinct articles, in order. */
const cites = (...articles: Array<string | undefined>) => cite([...new Set(articles.filter((a): a is string => a !== undefined))].join('、'));
const esc = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const lines = (xs: string[]) => (xs.length === 0 ? '—' : xs.join('<br>'));

function ban(c: RevocationCause): string {
  const b = c.consequences.ban;
  if (b.kind === 'none') return '不限制申报';
  if (b.kind === 'years') return `${b.onlyIfSerious ? '情节严重的' : ''}${b.years}年内不得申报（${b.scope.join('、')}）`;
  return `不得参加下${b.cycles === 1 ? '一' : b.cycles}届（${b.scope.join('、')}）`;
}

function windowText(c: RevocationCause): string {
  switch (c.window.kind) {
    case 'any-time':
      return c.stage === 'application' ? '申报时' : '任何时候';
    case 'validity':
      return '有效期内';
    case 'years-after-award':
      return `获奖后${c.window.years}年内`;
  }
}

type Row = [string, (p: Policy) => string];

const MISSED_EVIDENCE_LABELS = { 'deemed-admitted': '视为承认异议内容', 'deemed-withdrawn': '视为放弃异议' } as const;

const ROWS: Row[] = [
  [
    '办法',
    (p) =>
      `${p.document.title}${p.document.number ? `，${p.document.number}` : ''}（${p.document.issuer}；${p.document.status === 'draft' ? '征求意见稿' : '现行'}${
        p.document.effectiveFrom ? `，${p.document.effectiveFrom}起施行` : ''
      }；共${p.document.articleCount}条；原文 \`seeds/${p.document.seedFile}\`）`,
  ],
  ['奖项名称', (p) => `${p.awardName}（${p.jurisdiction}）`],
  ['评选周期', (p) => `每${p.cycle.periodYears}年一届，届次以${p.cycle.anchorYear}年起算${cite(p.cycle.article)}`],
  [
    '评分标准',
    (p) => {
      const m = SCORING_MODELS[p.scoring.modelId]!;
      return `${m.id}（${p.scoring.edition}${p.scoring.supplementary.length ? `，另${p.scoring.supplementary.join('、')}` : ''}；${m.totalPoints}分）${p.scoring.setBy === 'office' ? '，由办公室拟订' : ''}${p.scoring.assessedYears ? `，评价前${p.scoring.assessedYears}年业绩` : ''}${cite(p.scoring.article)}`;
    },
  ],
  [
    '奖项与名额',
    (p) =>
      lines(
        p.tiers.flatMap((t) => [
          `${t.name}：每届${t.quota.inPrinciple ? '原则上' : ''}≤${t.quota.max}个${t.vacanciesAllowed.value ? '，可空缺' : '，不得空缺'}${cites(t.quota.article, t.vacanciesAllowed.article)}`,
          ...(t.quota.inPrinciple ? [`　名额为原则性限额：评委会写明理由可以超出，理由在拟奖公示和结果公告中说明${cite(t.quota.article)}`] : []),
          ...t.categoryCaps.map((c) => `　其中${c.label}≤${c.max}个（${c.categories.map((x) => INDUSTRY_LABELS[x]).join('、')}）${cite(c.article)}`),
          `　${t.repeatAllowed.value ? '可再次授予' : '不重复授予'}${cite(t.repeatAllowed.article)}`,
        ]),
      ),
  ],
  [
    '奖金',
    (p) =>
      lines([
        ...p.tiers.map((t) => `${t.name}：${formatCny(t.prize.amountCny)}，${t.prize.honours.join('、')}${cite(t.prize.article)}`),
        ...p.tiers.flatMap((t) =>
          t.reAward ? [`再次获得${t.name}：${formatCny(t.reAward.amountCny)}，${t.reAward.honours.join('、')}${t.reAward.outsideQuota ? '，不占名额' : '，占名额'}${cite(t.reAward.article)}`] : [],
        ),
        ...p.prizes.topUps.map((u) => `已获${p.tiers.find((t) => t.id === u.fromTier)!.name}再获${p.tiers.find((t) => t.id === u.toTier)!.name}：补发${formatCny(u.amountCny)}${cite(u.article)}`),
        ...p.prizes.laterBonuses.map((b) => `已获${p.tiers.find((t) => t.id === b.requiresTier)!.name}再获${EXTERNAL_AWARD_LABELS[b.event]}：追加${formatCny(b.amountCny)}${cite(b.article)}`),
      ]),
  ],
  ['收费', (p) => `${p.fees.charged ? '收费' : '不收取任何费用'}${cite(p.fees.article)}`],
  [
    '申报条件（条件标识）',
    (p) =>
      lines(
        p.eligibility.criteria
          .filter((c) => c.kind !== 'recommendation')
          .map((c) => `\`${c.id}\` ${c.message}${c.kind === 'profit' || c.kind === 'safety-standardisation' ? `（${APPLIES_TO_LABELS[c.appliesTo]}）` : ''}${cite(c.article)}`),
      ),
  ],
  [
    '办公室认定（`attestations` 键）',
    (p) => {
      const keys = attestationCriteria(p);
      return keys.length === 0
        ? '—'
        : lines([
            ...keys.map((a) => `\`${a.id}\`：${a.message}${cite(a.article)}`),
            `资格审查时由办公室确认：\`{ ${keys.map((a) => `"${a.id}": true`).join(', ')} }\``,
          ]);
    },
  ],
  [
    '推荐',
    (p) => {
      const r = p.eligibility.criteria.find((c) => c.kind === 'recommendation');
      const application = p.reviewSteps.find((s) => s.kind === 'application');
      return lines([
        ...(r && r.kind === 'recommendation' ? [`须经${r.signers.map((s) => RECOMMENDER_LABELS[s]).join('或')}推荐${cite(r.article)}`] : []),
        ...(application?.requiresRecommendation !== undefined
          ? [`提交申报时${application.requiresRecommendation ? '须附推荐意见' : '无须附推荐意见'}${cite(application.article)}`]
          : []),
      ]);
    },
  ],
  [
    '评审程序',
    (p) =>
      lines(
        p.reviewSteps.map((s, i) => {
          const extra = [
            s.period ? `${s.period.atLeast ? '不少于' : ''}${formatDuration(s.period.length)}` : '',
            s.supplementRequest
              ? `材料不完整的通知补充，补充期限默认${formatDuration(s.supplementRequest.within)}、可由办公室逐件规定，届满前${s.supplementRequest.remindDaysBefore}日提醒`
              : '',
            s.writtenReasonsForRejected ? '书面告知未入围理由' : '',
            s.vote ? `表决，${VOTE_THRESHOLD_LABELS[s.vote.threshold]}方为通过（通过比例${SET_BY_LABELS[s.vote.setBy]}）` : '',
            s.considersIndustrySpread ? '兼顾行业代表性' : '',
            s.requiresRecommendation ? '附推荐意见' : '',
            s.publicNotice ? '结果向社会公告' : '',
          ].filter(Boolean);
          return `${i + 1}. ${s.name}（${s.actor}${extra.length ? `；${extra.join('，')}` : ''}）${cites(
            s.article,
            s.period?.article,
            s.supplementRequest?.article,
            s.writtenReasonsForRejected?.article,
            s.vote?.article,
          )}`;
        }),
      ),
  ],
  [
    '办理时限',
    (p) =>
      lines(
        p.reviewSteps.flatMap((s) =>
          s.serviceLevel ? [`${s.name}：${formatDuration(s.serviceLevel.within)}内完成（${SET_BY_LABELS[s.serviceLevel.setBy]}；逾期的标为超时，不影响评审结果）${cite(s.serviceLevel.article)}`] : [],
        ),
      ),
  ],
  [
    '异议',
    (p) => {
      const o = p.objections;
      const f = o.form;
      const m = o.missedEvidenceDeadline;
      const pass = o.mustPassWithoutObjection;
      return lines([
        `向${o.receivedBy}提出${[f.written ? '书面' : '', f.realNameRequired ? '实名' : '', f.evidenceRequired ? '附证据' : ''].filter(Boolean).join('、') || '（形式未规定）'}${f.anonymousRefused ? '，匿名不予受理' : ''}${cite(f.article)}`,
        ...(f.identity
          ? [
              `　个人提出的须${f.identity.person.map((x) => PERSON_OBJECTOR_FIELD_LABELS[x]).join('、')}；单位提出的须${f.identity.organisation
                .map((x) => ORGANISATION_OBJECTOR_FIELD_LABELS[x])
                .join('、')}${cite(f.article)}`,
            ]
          : []),
        ...(o.acceptanceReview
          ? [`收到异议后${formatDuration(o.acceptanceReview.within)}内受理审查${o.acceptanceReview.writtenReceipt ? '并出具书面凭证' : ''}${cite(o.acceptanceReview.article)}`]
          : []),
        ...(o.investigation ? [`${o.investigation.byExperts ? '组织专家调查' : `由${o.receivedBy}核实`}${cite(o.investigation.article)}`] : []),
        ...(m
          ? [
              `逾期不提供证明材料：候选组织${MISSED_EVIDENCE_LABELS[m.candidate]}，异议人${MISSED_EVIDENCE_LABELS[m.objector]}；提供期限${
                m.evidenceWithin ? formatDuration(m.evidenceWithin) : '由办公室逐案规定'
              }${cite(m.article)}`,
            ]
          : []),
        `${o.decision.by}决定${o.decision.partiesNotified ? '，处理结果告知异议各方' : ''}${cite(o.decision.article)}`,
        ...(pass ? [`${pass.value ? '经公示没有异议的方可报批' : '有异议的也可报批'}${cite(pass.article)}${pass.note ? `：${pass.note}` : ''}`] : []),
      ]);
    },
  ],
  ['有效期', (p) => (p.validity ? `${p.validity.years}年${cite(p.validity.article)}` : '—（未规定）')],
  ['称号使用', (p) => `${p.titleUse.mustStateYear ? '须注明获奖年度' : ''}${p.titleUse.productUseForbidden ? '，不得用于产品' : ''}${cite(p.titleUse.article)}`],
  [
    '年度报告',
    (p) => {
      const a = p.duties.annualReport;
      return a ? `${a.basis === 'validity' ? '有效期内' : `获奖后${a.years}年内`}每年提交${cite(a.article)}` : '—';
    },
  ],
  [
    '复核评估',
    (p) => {
      const r = p.duties.reEvaluation;
      return r ? `有效期内至少${r.minTimesWithinValidity}次${cite(r.article)}${r.periodicVisits?.value ? `；定期回访${cite(r.periodicVisits.article)}` : ''}` : '—';
    },
  ],
  ['经验交流', (p) => lines(p.duties.experienceSharing.map((d) => `${d.description}${cite(d.article)}`))],
  [
    '履行义务提醒',
    (p) => {
      const r = p.duties.reminders;
      return `到期前${r.daysBefore.join('、')}日提醒获奖组织${r.weeklyWhileOverdue ? '，逾期后每周提醒并告知办公室' : '，逾期告知办公室'}（办公室设定）`;
    },
  ],
  [
    '再次申报',
    (p) => {
      const w = p.reapply.winner;
      const n = p.reapply.nominee;
      const wt =
        w.kind === 'cycles-between' ? `获奖组织间隔${w.cycles}届后${cite(w.article)}` : w.kind === 'years-after-award' ? `获奖组织${w.years}年之后${cite(w.article)}` : `获奖组织：${w.note}`;
      const nt = n.kind === 'may-apply' ? `提名奖组织可继续申报${cite(n.article)}` : `提名奖：${n.note}`;
      return lines([wt, nt]);
    },
  ],
  [
    '撤销与禁止申报',
    (p) =>
      lines(
        p.revocation.causes.map((c) => {
          const k = c.consequences;
          const what = [
            k.revoke ? '撤销' : '',
            k.disqualifyCurrentCycle ? '取消本届资格' : '',
            k.recoverItems.length ? `收回${k.recoverItems.join('、')}` : '',
            k.recoverPrize ? '追缴奖金' : '',
            k.publicNotice ? '公告' : '',
            k.creditRecord ? '记入信用记录' : '',
            k.stopUsingTitle ? '停止使用称号' : '',
          ].filter(Boolean);
          return `${c.name}（${windowText(c)}；${c.grounds.join('、')}）：${what.join('、')}；${ban(c)}${cite(c.article)}`;
        }),
      ),
  ],
  ['回避与保密', (p) => `${p.recusal.note ?? '评审人员回避、保密'}${cite(p.recusal.article)}`],
  ['档案保存', (p) => (p.records ? `${p.records.retentionYears}年${cite(p.records.article)}` : '—')],
];

type Note = [where: string, article: string | undefined, note: string | undefined];

/** The notes the table's cells do not show already, each with the rule it belongs to. */
function notesOf(p: Policy): Note[] {
  const stepNotes = (s: ReviewStep): Note[] => [
    [s.name, s.article, s.note],
    [`${s.name}·期限`, s.period?.article, s.period?.note],
    [`${s.name}·补充材料`, s.supplementRequest?.article, s.supplementRequest?.note],
    [`${s.name}·书面告知`, s.writtenReasonsForRejected?.article, s.writtenReasonsForRejected?.note],
    [`${s.name}·表决`, s.vote?.article, s.vote?.note],
    [`${s.name}·办理时限`, s.serviceLevel?.article, s.serviceLevel?.note],
  ];
  const o = p.objections;
  const d = p.duties;
  const notes: Note[] = [
    ['评选周期', p.cycle.article, p.cycle.note],
    ['评分标准', p.scoring.article, p.scoring.note],
    ['行业范围', undefined, p.industryNote],
    ...p.tiers.flatMap((t): Note[] => [
      [`${t.name}·名额`, t.quota.article, t.quota.note],
      ...t.categoryCaps.map((c): Note => [`${t.name}·${c.label}`, c.article, c.note]),
      [`${t.name}·空缺`, t.vacanciesAllowed.article, t.vacanciesAllowed.note],
      [`${t.name}·再次授予`, t.repeatAllowed.article, t.repeatAllowed.note],
      [`${t.name}·奖金`, t.prize.article, t.prize.note],
      [`再次获得${t.name}`, t.reAward?.article, t.reAward?.note],
    ]),
    ...p.prizes.topUps.map((u): Note => ['补发奖金', u.article, u.note]),
    ...p.prizes.laterBonuses.map((b): Note => [`追加奖金·${EXTERNAL_AWARD_LABELS[b.event]}`, b.article, b.note]),
    ['收费', p.fees.article, p.fees.note],
    ...p.eligibility.criteria.map((c): Note => [`申报条件 \`${c.id}\``, c.article, c.note]),
    ...p.reviewSteps.flatMap(stepNotes),
    ['异议形式', o.form.article, o.form.note],
    ['异议受理审查', o.acceptanceReview?.article, o.acceptanceReview?.note],
    ['异议调查', o.investigation?.article, o.investigation?.note],
    ['逾期不提供证明材料', o.missedEvidenceDeadline?.article, o.missedEvidenceDeadline?.note],
    ['异议处理决定', o.decision.article, o.decision.note],
    ['有效期', p.validity?.article, p.validity?.note],
    ['称号使用', p.titleUse.article, p.titleUse.note],
    ['年度报告', d.annualReport?.article, d.annualReport?.note],
    ['复核评估', d.reEvaluation?.article, d.reEvaluation?.note],
    ['定期回访', d.reEvaluation?.periodicVisits?.article, d.reEvaluation?.periodicVisits?.note],
    ...d.experienceSharing.map((x): Note => ['经验交流', x.article, x.note]),
    ['履行义务提醒', undefined, d.reminders.note],
    ...(p.reapply.winner.kind === 'not-regulated' ? [] : [['再次申报·获奖组织', p.reapply.winner.article, p.reapply.winner.note] as Note]),
    ...(p.reapply.nominee.kind === 'not-regulated' ? [] : [['再次申报·提名奖', p.reapply.nominee.article, p.reapply.nominee.note] as Note]),
    ...p.revocation.causes.map((c): Note => [`撤销·${c.name}`, c.article, c.note]),
    ['档案保存', p.records?.article, p.records?.note],
  ];
  return notes.filter(([, , note]) => note !== undefined);
}

function renderNotes(p: Policy): string[] {
  return [`### \`${p.key}\``, '', ...notesOf(p).map(([where, article, note]) => `- ${where}${article ? cite(article) : ''}：${note}`), ''];
}

export function renderPolicyTable(policies: readonly Policy[]): string {
  const header = `| 规则 | ${policies.map((p) => `\`${p.key}\``).join(' | ')} |`;
  const sep = `|---|${policies.map(() => '---').join('|')}|`;
  const body = ROWS.map(([label, cell]) => `| ${label} | ${policies.map((p) => esc(cell(p))).join(' | ')} |`);
  return [
    '# 四部管理办法对照（自动生成）',
    '',
    '<!-- Generated by `npx tsx scripts/generate-policy-table.ts` from workflows/policy/jurisdictions. Do not edit by hand; tests/policy/docs.test.ts fails when this file is out of date. -->',
    '',
    '每一项均注明原文条款（第N条）。期间计算：起算当日不计入，按年、月计算的以到期月的对应日为最后一日（无对应日的为月末日）；工作日按国务院办公厅放假安排（含调休补班），数据为奖励办录入的年度（优先）与内置的 `chinese-days`。',
    '',
    header,
    sep,
    ...body,
    '',
    '## 说明',
    '',
    '政策文件对各项规则所作的说明：原文的补充解读，以及原文未规定而由办公室设定的事项。',
    '',
    ...policies.flatMap(renderNotes),
  ].join('\n');
}
