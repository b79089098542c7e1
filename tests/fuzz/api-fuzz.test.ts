/**
 * Property-based fuzzing of the whole HTTP API from its own OpenAPI document (`/docs-json`) with
 * schemathesis (pinned, installed from PyPI by the project's setup: scripts/fuzz/schemathesis.ts),
 * once per role, against the whole system (dev server, worker, PostgreSQL, API).
 *
 * Every phase runs (coverage of each schema's boundaries and of malformed input, random fuzzing,
 * stateful sequences along the links it infers); no response may be a server error (5xx), and every
 * response with a documented status must match its schema.
 *
 * Bounded and reproducible: a fixed seed, a fixed number of examples per operation and phase, one
 * worker, no example database; each role's run is stopped at a time budget far above what it takes.
 * No operation is excluded: every route answers at once (reads come from the memo or PostgreSQL,
 * writes are single Temporal updates or starts that the worker takes as they come), so none can make
 * the run unbounded.
 *
 * A failure prints schemathesis's report, with a curl that reproduces each finding (against the
 * run's server; mint a token with `npm run token` to replay it against `npm start`), and the command.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Role } from '../../api/auth/roles';
import { ensureSchemathesis, failureReport, runSchemathesis, schemathesisArgs, type SchemathesisExecutable } from '../../scripts/fuzz/schemathesis';
import { servicesWithOwnDatabase } from '../support/services';
import { startSystem, type RunningSystem } from '../support/system';

// FUZZ_SEED, FUZZ_MAX_EXAMPLES and FUZZ_CHECKS (comma-separated, or `all`) override these to explore
// by hand; `npm test` runs with the fixed values.
const SEED = Number(process.env.FUZZ_SEED ?? 20_260_101);
/** Per operation and phase; the coverage phase adds its own boundary cases (about 2,300 a role). */
const MAX_EXAMPLES = Number(process.env.FUZZ_MAX_EXAMPLES ?? 15);
/** About 30 s a role on a 2-core machine; the budget only stops a run that hangs (more examples, more time). */
const BUDGET_SECONDS = Math.round(75 * Math.max(1, MAX_EXAMPLES / 15));
/**
 * No 5xx, and every response with a documented status matches its schema. Checks of the document's
 * completeness are left to FUZZ_CHECKS: `status_code_conformance` (a status the document does not
 * list) and `positive_data_acceptance` (a schema-valid request refused: the API refuses more than the
 * schemas say, e.g. control characters, malformed dates, years before 2000).
 */
const CHECKS = process.env.FUZZ_CHECKS?.split(',') ?? ['not_a_server_error', 'response_schema_conformance'];

const ROLES: Array<{ role: Role; org?: string }> = [{ role: 'office' }, { role: 'applicant', org: 'org-fuzz' }, { role: 'reviewer' }];

let st: SchemathesisExecutable;
let system: RunningSystem | undefined;
let workDir: string | undefined;

beforeAll(async () => {
  // Installs it on first use when `npm install` could not; fails (never skips) saying what is missing.
  st = ensureSchemathesis((message) => console.log(`[fuzz] ${message}`));
  // A database of its own: what the fuzzer creates (cycles, applications, notices, calendar years)
  // stays out of the other files' tables and deadlines.
  // Its own database: what the fuzzer creates must not show in other files' tables.
  system = await startSystem({ services: await servicesWithOwnDatabase('api_fuzz') });
  // schemathesis keeps its caches in its working directory.
  workDir = mkdtempSync(join(tmpdir(), 'quality-award-fuzz-'));
});

afterAll(async () => {
  await system?.stop();
  if (workDir) rmSync(workDir, { recursive: true, force: true });
});

const shellQuote = (arg: string) => (/^[\w@%+=:,./-]+$/.test(arg) ? arg : `'${arg.replace(/'/g, `'\\''`)}'`);

describe('fuzzing /docs-json with schemathesis', () => {
  for (const { role, org } of ROLES) {
    const name = org ? `${role} of ${org}` : role;
    it(`${name}: no server error, every documented response matches its schema`, async () => {
      const args = schemathesisArgs({
        schemaUrl: `${system!.api.url}/docs-json`,
        headers: { Authorization: `Bearer ${system!.token(role, org)}` },
        checks: CHECKS,
        maxExamples: MAX_EXAMPLES,
        seed: SEED,
        requestTimeoutSeconds: 20,
      });
      const result = await runSchemathesis(st.path, args, { cwd: workDir!, budgetSeconds: BUDGET_SECONDS });
      const cases = /(\d+) generated/.exec(result.output)?.[1];
      console.log(`[fuzz] ${name}: ${cases ?? '?'} cases in ${result.seconds.toFixed(1)} s, exit code ${result.exitCode}`);
      const context = () => `\n\n${failureReport(result.output)}\n\nCommand:\n${[st.path, ...args].map(shellQuote).join(' ')}`;
      expect(result.timedOut, `schemathesis did not finish within ${BUDGET_SECONDS} s${context()}`).toBe(false);
      expect(result.exitCode, `schemathesis reported failures for ${name}${context()}`).toBe(0);
      expect(Number(cases), `schemathesis generated no case${context()}`).toBeGreaterThan(0);
    }, (BUDGET_SECONDS + 15) * 1000);
  }
});
