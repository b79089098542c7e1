/**
 * The records database and the mail server for the tests: ONE embedded PostgreSQL and ONE SMTP
 * sink per test run, started by vitest's globalSetup (the default export) and handed to the test
 * files through `provide`/`inject`. If PostgreSQL cannot start, every test fails with the reason.
 *
 * The sink runs in vitest's main process, so the test files read what it received from the .eml
 * files it writes (`receivedMail`).
 */
import { inject } from 'vitest';
import type { TestProject } from 'vitest/node';
import { connectActivityDeps, type ConnectedDeps } from '../../activities';
import { openDatabase } from '../../db';
import { DEFAULT_FROM, type MailSettings } from '../../config/mail';
import type { RecordsSettings } from '../../config/records';
import { startThrowawayServices } from '../../scripts/postgres/throwaway';
import { readMailDir, type ReceivedMail } from '../../scripts/smtp/sink';

export interface TestServices {
  databaseUrl: string;
  smtpUrl: string;
  /** Where the sink writes every message it receives. */
  mailDir: string;
}

declare module 'vitest' {
  export interface ProvidedContext {
    services: TestServices;
  }
}

/** Role addresses the tests' mailer resolves, as MAIL_<ROLE> would in production. */
export const TEST_ROLES: Record<string, string> = {
  office: 'office@example.gov.cn',
  committee: 'committee@example.gov.cn',
};

/** vitest globalSetup: the servers live as long as the test run. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  let services;
  try {
    services = await startThrowawayServices((message) => console.log(`[test-setup] ${message}`));
  } catch (error) {
    throw new Error(`The tests need a real PostgreSQL. ${error instanceof Error ? error.message : String(error)}`);
  }
  project.provide('services', { databaseUrl: services.databaseUrl, smtpUrl: services.smtpUrl, mailDir: services.mailDir });
  return () => services.stop();
}

/** In a test file: the run's servers. */
export function testServices(): TestServices {
  return inject('services');
}

export function testRecordsSettings(services: TestServices = testServices()): RecordsSettings {
  return { databaseUrl: services.databaseUrl, external: true, embeddedPort: 0 };
}

export function testMailSettings(services: TestServices = testServices(), overrides: Partial<MailSettings> = {}): MailSettings {
  return { smtpUrl: services.smtpUrl, external: true, from: DEFAULT_FROM, roles: TEST_ROLES, ...overrides };
}

/** The activities' dependencies on the run's servers (migrated); close them in afterAll. */
export function testActivityDeps(services: TestServices = testServices()): Promise<ConnectedDeps> {
  return connectActivityDeps(testRecordsSettings(services), testMailSettings(services), { allowExitOnIdle: true });
}

/** What the sink has received so far, optionally only the copies of one idempotency key. */
export async function receivedMail(idempotencyKey?: string, services: TestServices = testServices()): Promise<ReceivedMail[]> {
  const all = await readMailDir(services.mailDir);
  return idempotencyKey === undefined ? all : all.filter((mail) => mail.headers['x-idempotency-key'] === idempotencyKey);
}

/**
 * The run's servers with a fresh database of the file's own. For a file whose rows are global
 * rather than keyed by a test's own cycle year (the office's calendar years), so that what it
 * enters cannot change another file's deadlines.
 */
export async function servicesWithOwnDatabase(name: string, services: TestServices = testServices()): Promise<TestServices> {
  if (!/^[a-z][a-z0-9_]{0,40}$/.test(name)) throw new Error(`not a database name: ${name}`);
  const admin = openDatabase(services.databaseUrl, { max: 1, allowExitOnIdle: true });
  try {
    await admin.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await admin.query(`CREATE DATABASE ${name}`);
  } finally {
    await admin.close();
  }
  const url = new URL(services.databaseUrl);
  url.pathname = `/${name}`;
  return { ...services, databaseUrl: url.toString() };
}
