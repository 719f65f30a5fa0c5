/**
 * Every child process statebench started and has not yet seen exit. On any exit path,
 * even one where no async code can run (`process.on('exit')`), they are killed, so
 * nothing outlives a run.
 */
const live = new Map<number, string>();

export function trackChild(pid: number | undefined, label: string): void {
  if (pid !== undefined) live.set(pid, label);
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
  for (const pid of live.keys()) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
  live.clear();
}
