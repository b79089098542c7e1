/**
 * What a winner takes on with the award, in the regulation's terms: the use of the title, annual
 * reports, re-evaluation and the sharing of experience. Stated in the results notice; scheduling
 * them with reminders over the years is the standing workflow's (after the award).
 */
import type { Policy } from './schema.js';

export interface WinnerDuty {
  kind: 'title-use' | 'annual-report' | 're-evaluation' | 'periodic-visits' | 'summary-in-award-year' | 'exchange-events' | 'share-experience' | 'office-may-publicise';
  text: string;
  article: string;
}

export function winnerDuties(policy: Policy): WinnerDuty[] {
  const duties: WinnerDuty[] = [];
  const t = policy.titleUse;
  const titleRules = [t.mustStateYear ? '须注明获奖年度' : '', t.productUseForbidden ? '不得用于产品宣传，不得在产品或包装上标注' : ''].filter((x) => x);
  if (titleRules.length > 0) {
    duties.push({ kind: 'title-use', text: `${policy.validity ? '有效期内' : ''}使用获奖称号${titleRules.join('，')}`, article: t.article });
  }
  const report = policy.duties.annualReport;
  if (report) {
    duties.push({ kind: 'annual-report', text: `${report.basis === 'validity' ? '有效期内' : `获奖后${report.years}年内`}每年提交质量绩效报告`, article: report.article });
  }
  const review = policy.duties.reEvaluation;
  if (review) {
    duties.push({ kind: 're-evaluation', text: `有效期内接受复核评估至少${review.minTimesWithinValidity}次`, article: review.article });
    if (review.periodicVisits?.value) duties.push({ kind: 'periodic-visits', text: '接受定期回访', article: review.periodicVisits.article });
  }
  for (const d of policy.duties.experienceSharing) {
    // The description is the regulation's wording; the period and count are added only where it lacks them.
    const when = d.withinValidity && !d.description.includes('有效期内') ? '有效期内' : '';
    const times = d.minCount !== undefined && !d.description.includes('至少') ? `（至少${d.minCount}次）` : '';
    const text = `${when}${d.description}${times}`;
    duties.push({ kind: d.kind, text, article: d.article });
  }
  return duties;
}
