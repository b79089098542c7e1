/**
 * The working-day calendar from the command line, against DATABASE_URL (or the embedded database
 * `npm start` runs):
 *
 *   npm run calendar -- import FILE.json [--by NAME] [--allow-example]
 *   npm run calendar -- show 2027
 *   npm run calendar -- list
 *
 * FILE.json is the body of `PUT /calendar/{year}` with its `year` (see docs/calendar-2027.example.json).
 * The same validation applies; nothing is stored when it fails. The running system picks an
 * imported year up within minutes, without a restart.
 */
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';
import {
  CalendarEntryRefused,
  calendarStatus,
  calendarYearFileSchema,
  calendarYearView,
  coveredYears,
  enterCalendarYear,
} from '../activities/calendar/index.js';
import { recordsSettings } from '../config/records';
import { migrate, openDatabase, redactUrl, type Database } from '../db';

const EXAMPLE_MARK = '【示例】';

class UsageError extends Error {}

function usage(): string {
  return [
    '用法：',
    '  npm run calendar -- import 文件.json [--by 录入人] [--allow-example]',
    '  npm run calendar -- show 2027',
    '  npm run calendar -- list',
  ].join('\n');
}

async function importFile(db: Database, args: string[]): Promise<void> {
  const byIndex = args.indexOf('--by');
  const file = args.find((arg, i) => !arg.startsWith('--') && !(byIndex >= 0 && i === byIndex + 1));
  if (!file) throw new UsageError('缺少文件名');
  const by = byIndex >= 0 ? args[byIndex + 1] : `cli:${userInfo().username}`;
  if (!by) throw new UsageError('--by 后须给出录入人');
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new UsageError(`无法读取 ${file}：${error instanceof Error ? error.message : String(error)}`);
  }
  const parsed = calendarYearFileSchema.safeParse(json);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.') || '(文件)'}：${issue.message}`);
    throw new UsageError(`${file} 格式有误，未保存：\n${lines.join('\n')}`);
  }
  const { year, ...content } = parsed.data;
  if (content.notice.title.startsWith(EXAMPLE_MARK) && !args.includes('--allow-example')) {
    throw new UsageError(`${file} 是示例数据（通知标题以「${EXAMPLE_MARK}」开头），未保存。请按正式通知改写；仅作演示时加 --allow-example。`);
  }
  try {
    const entered = await enterCalendarYear(db, year, content, { id: by, role: 'admin' });
    console.log(entered.message);
  } catch (error) {
    if (!(error instanceof CalendarEntryRefused)) throw error;
    const lines = error.refusal.issues.map((issue) => `  ${issue.field}：${issue.message}`);
    throw new UsageError([`${error.refusal.message}（${error.refusal.code}），未保存。`, ...lines].join('\n'));
  }
}

async function show(db: Database, args: string[]): Promise<void> {
  const year = Number(args[0]);
  if (!Number.isInteger(year)) throw new UsageError('show 后须给出年份，如 2027');
  const view = await calendarYearView(db, year);
  if (!view) throw new UsageError(`尚无${year}年的工作日历数据`);
  console.log(`${year}年 来源：${view.source === 'office' ? `办公室录入（${view.sourceDetail}）` : `内置数据（${view.sourceDetail}）`}`);
  if (view.notice) console.log(`依据：${view.notice.title}（${[view.notice.documentNumber, view.notice.publishedOn, view.notice.url].filter(Boolean).join('，')}）`);
  if (view.enteredBy) console.log(`录入：${view.enteredBy.id}（${view.enteredBy.role}），${view.enteredAt}`);
  for (const h of view.holidays) console.log(`  放假 ${h.festival}：${h.from}${h.to === h.from ? '' : ` 至 ${h.to}`}`);
  for (const m of view.makeupWorkdays) console.log(`  补班 ${m.date}（${m.festival}）`);
}

async function list(db: Database): Promise<void> {
  const [years, status] = await Promise.all([coveredYears(db), calendarStatus(db, Date.now())]);
  for (const y of years) console.log(`${y.year}  ${y.source === 'office' ? '办公室录入' : '内置数据'}  ${y.sourceDetail}${y.notice ? `  ${y.notice.title}` : ''}`);
  for (const warning of status.warnings) console.log(`提示：${warning.message}`);
}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  const settings = recordsSettings();
  const db = openDatabase(settings.databaseUrl, { max: 2, applicationName: 'quality-award-calendar' });
  try {
    try {
      await migrate(db);
    } catch (error) {
      const hint = settings.external ? '' : '（未设置 DATABASE_URL：请先运行 npm start，它会启动内置 PostgreSQL）';
      throw new UsageError(`无法连接数据库 ${redactUrl(settings.databaseUrl)}${hint}：${error instanceof Error ? error.message : String(error)}`);
    }
    if (command === 'import') await importFile(db, args);
    else if (command === 'show') await show(db, args);
    else if (command === 'list') await list(db);
    else throw new UsageError(command ? `未知命令 ${command}` : '缺少命令');
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${usage()}`);
    process.exit(2);
  }
  console.error(error);
  process.exit(1);
});
