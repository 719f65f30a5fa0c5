/**
 * The one way statebench signals a process it started. Node's `ChildProcess.kill` on a
 * child whose spawn failed (no pid) signals pid 0, which is the caller's whole process
 * group: a CI step's shell, a user's terminal. So every kill goes through here, and
 * nothing is signalled without a real pid.
 */
import type { ChildProcess } from 'node:child_process';

/** Whether `pid` can name one process: a positive integer (0 and -1 name groups). */
export function isRealPid(pid: number | undefined): pid is number {
  return pid !== undefined && Number.isInteger(pid) && pid > 0;
}

/**
 * Sends `signal` to `pid` if it names one process; false when it does not, or when that
 * process is already gone.
 */
export function signalPid(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (!isRealPid(pid)) return false;
  try {
    process.kill(pid, signal);
    return true;
  } catch {
    return false; // ESRCH: already gone
  }
}

/**
 * Sends `signal` to the process group led by `pid` (a child spawned `detached`, so that
 * its group is its own): the child and whatever it started. A user's server is often a
 * wrapper (`npm start`, `sh -c`, gunicorn's master and its workers); a signal to the
 * wrapper alone would leave the process that holds the port running.
 */
export function signalGroupOf(pid: number | undefined, signal: NodeJS.Signals): boolean {
  if (!isRealPid(pid)) return false;
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    return false; // ESRCH: the group is gone
  }
}

/** Whether `child` started and Node has not yet seen it exit (so its pid is still its own). */
export function isRunning(child: ChildProcess): boolean {
  return isRealPid(child.pid) && child.exitCode === null && child.signalCode === null;
}

/**
 * Sends `signal` to `child` only while it runs: never to a child that did not start, and
 * never to a pid that Node has reaped (and the system may have given to another process).
 */
export function signalChild(child: ChildProcess, signal: NodeJS.Signals): boolean {
  return isRunning(child) && signalPid(child.pid, signal);
}

/**
 * Like `signalChild`, to the child's whole process group (it must have been spawned
 * `detached`). While the leader runs its pid names its group, so no other process's.
 */
export function signalChildGroup(child: ChildProcess, signal: NodeJS.Signals): boolean {
  return isRunning(child) && signalGroupOf(child.pid, signal);
}
