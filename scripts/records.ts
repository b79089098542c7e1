/**
 * Records maintenance from the command line, against DATABASE_URL (or the embedded database
 * `npm start` runs):
 *
 *   npm run records -- prune --dry-run [--today YYYY-MM-DD] [--limit N]
 *   npm run records -- prune --delete  [--today YYYY-MM-DD] [--limit N]
 *
 * See scripts/records/prune.ts. Exit codes: 0 done, 2 usage (nothing touched), 1 anything else.
 */
import { recordsSettings } from '../config/records';
import { migrate, openDatabase, redactUrl } from '../db';
import { parsePruneArgs, PRUNE_USAGE, runPrune, UsageError } from './records/prune';

class CannotConnect extends Error {}

async function main(): Promise<void> {
  const [command, ...args] = process.argv.slice(2);
  if (command === undefined) throw new UsageError('缺少命令 / missing command');
  if ([command, ...args].some((arg) => arg === '--help' || arg === '-h')) {
    console.log(PRUNE_USAGE);
    return;
  }
  if (command !== 'prune') throw new UsageError(`未知命令 / unknown command: ${command}`);
  // Refused before anything is opened: a bare `prune` touches nothing.
  const pruneArgs = parsePruneArgs(args);

  const settings = recordsSettings();
  const db = openDatabase(settings.databaseUrl, { max: 2, applicationName: 'quality-award-records' });
  try {
    try {
      await db.query('SELECT 1');
    } catch (error) {
      const hint = settings.external
        ? '请检查 DATABASE_URL / check DATABASE_URL'
        : '未设置 DATABASE_URL：请先运行 npm start（它启动内置 PostgreSQL），或设置 DATABASE_URL / DATABASE_URL is unset: start the system (npm start), which runs the embedded PostgreSQL, or set DATABASE_URL';
      throw new CannotConnect(`无法连接数据库 / cannot connect to the records database ${redactUrl(settings.databaseUrl)}: ${error instanceof Error ? error.message : String(error)}\n${hint}`);
    }
    await migrate(db);
    console.log(`# ${redactUrl(settings.databaseUrl)}, ${pruneArgs.mode}, today ${pruneArgs.today}`);
    await runPrune({ db, ...pruneArgs, out: (line) => console.log(line) });
  } finally {
    await db.close();
  }
}

main().catch((error) => {
  if (error instanceof UsageError) {
    console.error(`${error.message}\n\n${PRUNE_USAGE}`);
    process.exit(2);
  }
  console.error(error instanceof CannotConnect ? error.message : error);
  process.exit(1);
});
