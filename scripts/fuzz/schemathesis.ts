/**
 * Schemathesis, the property-based API fuzzer the tests run against `/docs-json`, installed from
 * PyPI the way scripts/temporal/binaries.ts installs Temporal's servers: a pinned version (its
 * dependencies pinned too, by constraints.txt) in a virtual environment of its own under the
 * per-user cache, once per machine. Resolution order:
 *
 *   1. SCHEMATHESIS_PATH: an `st` executable already installed (used as is);
 *   2. the pinned version in `<cache>/venv-schemathesis-<version>` (installed on demand, then used
 *      without touching the network again).
 *
 * When neither works, `ensureSchemathesis` throws saying what is missing and how to provide it.
 */
import { execFileSync, spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export const SCHEMATHESIS = { name: 'schemathesis', version: '4.32.5' } as const;
/** What schemathesis 4.32.5 declares as `Requires-Python`. */
const MIN_PYTHON: readonly [number, number] = [3, 11];
const CONSTRAINTS = join(__dirname, 'constraints.txt');
/** Written last by a complete install: a venv without it is (re)installed. */
const MARKER = '.quality-award-installed';

export interface SchemathesisExecutable {
  /** The `st` command line tool. */
  path: string;
  source: string;
}

type Log = (message: string) => void;
const quiet: Log = () => undefined;

/** `$QUALITY_AWARD_CACHE_DIR` when set (where the Temporal binaries go too), else `~/.cache/quality-award`. */
export function fuzzCacheRoot(): string {
  if (process.env.QUALITY_AWARD_CACHE_DIR) return process.env.QUALITY_AWARD_CACHE_DIR;
  return join(process.env.XDG_CACHE_HOME || join(homedir(), '.cache'), 'quality-award');
}

export function schemathesisVenv(): string {
  return join(fuzzCacheRoot(), `venv-${SCHEMATHESIS.name}-${SCHEMATHESIS.version}`);
}

function venvSt(): string {
  return join(schemathesisVenv(), 'bin', 'st');
}

/** Finds schemathesis without installing anything (and without the network). */
export function findSchemathesis(): SchemathesisExecutable | undefined {
  const fromEnv = process.env.SCHEMATHESIS_PATH;
  if (fromEnv) {
    if (!existsSync(fromEnv)) throw new Error(`SCHEMATHESIS_PATH=${fromEnv} does not exist. Point it at an \`st\` executable or unset it.`);
    return { path: fromEnv, source: 'SCHEMATHESIS_PATH' };
  }
  const marker = join(schemathesisVenv(), MARKER);
  if (existsSync(venvSt()) && existsSync(marker) && readFileSync(marker, 'utf8').startsWith(`${SCHEMATHESIS.name}==${SCHEMATHESIS.version}`)) {
    return { path: venvSt(), source: `pip in ${schemathesisVenv()}` };
  }
  return undefined;
}

/** Finds or installs schemathesis; throws with what is missing and how to provide it. */
export function ensureSchemathesis(log: Log = quiet): SchemathesisExecutable {
  const found = findSchemathesis();
  if (found) return found;
  const problem = install(log);
  if (!problem) return { path: venvSt(), source: `pip in ${schemathesisVenv()}` };
  throw new Error(
    [
      `Cannot provide ${SCHEMATHESIS.name}==${SCHEMATHESIS.version} (the API fuzzer of tests/fuzz): ${problem}`,
      'Provide it in one of these ways:',
      `  - install Python ≥ ${MIN_PYTHON.join('.')} with venv and pip, reach PyPI (or a mirror set in pip.conf / PIP_INDEX_URL), then run \`npm run setup:temporal\`, which installs it into ${schemathesisVenv()};`,
      `  - or set SCHEMATHESIS_PATH to an existing \`st\` executable (schemathesis ${SCHEMATHESIS.version}).`,
    ].join('\n'),
  );
}

function pythonVersion(command: string): [number, number] | undefined {
  const result = spawnSync(command, ['-c', 'import sys; print(sys.version_info[0], sys.version_info[1])'], { encoding: 'utf8' });
  if (result.status !== 0) return undefined;
  const [major, minor] = result.stdout.trim().split(' ').map(Number);
  return major !== undefined && minor !== undefined ? [major, minor] : undefined;
}

/** The first Python on PATH recent enough for the pinned schemathesis, or why there is none. */
function findPython(): { command: string } | { problem: string } {
  const seen: string[] = [];
  for (const command of ['python3', 'python3.13', 'python3.12', 'python3.11', 'python']) {
    const version = pythonVersion(command);
    if (!version) continue;
    if (version[0] > MIN_PYTHON[0] || (version[0] === MIN_PYTHON[0] && version[1] >= MIN_PYTHON[1])) return { command };
    seen.push(`${command} is ${version.join('.')}`);
  }
  return {
    problem: seen.length
      ? `it needs Python ≥ ${MIN_PYTHON.join('.')}, but ${seen.join(', ')}`
      : `no Python on PATH (looked for python3, python3.13, python3.12, python3.11, python)`,
  };
}

/** Installs into the venv; returns undefined on success, else what went wrong. */
function install(log: Log): string | undefined {
  const python = findPython();
  if ('problem' in python) return python.problem;
  const dir = schemathesisVenv();
  const pip = join(dir, 'bin', 'pip');
  if (!existsSync(pip)) {
    log(`creating a Python virtual environment in ${dir}`);
    try {
      mkdirSync(fuzzCacheRoot(), { recursive: true });
      execFileSync(python.command, ['-m', 'venv', dir], { stdio: 'pipe' });
    } catch (error) {
      return `\`${python.command} -m venv ${dir}\` failed (on Debian and Ubuntu, install the python3-venv package): ${errorText(error)}`;
    }
  }
  const requirement = `${SCHEMATHESIS.name}==${SCHEMATHESIS.version}`;
  const pipInstall = (extra: string[]) =>
    execFileSync(pip, ['install', '--disable-pip-version-check', '--no-input', '--quiet', ...extra, requirement], {
      stdio: ['ignore', 'pipe', 'pipe'],
      timeout: 10 * 60_000,
    });
  let pinned = 'constraints.txt';
  try {
    log(`pip install ${requirement} with its dependencies pinned by scripts/fuzz/constraints.txt (about 30 MB, once per machine)`);
    pipInstall(['--constraint', CONSTRAINTS]);
  } catch (constrained) {
    // A pinned dependency may have no wheel for this Python or platform: the pinned schemathesis
    // with whatever dependencies pip picks still runs the same checks. Any other failure (PyPI
    // unreachable, schemathesis itself missing) would only fail again, more slowly.
    if (!dependencyProblem(constrained)) return `\`pip install ${requirement}\` into ${dir} failed (is PyPI reachable?): ${errorText(constrained)}`;
    log(`with the pinned dependencies it failed (${errorText(constrained)}); trying ${requirement} with the dependencies pip chooses`);
    try {
      pipInstall([]);
      pinned = 'unconstrained';
    } catch (error) {
      return `\`pip install ${requirement}\` into ${dir} failed (is PyPI reachable?): ${errorText(error)}`;
    }
  }
  const version = spawnSync(venvSt(), ['--version'], { encoding: 'utf8' });
  if (version.status !== 0 || !version.stdout.includes(SCHEMATHESIS.version)) {
    return `${venvSt()} --version did not report ${SCHEMATHESIS.version}: ${(version.stdout + version.stderr).trim() || version.error?.message}`;
  }
  writeFileSync(join(dir, MARKER), `${requirement}\n${pinned}\n`);
  return undefined;
}

/** Whether pip failed on one of the pinned dependencies rather than on schemathesis or the network. */
function dependencyProblem(error: unknown): boolean {
  const stderr = error && typeof error === 'object' && 'stderr' in error ? String((error as { stderr: unknown }).stderr ?? '') : '';
  const missing = /No matching distribution found for ([A-Za-z0-9_.-]+)/.exec(stderr)?.[1];
  if (missing) return missing.toLowerCase() !== SCHEMATHESIS.name;
  return /ResolutionImpossible|conflicting dependencies|Failed building wheel|failed-wheel-build/i.test(stderr);
}

function errorText(error: unknown): string {
  if (error && typeof error === 'object' && 'stderr' in error) {
    const stderr = String((error as { stderr: unknown }).stderr ?? '').trim();
    if (stderr) return stderr.split('\n').slice(-3).join(' | ');
  }
  return error instanceof Error ? error.message : String(error);
}

export interface FuzzRunOptions {
  /** The OpenAPI document, e.g. `http://127.0.0.1:3000/docs-json`. */
  schemaUrl: string;
  /** Headers sent with every request (`Authorization: Bearer …`). */
  headers: Record<string, string>;
  checks: readonly string[];
  /** Upper bound of generated cases per operation and phase. */
  maxExamples: number;
  seed: number;
  /** Per request; a request that takes longer is reported as a failure. */
  requestTimeoutSeconds: number;
  /** Regular expression of paths not to fuzz. */
  excludePathRegex?: string;
}

/** The `st run` arguments for a bounded, reproducible run. */
export function schemathesisArgs(options: FuzzRunOptions): string[] {
  return [
    'run',
    options.schemaUrl,
    '--checks',
    options.checks.join(','),
    '--max-examples',
    String(options.maxExamples),
    '--seed',
    String(options.seed),
    // One worker: the same seed then sends the same requests in the same order.
    '--workers',
    '1',
    '--request-timeout',
    String(options.requestTimeoutSeconds),
    // No example database: a run replays nothing an earlier run stored, so it depends on the seed alone.
    '--generation-database',
    'none',
    // Hypothesis's `too_slow` health check depends on the machine's speed, not on the API.
    '--suppress-health-check',
    'too_slow',
    // The reproducing curl keeps its Authorization and Idempotency-Key headers (the token is signed
    // with a throwaway secret of the test run).
    '--output-sanitize',
    'false',
    '--no-color',
    ...(options.excludePathRegex ? ['--exclude-path-regex', options.excludePathRegex] : []),
    ...Object.entries(options.headers).flatMap(([name, value]) => ['--header', `${name}: ${value}`]),
  ];
}

export interface FuzzRunResult {
  /** `st`'s exit code: 0 when every check passed; null when it was stopped at the time budget. */
  exitCode: number | null;
  timedOut: boolean;
  /** stdout and stderr, interleaved. */
  output: string;
  seconds: number;
}

/**
 * Runs `st` asynchronously (the API under test may live in this very process) in `cwd`, where it
 * keeps its caches; stops it after `budgetSeconds`.
 */
export function runSchemathesis(st: string, args: string[], options: { cwd: string; budgetSeconds: number }): Promise<FuzzRunResult> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const child = spawn(st, args, {
      cwd: options.cwd,
      detached: true,
      stdio: ['ignore', 'pipe', 'pipe'],
      // UTF-8 whatever the locale (the API answers in Chinese); a fixed width keeps the report stable.
      env: { ...process.env, PYTHONUTF8: '1', PYTHONIOENCODING: 'utf-8', NO_COLOR: '1', COLUMNS: '120' },
    });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        process.kill(-child.pid!, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, options.budgetSeconds * 1000);
    child.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ exitCode: timedOut ? null : code, timedOut, output, seconds: (Date.now() - started) / 1000 });
    });
  });
}

/**
 * The part of `st`'s output worth putting in an assertion: its failures and errors, each with the
 * curl that reproduces it, and the summary (not its warnings about coverage).
 */
export function failureReport(output: string): string {
  const lines = output.split('\n');
  const header = (names: string) => lines.findIndex((line) => new RegExp(`^=+ (${names}) =+$`).test(line.trim()));
  const start = header('FAILURES|ERRORS');
  if (start < 0) return lines.slice(-60).join('\n').trim();
  const warnings = header('WARNINGS');
  const summary = header('SUMMARY');
  const kept = warnings > start && summary > warnings ? [...lines.slice(start, warnings), ...lines.slice(summary)] : lines.slice(start);
  return kept.join('\n').trim();
}
