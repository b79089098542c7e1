/**
 * `npm run records -- prune`: removes archived records (and their audit trails) whose keep-until
 * day has passed. Listing is the default an operator must ask for (`--dry-run`); removing needs
 * `--delete`, never just `prune`. The work is here, the command line in scripts/records.ts.
 */
import { parseArgs } from 'node:util';
import { prunableRecords, pruneArchive, type Prunable, type Queryable } from '../../db';
import { chinaDateOf, formatChinaInstant, isIsoDate, type IsoDate } from '../../workflows/policy/dates';

export type PruneMode = 'dry-run' | 'delete';

export const DEFAULT_PRUNE_LIMIT = 10_000;
const MAX_PRUNE_LIMIT = 1_000_000;

export class UsageError extends Error {}

export const PRUNE_USAGE = [
  '用法 / Usage:',
  '  npm run records -- prune --dry-run [--today YYYY-MM-DD] [--limit N]',
  '      列出已过保存期限、可以删除的归档记录及其审计条目，不做任何改动',
  '      lists the archived records past their keep-until day (and their audit entries); changes nothing',
  '  npm run records -- prune --delete [--today YYYY-MM-DD] [--limit N]',
  '      删除上述记录及其审计条目 / removes exactly those records with their audit entries',
  '',
  '  --today  按哪一天判断（北京时间，默认今天）；保存期限当天及以前的记录都保留',
  '           the day to judge by (China time, default today); a record is kept through its keep-until day',
  '  --limit  一次最多处理多少条记录（默认 10000）/ at most this many records per run (default 10000)',
  '',
  '删除须明确写 --delete / Removing needs the explicit flag --delete.',
].join('\n');

export interface PruneArgs {
  mode: PruneMode;
  today: IsoDate;
  limit: number;
}

/** The arguments after `prune`; throws UsageError for anything but exactly one of --dry-run / --delete. */
export function parsePruneArgs(args: readonly string[], now: number = Date.now()): PruneArgs {
  let values: { 'dry-run'?: boolean; delete?: boolean; today?: string; limit?: string };
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args: [...args],
      options: { 'dry-run': { type: 'boolean' }, delete: { type: 'boolean' }, today: { type: 'string' }, limit: { type: 'string' } },
      strict: true,
      allowPositionals: true,
    }));
  } catch (error) {
    throw new UsageError(error instanceof Error ? error.message : String(error));
  }
  if (positionals.length > 0) throw new UsageError(`多余的参数 / unexpected argument: ${positionals.join(' ')}`);
  if (values['dry-run'] && values.delete) throw new UsageError('--dry-run 与 --delete 只能选一个 / give --dry-run or --delete, not both');
  if (!values['dry-run'] && !values.delete) {
    throw new UsageError('prune 须写明 --dry-run（只列出）或 --delete（删除） / prune needs --dry-run (list only) or --delete (remove)');
  }
  const today = values.today ?? chinaDateOf(now);
  if (!isIsoDate(today)) throw new UsageError(`--today 须为有效日期 YYYY-MM-DD，不是 ${JSON.stringify(today)} / --today must be a valid YYYY-MM-DD day`);
  let limit = DEFAULT_PRUNE_LIMIT;
  if (values.limit !== undefined) {
    limit = Number(values.limit);
    if (!/^\d+$/.test(values.limit) || !Number.isSafeInteger(limit) || limit < 1 || limit > MAX_PRUNE_LIMIT) {
      throw new UsageError(`--limit 须为 1 到 ${MAX_PRUNE_LIMIT} 的整数，不是 ${JSON.stringify(values.limit)} / --limit must be a whole number from 1 to ${MAX_PRUNE_LIMIT}`);
    }
  }
  return { mode: values.delete ? 'delete' : 'dry-run', today, limit };
}

export interface PruneOptions extends PruneArgs {
  db: Queryable;
  /** Where each printed line goes. */
  out: (line: string) => void;
}

export interface PruneResult {
  /** What was past its keep-until day when listed (at most `limit`). */
  listed: Prunable[];
  /** What `--delete` removed; undefined for a dry run. */
  removed?: { records: number; auditEntries: number };
  /** True when `limit` records were listed: more may be prunable. */
  more: boolean;
}

export async function runPrune({ db, today, mode, limit, out }: PruneOptions): Promise<PruneResult> {
  const listed = await prunableRecords(db, today, limit);
  const more = listed.length >= limit;
  const auditEntries = listed.reduce((sum, record) => sum + record.auditEntries, 0);
  out(`保存期限早于 ${today} 的归档记录 / archived records whose keep-until day is before ${today}:`);
  if (listed.length === 0) out('  （无 / none）');
  else for (const line of table(listed)) out(`  ${line}`);
  out(`共 ${listed.length} 条记录、${auditEntries} 条审计条目 / total: ${listed.length} records, ${auditEntries} audit entries`);
  if (more) out(`已达 --limit ${limit}，可能还有更多；处理完这些后再运行一次 / reached --limit ${limit}: there may be more; run again afterwards`);

  if (mode === 'dry-run') {
    out('未删除任何内容（--dry-run） / nothing was removed (--dry-run)');
    return { listed, more };
  }
  // The statement checks the day again: a record whose keep-until moved later since the listing stays.
  const removed = await pruneArchive(db, today, listed.map((record) => record.workflowId));
  out(`已删除 ${removed.records} 条记录、${removed.auditEntries} 条审计条目 / removed ${removed.records} records, ${removed.auditEntries} audit entries`);
  if (removed.records < listed.length) out(`${listed.length - removed.records} 条记录在列出后已不可删除，已保留 / ${listed.length - removed.records} records were no longer prunable and were kept`);
  return { listed, removed, more };
}

function table(records: readonly Prunable[]): string[] {
  const rows = [
    ['workflow id', 'machine', 'closed at (UTC+8)', 'keep until', 'audit entries'],
    ...records.map((r) => [r.workflowId, r.machine, formatChinaInstant(Date.parse(r.closedAt)), r.keepUntil, String(r.auditEntries)]),
  ];
  const widths = rows[0]!.map((_, column) => Math.max(...rows.map((row) => row[column]!.length)));
  return rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column]!))).join('  '));
}
