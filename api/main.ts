/** Runs the HTTP API alone, against TEMPORAL_ADDRESS and DATABASE_URL (or the local defaults). */
import { recordsSettings } from '../config/records';
import { temporalSettings } from '../config/temporal';
import { migrate, openDatabase } from '../db';
import { startApi } from './server';

async function main(): Promise<void> {
  const records = openDatabase(recordsSettings().databaseUrl);
  await migrate(records);
  const { url, app } = await startApi(temporalSettings(), Number(process.env.PORT ?? 3000), { records });
  console.log(`[api] listening on ${url}`);
  const stop = async () => {
    await app.close();
    await records.close();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop());
  process.once('SIGTERM', () => void stop());
}

main().catch((error) => {
  console.error('[api]', error instanceof Error ? error.message : error);
  process.exit(1);
});
