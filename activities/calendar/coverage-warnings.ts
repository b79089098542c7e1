/**
 * Warnings before the calendar runs out, and when it has: from 1 October, next year's holiday
 * notice is due (the State Council publishes it in the autumn); a year without data, or a deadline
 * that waits for one, needs the office now. `GET /health` shows them; the admin role is mailed
 * once per year and kind, through the outbox (its idempotency key makes "once" hold across checks,
 * retries and workers).
 */
import { blockedDeadlines, type Database, type Queryable } from '../../db';
import { chinaDateOf, parseIsoDate, type CalendarCoverage, type Instant } from '../../workflows/policy/index.js';
import { sendMailOnce, type Mailer } from '../reminders';
import { coversYear, loadWorkingDayCalendar } from './office-calendar.js';

/** A waiting `computeDeadline` retries every few minutes; one silent for longer has stopped waiting. */
export const BLOCKED_SEEN_WITHIN_MS = 30 * 60_000;
/** From this month on (China time), next year's data is expected. */
export const NEXT_YEAR_DUE_MONTH = 10;

export interface BlockedDeadlineSummary {
  workflowId: string;
  deadlineKey: string;
  date: string;
  since: string;
}

export type CalendarWarning =
  | { code: 'YEAR_NOT_COVERED' | 'NEXT_YEAR_NOT_COVERED'; year: number; message: string }
  | { code: 'DEADLINES_BLOCKED'; years: number[]; count: number; deadlines: BlockedDeadlineSummary[]; message: string };

export interface CalendarStatus {
  coverage: CalendarCoverage;
  warnings: CalendarWarning[];
}

const HOW_TO_ENTER = '请按国务院办公厅当年放假安排通知录入（PUT /calendar/{year}，或 npm run calendar -- import 文件.json；见 README「工作日历」）。';

function yearWarning(coverage: CalendarCoverage, at: Instant): CalendarWarning | undefined {
  const today = parseIsoDate(chinaDateOf(at));
  if (!coversYear(coverage, today.year)) {
    return {
      code: 'YEAR_NOT_COVERED',
      year: today.year,
      message: `工作日历未覆盖本年度（${today.year}年）：按工作日计算的期限无法得出，相关流程正在等待。${HOW_TO_ENTER}`,
    };
  }
  if (today.month >= NEXT_YEAR_DUE_MONTH && !coversYear(coverage, today.year + 1)) {
    return {
      code: 'NEXT_YEAR_NOT_COVERED',
      year: today.year + 1,
      message: `工作日历尚未覆盖${today.year + 1}年：跨入${today.year + 1}年的工作日期限将无法计算。${HOW_TO_ENTER}`,
    };
  }
  return undefined;
}

/** What `/health` shows: the covered years and anything that needs the office. */
export async function calendarStatus(db: Queryable, at: Instant): Promise<CalendarStatus> {
  const { coverage } = await loadWorkingDayCalendar(db);
  const warnings: CalendarWarning[] = [];
  const year = yearWarning(coverage, at);
  if (year) warnings.push(year);
  const blocked = await blockedDeadlines(db, { seenWithinMs: BLOCKED_SEEN_WITHIN_MS, covered: coverage });
  if (blocked.total > 0) {
    const years = [...new Set(blocked.items.map((item) => item.year))].sort((a, b) => a - b);
    warnings.push({
      code: 'DEADLINES_BLOCKED',
      years,
      count: blocked.total,
      deadlines: blocked.items.map((item) => ({ workflowId: item.workflowId, deadlineKey: item.deadlineKey, date: item.date, since: item.firstSeen.toISOString() })),
      message: `${blocked.total}个期限因缺少${years.join('、')}年的工作日历而无法计算，相关流程暂停等待；录入后几分钟内自动继续。${HOW_TO_ENTER}`,
    });
  }
  return { coverage, warnings };
}

/** Mails the admin role about a year nobody has entered yet, once per year. */
export async function remindAdminOfCalendar(deps: { db: Database; mailer: Mailer }, at: Instant): Promise<CalendarWarning | undefined> {
  const { coverage } = await loadWorkingDayCalendar(deps.db);
  const warning = yearWarning(coverage, at);
  if (!warning || warning.code === 'DEADLINES_BLOCKED') return undefined;
  await sendMailOnce(deps, {
    idempotencyKey: `calendar/${warning.code === 'YEAR_NOT_COVERED' ? 'year-not-covered' : 'next-year-not-covered'}/${warning.year}`,
    to: 'admin',
    subject: `【工作日历】请录入${warning.year}年节假日安排`,
    body: `${warning.message}\n\n本提醒每个年度只发送一次；录入后 GET /health 的 calendar 提示随即消失。`,
  });
  return warning;
}

/** Mails the admin role the first time a deadline waits for `year`'s data. */
export async function reportBlockedDeadline(
  deps: { db: Database; mailer: Mailer },
  blocked: { workflowId: string; deadlineKey: string; date: string; year: number },
): Promise<void> {
  await sendMailOnce(deps, {
    idempotencyKey: `calendar/deadlines-blocked/${blocked.year}`,
    to: 'admin',
    subject: `【工作日历】缺少${blocked.year}年节假日安排，期限无法计算`,
    body:
      `流程 ${blocked.workflowId} 的期限「${blocked.deadlineKey}」需要 ${blocked.date} 起的工作日历，而${blocked.year}年尚未录入，流程暂停等待。\n` +
      `${HOW_TO_ENTER}\n录入后几分钟内自动继续，无需重启或重置流程。其他等待同一年份的期限见 GET /health。`,
  });
}
