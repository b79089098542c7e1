/**
 * `npm start` runs us as npm → sh -c → tsx → node. A signal sent to npm does not reach us: npm
 * forwards it to the shell only, and dash dies of SIGTERM (and SIGHUP kills npm) without passing
 * it on, which left the whole system running with nobody to stop it. So we note the launchers
 * above us at start and stop, in order, as soon as one of them is gone.
 *
 * Only launchers are watched: a plain shell or a supervisor above them may come and go (nohup,
 * a closed terminal with a signal of its own) without being a reason to stop.
 */
import { basename } from 'node:path';
import { commandLine, isRunning, parentOf } from './processes';

export interface Launcher {
  pid: number;
  /** `tsx`, `sh -c` (npm's script shell) or `npm`. */
  what: string;
}

function classify(argv: string[], env: NodeJS.ProcessEnv): string | undefined {
  const command = argv.join(' ');
  if (argv.some((arg) => /(^|[\\/])tsx([\\/]dist[\\/]cli\.[cm]?js)?$/.test(arg))) return 'tsx';
  if (!env.npm_lifecycle_event) return undefined;
  if (/^(ba|da|z)?sh$/.test(basename(argv[0] ?? '')) && argv[1] === '-c' && command.endsWith(` -c ${env.npm_lifecycle_script ?? ''}`)) return 'sh -c';
  // npm sets its process title to `npm <command>`.
  if (/^(npm|npx)(-cli\.js)?$/.test(basename(argv[0] ?? '')) || argv.some((arg) => /[\\/]npm-cli\.js$/.test(arg))) return 'npm';
  return undefined;
}

/** Our launchers, nearest first, up to npm. */
export function launchers(env: NodeJS.ProcessEnv = process.env): Launcher[] {
  const chain: Launcher[] = [];
  let pid = process.ppid;
  for (let depth = 0; depth < 4 && pid > 1; depth += 1) {
    const argv = commandLine(pid);
    const what = argv && classify(argv, env);
    if (!what) break;
    chain.push({ pid, what });
    if (what === 'npm') break;
    const parent = parentOf(pid);
    if (parent === undefined) break;
    pid = parent;
  }
  return chain;
}

/** Calls `onGone` once when a launcher in `chain` has ended (or we were reparented). */
export function watchLaunchers(chain: readonly Launcher[], onGone: (launcher: Launcher) => void, intervalMs = 500): () => void {
  if (chain.length === 0) return () => undefined;
  const parent = process.ppid;
  const timer = setInterval(() => {
    const gone = process.ppid !== parent ? chain[0]! : chain.find((launcher) => !isRunning(launcher.pid));
    if (!gone) return;
    clearInterval(timer);
    onGone(gone);
  }, intervalMs);
  timer.unref();
  return () => clearInterval(timer);
}
