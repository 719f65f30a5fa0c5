/**
 * The one watchdog of a statebench process, for every child that cannot watch statebench
 * itself (redis-server, HAProxy, nginx and a user's own servers do not poll
 * STATEBENCH_PARENT_PID as the reference targets and the balancer do). statebench starts
 * it once, its stdin a pipe that statebench holds open, and writes a line per change:
 * `+<pid>` when it starts guarding a child, `g<pid>` for a child that leads its own process
 * group (killed whole: a server started through `npm start` or with workers of its own),
 * `-<pid>` once that child is reaped. The kernel
 * closes the pipe when statebench ends, however it ends (`kill -9` included): the
 * watchdog then SIGKILLs every pid still guarded and leaves.
 *
 * Lines arrive in order and all of them before the end of the pipe, so a `-<pid>` written
 * before statebench died is always honoured. And a pid is only signalled while it still
 * names the process that was guarded (its start time in /proc, where there is one), so a
 * pid the system gave to another process is never touched.
 *
 * Run as `node watchdog.js`; see `guardChild` in guard.ts.
 */
import { readFileSync } from 'node:fs';
import { isRealPid, signalGroupOf, signalPid } from './signal.js';

/** Guarded pid → its start time (undefined where /proc cannot tell), and whether its group goes with it. */
const guarded = new Map<number, { readonly started: string | undefined; readonly group: boolean }>();

/** Field 22 of /proc/<pid>/stat: when the process started, in clock ticks since boot. */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at the last ')'.
    return stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
  } catch {
    return undefined;
  }
}

function apply(line: string): void {
  const pid = Number(line.slice(1));
  if (!isRealPid(pid)) return;
  if (line.startsWith('+') || line.startsWith('g')) guarded.set(pid, { started: startTime(pid), group: line.startsWith('g') });
  else if (line.startsWith('-')) guarded.delete(pid);
}

let pending = '';
let fired = false;
const fire = (): void => {
  if (fired) return;
  fired = true;
  apply(pending);
  for (const [pid, { started, group }] of guarded) {
    if (started === undefined || startTime(pid) === started) (group ? signalGroupOf : signalPid)(pid, 'SIGKILL');
  }
  process.exit(0);
};
process.stdin.setEncoding('utf8');
process.stdin.on('data', (chunk: string) => {
  const lines = (pending + chunk).split('\n');
  pending = lines.pop() ?? '';
  lines.forEach(apply);
});
process.stdin.on('end', fire);
process.stdin.on('close', fire);
process.stdin.on('error', fire);
