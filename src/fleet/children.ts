import { signalGroupOf, signalPid } from './signal.js';

/**
 * Every child process statebench started and has not yet seen exit. On any exit path,
 * even one where no async code can run (`process.on('exit')`), they are killed, so
 * nothing outlives a run.
 */
const live = new Map<number, { readonly label: string; readonly group: boolean }>();
let exitHookInstalled = false;

/** `group`: the child leads its own process group (spawned `detached`), killed whole. */
export function trackChild(pid: number | undefined, label: string, group = false): void {
  if (pid === undefined) return;
  live.set(pid, { label, group });
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
  return new Map([...live].map(([pid, { label }]) => [pid, label]));
}

/** SIGKILL every tracked child at once; safe inside an 'exit' handler. */
export function killAllChildrenSync(): void {
  for (const [pid, { group }] of live) (group ? signalGroupOf : signalPid)(pid, 'SIGKILL');
  live.clear();
}
