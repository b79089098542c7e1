/**
 * Looking at other processes, to recognise a server we left behind (and never touch one that is
 * not ours), and to stop one that is not our child. Linux answers from /proc; elsewhere (macOS)
 * from `ps`, whose command line is the arguments joined by spaces.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';

const HAS_PROC = process.platform === 'linux' && existsSync('/proc/self/cmdline');

/** Whether `pid` exists and is not a zombie (a zombie answers kill(0) but holds no ports nor files). */
export function isRunning(pid: number): boolean {
  if (!Number.isInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
  } catch (error) {
    // EPERM: it exists, under another user.
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  if (HAS_PROC) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) !== 'Z';
    } catch {
      return false;
    }
  }
  return true;
}

/**
 * The arguments `pid` was started with, or undefined when it is gone. Without /proc they are the
 * command line split at spaces, so compare with `commandIncludes`, not element by element.
 */
export function commandLine(pid: number): string[] | undefined {
  if (HAS_PROC) {
    try {
      const raw = readFileSync(`/proc/${pid}/cmdline`, 'utf8');
      return raw.length === 0 ? undefined : raw.replace(/\0$/, '').split('\0');
    } catch {
      return undefined;
    }
  }
  try {
    const line = execFileSync('ps', ['-ww', '-o', 'command=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return line === '' ? undefined : line.split(' ');
  } catch {
    return undefined;
  }
}

/** Whether the arguments contain `sequence` in a row (robust to `ps` splitting a path at its spaces). */
export function commandIncludes(argv: readonly string[], sequence: readonly string[]): boolean {
  return ` ${argv.join(' ')} `.includes(` ${sequence.join(' ')} `);
}

export function parentOf(pid: number): number | undefined {
  if (HAS_PROC) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      return Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    } catch {
      return undefined;
    }
  }
  try {
    const out = execFileSync('ps', ['-o', 'ppid=', '-p', String(pid)], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    return out === '' ? undefined : Number(out);
  } catch {
    return undefined;
  }
}

/** Every process whose arguments satisfy `match`, this one excepted. */
export function findProcesses(match: (argv: string[]) => boolean): number[] {
  const found: number[] = [];
  if (HAS_PROC) {
    for (const entry of readdirSync('/proc')) {
      if (!/^\d+$/.test(entry)) continue;
      const pid = Number(entry);
      const argv = pid === process.pid ? undefined : commandLine(pid);
      if (argv && match(argv)) found.push(pid);
    }
    return found;
  }
  let listing = '';
  try {
    listing = execFileSync('ps', ['-axww', '-o', 'pid=', '-o', 'command='], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], maxBuffer: 64 * 1024 * 1024 });
  } catch {
    return found;
  }
  for (const line of listing.split('\n')) {
    const m = /^\s*(\d+)\s+(.*)$/.exec(line);
    if (!m) continue;
    const pid = Number(m[1]);
    if (pid !== process.pid && match(m[2]!.split(' '))) found.push(pid);
  }
  return found;
}

/**
 * Stops a process that is not our child: `first`, then `last` if it is still there after
 * `graceMs`. Resolves true once it is gone, false if even `last` did not end it within 10 s.
 */
export async function stopProcess(pid: number, first: NodeJS.Signals, last: NodeJS.Signals, graceMs: number): Promise<boolean> {
  const send = (signal: NodeJS.Signals) => {
    try {
      process.kill(pid, signal);
    } catch {
      // Gone already.
    }
  };
  const goneWithin = async (ms: number) => {
    const deadline = Date.now() + ms;
    while (isRunning(pid)) {
      if (Date.now() > deadline) return false;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return true;
  };
  send(first);
  if (await goneWithin(graceMs)) return true;
  send(last);
  return goneWithin(10_000);
}
