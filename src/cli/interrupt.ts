import { AbortedError } from '../errors.js';
import { killAllChildrenSync } from '../fleet/children.js';
import type { CliIo } from './io.js';

/**
 * The first Ctrl-C (or SIGTERM) aborts the run, which then stops every child and
 * writes no report; a second one kills every child at once and leaves.
 */
export function interruptible(io: CliIo): { signal: AbortSignal; dispose(): void } {
  const controller = new AbortController();
  const unsubscribe = io.onSignal((signal) => {
    if (!controller.signal.aborted) {
      io.err(`\nstatebench: ${signal}: stopping the fleet (again to force)…\n`);
      controller.abort(new AbortedError(`interrupted by ${signal}`));
      return;
    }
    killAllChildrenSync();
    process.exit(130);
  });
  return { signal: controller.signal, dispose: unsubscribe };
}
