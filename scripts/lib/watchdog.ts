/**
 * Servers we spawn must not outlive this process, even when it is killed with SIGKILL (no 'exit'
 * event, no handler runs). A small shell process watches for that: this process holds the only
 * write end of its stdin, which the kernel closes however this process ends; at end of file the
 * watchdog signals every server still registered, and escalates after a grace period.
 *
 * A shell rather than Linux's parent-death signal (prctl, `setpriv --pdeathsig`): it works the
 * same on macOS, costs no Node runtime, and covers children spawned as another user (PostgreSQL
 * runs as `postgres` when we are root). The watchdog has its own session, so a Ctrl-C or a
 * hang-up meant for us does not end it first; it ignores SIGINT, SIGHUP and SIGTERM for the same
 * reason.
 */
import { spawn, type ChildProcess } from 'node:child_process';

/** Waits this long for the first signal to work before sending the last one. */
const GRACE_SECONDS = 15;

// Lines on stdin: `watch <pid> <first signal> <last signal>` and `forget <pid>`.
const SCRIPT = `
trap '' INT HUP TERM
watched=''
while read -r verb pid first last; do
  case $verb in
    watch) watched="$watched $pid:$first:$last" ;;
    forget)
      kept=''
      for entry in $watched; do
        case $entry in "$pid":*) ;; *) kept="$kept $entry" ;; esac
      done
      watched=$kept ;;
  esac
done
[ -n "$watched" ] || exit 0
for entry in $watched; do
  rest=\${entry#*:}
  kill -s "\${rest%%:*}" "\${entry%%:*}" 2>/dev/null
done
waited=0
while [ "$waited" -lt ${GRACE_SECONDS} ]; do
  alive=''
  for entry in $watched; do
    kill -0 "\${entry%%:*}" 2>/dev/null && alive="$alive $entry"
  done
  [ -n "$alive" ] || exit 0
  watched=$alive
  sleep 1
  waited=$((waited + 1))
done
for entry in $watched; do
  kill -s "\${entry##*:}" "\${entry%%:*}" 2>/dev/null
done
exit 0
`;

let watchdog: ChildProcess | undefined | null;

function theWatchdog(): ChildProcess | null {
  // One that was killed is replaced: the servers registered with it from now on are covered again.
  if (watchdog !== undefined && (watchdog === null || (watchdog.exitCode === null && watchdog.signalCode === null))) return watchdog;
  if (process.platform === 'win32') return (watchdog = null);
  const child = spawn('/bin/sh', ['-c', SCRIPT], { detached: true, stdio: ['pipe', 'ignore', 'ignore'] });
  child.once('error', () => undefined);
  child.stdin!.on('error', () => undefined);
  // The watchdog waits for this process; it must not keep this process waiting for it.
  child.unref();
  (child.stdin as unknown as { unref?: () => void }).unref?.();
  watchdog = child;
  return child;
}

/** The watchdog's pid, once a server has been registered (for tests). */
export function watchdogPid(): number | undefined {
  return watchdog?.pid;
}

/**
 * Has `child` sent `first` if this process ends without stopping it, and `last` if it is still
 * there `GRACE_SECONDS` later. Forgotten when it exits, so its pid, once reused, is never signalled.
 */
export function watchChild(child: ChildProcess, first: NodeJS.Signals, last: NodeJS.Signals): void {
  const dog = theWatchdog();
  const pid = child.pid;
  if (!dog || pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  dog.stdin!.write(`watch ${pid} ${first.replace(/^SIG/, '')} ${last.replace(/^SIG/, '')}\n`);
  child.once('exit', () => {
    if (dog.stdin!.writable) dog.stdin!.write(`forget ${pid}\n`);
  });
}
