import { signalPid } from './signal.js';

/**
 * Every child process statebench started and has not yet seen exit. On any exit path,
 * even one where no async code can run (`process.on('exit')`), they are killed, so
 * nothing outlives a run.
 */
const live = new Map<number, string>();
let exitHookInstalled = false;

export function trackChild(pid: number | undefined, label: string): void {
  if (pid === undefined) return;
  live.set(pid, label);
  if (!exitHookInstalled) {
    // However the process ends (the CLI or a program using the API), its children go too.
    exitHookInstalled = true;
    process.once('exit', killAllChildrenSync);
  }
}

export function untrackChild(pid: number | undefined): void {
  if (pid !== undefined) live.delete(pid);
}

/** Pids still believed alive, with their labels. */
export function liveChildren(): ReadonlyMap<number, string> {
  return live;
}

/** SIGKILL every tracked child at once; safe inside an 'exit' handler. */
export function killAllChildrenSync(): void {
  for (const pid of live.keys()) signalPid(pid, 'SIGKILL');
  live.clear();
}
