/**
 * Installs the API fuzzer (schemathesis, from PyPI) for tests/fuzz. Called by scripts/setup-temporal.ts,
 * so `npm install` / `npm ci` run it; also runs alone (`npx tsx scripts/fuzz/setup.ts`). A no-op once done.
 */
import { ensureSchemathesis } from './schemathesis';

/** Returns false when the fuzzer is missing and that must fail the setup (under CI). */
export function setupFuzzer(): boolean {
  const log = (message: string) => console.log(`[setup-fuzz] ${message}`);
  try {
    const st = ensureSchemathesis(log);
    log(`schemathesis: ${st.path} (${st.source})`);
    return true;
  } catch (error) {
    console.error(`[setup-fuzz] ${error instanceof Error ? error.message : String(error)}`);
    // Under CI a missing fuzzer must fail here, not later in a test. Elsewhere (offline laptops)
    // the install goes on; tests/fuzz tries again and fails with the same message.
    if (process.env.CI || process.env.TEMPORAL_REQUIRE_BINARIES) return false;
    console.error('[setup-fuzz] continuing without it: tests/fuzz will fail until it is installed');
    return true;
  }
}

if (require.main === module && !setupFuzzer()) process.exit(1);
