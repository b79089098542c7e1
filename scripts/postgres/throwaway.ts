/**
 * A fresh PostgreSQL cluster and SMTP sink under a temporary directory, removed again by `stop()`:
 * what the test run, the history recorder and the benchmark give their activities.
 */
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startSmtpSink } from '../smtp/sink';
import { startEmbeddedPostgres } from './embedded';

export interface ThrowawayServices {
  databaseUrl: string;
  smtpUrl: string;
  /** Where the sink writes every message it receives. */
  mailDir: string;
  stop(): Promise<void>;
}

export async function startThrowawayServices(log: (message: string) => void = () => undefined): Promise<ThrowawayServices> {
  const root = mkdtempSync(join(tmpdir(), 'quality-award-services-'));
  // mkdtemp makes the directory private to its owner; as root, the postgres OS user must enter it.
  chmodSync(root, 0o755);
  const removeRoot = () => rmSync(root, { recursive: true, force: true });
  let postgres;
  try {
    postgres = await startEmbeddedPostgres({ dataDir: join(root, 'postgres'), port: 0, database: 'quality_award', log });
  } catch (error) {
    removeRoot();
    throw new Error(`Could not start the embedded PostgreSQL. ${error instanceof Error ? error.message : String(error)}`);
  }
  const mailDir = join(root, 'mail');
  let sink;
  try {
    sink = await startSmtpSink({ port: 0, mailDir });
  } catch (error) {
    await postgres.stop();
    removeRoot();
    throw error;
  }
  return {
    databaseUrl: postgres.url,
    smtpUrl: sink.url,
    mailDir,
    async stop() {
      await sink.stop();
      await postgres.stop();
      removeRoot();
    },
  };
}
