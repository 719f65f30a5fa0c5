/**
 * A watchdog for a child that cannot watch statebench itself (redis-server does not poll
 * STATEBENCH_PARENT_PID as the targets and the balancer do). statebench starts it with
 * the child's pid as its argument and its stdin a pipe that statebench holds open. The
 * kernel closes that pipe when statebench ends, however it ends (`kill -9` included): the
 * watchdog then SIGKILLs the child and leaves. When statebench stops the child itself, it
 * SIGKILLs the watchdog first, so the watchdog never signals a pid that was reaped.
 *
 * Run as `node watchdog.js <pid>`; see `guardChild` in guard.ts.
 */
import { isRealPid, signalPid } from './signal.js';

const pid = Number(process.argv[2]);
if (!isRealPid(pid)) {
  process.stderr.write(`statebench watchdog: expected a pid, got \`${process.argv[2] ?? ''}\`.\n`);
  process.exit(2);
}

let fired = false;
const fire = (): void => {
  if (fired) return;
  fired = true;
  signalPid(pid, 'SIGKILL');
  process.exit(0);
};
process.stdin.on('end', fire);
process.stdin.on('close', fire);
process.stdin.on('error', fire);
process.stdin.resume();
