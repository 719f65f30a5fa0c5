/**
 * Where a run's wall time goes, for whoever tunes statebench: with `NODE_DEBUG=statebench`
 * each phase of a run (fleet started, balancer up, load over, fleet closed…) is one
 * stderr line with the milliseconds since the process started (docs/NOTES.md,
 * "Performance"). Node's own `debuglog`, as Node's modules log theirs: off, it costs a
 * function call; it is never user output.
 */
import { performance } from 'node:perf_hooks';
import { debuglog } from 'node:util';

const log = debuglog('statebench');

/** Logs `what` (e.g. `stateless: fleet ready`) with the time since the process started. */
export function phase(what: string): void {
  if (log.enabled) log('%s ms %s', performance.now().toFixed(0), what);
}
