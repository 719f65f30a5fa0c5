/**
 * Guards the children that do not watch statebench themselves with the one watchdog of
 * watchdog.ts, so that they die with statebench even after a `kill -9`. One watchdog
 * for the whole statebench process, not one per child: starting a Node process costs
 * tens of milliseconds of CPU, and a fleet starts several children at once.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors.js';
import { trackChild, untrackChild } from './children.js';
import { isRunning } from './signal.js';

/** A guarded child; `disarm()` releases it without touching it (call it as the child is reaped). */
export interface Guard {
  disarm(): void;
}

/** The compiled watchdog: next to this file in dist/, or in dist/ when running from the sources (tests). */
function watchdogPath(): string {
  for (const candidate of [new URL('./watchdog.js', import.meta.url), new URL('../../dist/src/fleet/watchdog.js', import.meta.url)]) {
    const path = fileURLToPath(candidate);
    if (existsSync(path)) return path;
  }
  throw new EnvironmentError(`The watchdog ${fileURLToPath(new URL('./watchdog.js', import.meta.url))} is missing; build first (npm run build).`);
}

/** Lines for the pids guarded now, so that a watchdog started again (the last one was killed) guards them too. */
const guarded = new Map<number, string>();
let watchdog: ChildProcess | undefined;

/** The running watchdog, started on first use (or again, if it died). */
function currentWatchdog(): ChildProcess {
  if (watchdog && isRunning(watchdog) && watchdog.stdin?.writable) return watchdog;
  const started = spawn(process.execPath, [watchdogPath()], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { STATEBENCH_PARENT_PID: String(process.pid) },
  });
  started.on('error', () => {}); // a watchdog that cannot start leaves the exit hooks as the only guard
  started.stdin?.on('error', () => {});
  // Neither the watchdog nor its pipe may keep statebench's event loop alive.
  started.unref();
  (started.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  trackChild(started.pid, 'watchdog');
  started.once('exit', () => untrackChild(started.pid));
  watchdog = started;
  for (const line of guarded.values()) tell(started, line);
  return started;
}

function tell(to: ChildProcess, line: string): void {
  if (to.stdin?.writable) to.stdin.write(`${line}\n`);
}

/**
 * Guards the running child `pid` until disarmed; with `group`, the process group it leads
 * (it was spawned `detached`), so whatever it started goes with it.
 */
export function guardChild(pid: number, group = false): Guard {
  const dog = currentWatchdog();
  const line = `${group ? 'g' : '+'}${pid}`;
  guarded.set(pid, line);
  tell(dog, line);
  return {
    disarm: () => {
      if (!guarded.delete(pid)) return;
      if (watchdog) tell(watchdog, `-${pid}`);
    },
  };
}
