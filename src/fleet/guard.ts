/**
 * Starts the watchdog of watchdog.ts for a child that does not watch statebench itself,
 * so that it dies with statebench even after a `kill -9`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { EnvironmentError } from '../errors.js';
import { trackChild, untrackChild } from './children.js';
import { signalChild } from './signal.js';

/** A started watchdog; `disarm()` stops it without touching the child (call it first when stopping the child). */
export interface Guard {
  readonly pid: number | undefined;
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

/** Guards the running child `pid` (labelled for the list of children) until disarmed. */
export function guardChild(pid: number, label: string): Guard {
  const watchdog: ChildProcess = spawn(process.execPath, [watchdogPath(), String(pid)], {
    stdio: ['pipe', 'ignore', 'ignore'],
    env: { STATEBENCH_PARENT_PID: String(process.pid) },
  });
  watchdog.on('error', () => {}); // a watchdog that cannot start leaves the exit hooks as the only guard
  watchdog.stdin?.on('error', () => {});
  // Neither the watchdog nor its pipe may keep statebench's event loop alive.
  watchdog.unref();
  (watchdog.stdin as unknown as { unref?: () => void } | null)?.unref?.();
  trackChild(watchdog.pid, `watchdog of ${label}`);
  watchdog.once('exit', () => untrackChild(watchdog.pid));
  return {
    pid: watchdog.pid,
    disarm: () => void signalChild(watchdog, 'SIGKILL'),
  };
}
