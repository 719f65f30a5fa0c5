import { AbortedError, exitCodeForSignal } from '../errors.js';
import { killAllChildrenSync } from '../fleet/children.js';
import type { CliIo } from './io.js';

/** What a command holds while it can be interrupted. */
export interface Interruptible {
  /** Aborted by the first SIGINT/SIGTERM, unless the run is already over. */
  readonly signal: AbortSignal;
  /**
   * The load is over and its result exists: from now on a first interrupt no longer
   * aborts (there is nothing left to stop) but lets the reports be written whole, and the
   * command ends with its own exit code. A second one still stops at once.
   */
  finishing(): void;
  dispose(): void;
}

/** Kills every child at once and exits as a process killed by `signal` would (130, 143). */
function forceExit(signal: NodeJS.Signals): void {
  killAllChildrenSync();
  process.exit(exitCodeForSignal(signal));
}

/**
 * The first Ctrl-C (or SIGTERM) aborts the run, which then stops every child and writes
 * no report; a second one kills every child at once and leaves. Once the run is over
 * (`finishing()`), the first one only lets the reports finish.
 */
export function interruptible(io: CliIo, force: (signal: NodeJS.Signals) => void = forceExit): Interruptible {
  const controller = new AbortController();
  let finishing = false;
  let warned = false;
  const unsubscribe = io.onSignal((signal) => {
    if (finishing && !warned) {
      warned = true;
      io.err(`\nstatebench: ${signal}: the run is over, finishing its reports (again to leave at once)…\n`);
      return;
    }
    if (!finishing && !controller.signal.aborted) {
      io.err(`\nstatebench: ${signal}: stopping the fleet (again to force)…\n`);
      controller.abort(new AbortedError(`interrupted by ${signal}`, { signal }));
      return;
    }
    force(signal);
  });
  return {
    signal: controller.signal,
    finishing: () => {
      finishing = true;
    },
    dispose: unsubscribe,
  };
}
