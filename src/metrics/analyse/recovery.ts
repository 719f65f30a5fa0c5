/**
 * Recovery time (docs/NOTES.md): how long after a fault the error rate is back to its
 * pre-fault level. A pure function over fine-grained buckets, so it is tested on
 * hand-made series.
 */

/** Requests and errors whose outcome was known in one fine-grained bucket of the load. */
export interface ErrorBucket {
  readonly requests: number;
  readonly errors: number;
}

/** How recovery is measured; the defaults are the report's. */
export interface RecoveryOptions {
  /** Width of one bucket; bucket `i` covers `[i * bucketMs, (i + 1) * bucketMs)`. @default 100 */
  readonly bucketMs?: number;
  /** The error rate at time `t` is measured over the buckets in `[t - windowMs, t)`. @default 500 */
  readonly windowMs?: number;
  /** How long the rate must stay within the level to count as recovered. @default 1000 */
  readonly holdMs?: number;
  /** Slack above a non-zero pre-fault rate: 0.01 is one percentage point. @default 0.01 */
  readonly tolerance?: number;
  /** The end of the load: no measurement past it. @default buckets.length * bucketMs */
  readonly endMs?: number;
}

/**
 * Ms from `faultStartMs` until the error rate, measured at every bucket edge over a
 * sliding window, is back within the pre-fault level and stays there for `holdMs`.
 *
 * The level is `preFaultRate + tolerance`, or *no error at all* when the pre-fault rate
 * was 0. A window with no request shows nothing served, so it never counts as within
 * the level (a paused server recovers when traffic flows again, not while it is silent).
 * The first measurement is the first window holding the fault's bucket.
 *
 * @returns 0 when the rate never left the level (stable from the first measurement);
 *   `null` when it was not back, and stable for `holdMs`, before the end of the load.
 */
export function recoveryTime(
  buckets: readonly ErrorBucket[],
  faultStartMs: number,
  preFaultRate: number,
  options: RecoveryOptions = {},
): number | null {
  const { bucketMs = 100, windowMs = 500, holdMs = 1000, tolerance = 0.01 } = options;
  const endMs = options.endMs ?? buckets.length * bucketMs;
  const span = Math.max(1, Math.round(windowMs / bucketMs));
  const hold = Math.max(0, Math.round(holdMs / bucketMs));
  // Edge k is the time k * bucketMs; the window at edge k holds buckets k - span .. k - 1.
  const lastEdge = Math.min(buckets.length, Math.floor(endMs / bucketMs));
  const firstEdge = Math.max(1, Math.floor(Math.max(0, faultStartMs) / bucketMs) + 1);
  const within = (edge: number): boolean => {
    let requests = 0;
    let errors = 0;
    for (let i = Math.max(0, edge - span); i < edge; i++) {
      requests += buckets[i]!.requests;
      errors += buckets[i]!.errors;
    }
    if (requests === 0) return false;
    if (preFaultRate <= 0) return errors === 0;
    // The epsilon keeps 11/100 within 0.10 + 0.01 despite floating point.
    return errors <= (preFaultRate + tolerance) * requests + 1e-9;
  };
  let runStart = -1;
  for (let edge = firstEdge; edge <= lastEdge; edge++) {
    if (!within(edge)) {
      runStart = -1;
      continue;
    }
    if (runStart < 0) runStart = edge;
    if (edge - runStart >= hold) {
      return runStart === firstEdge ? 0 : Math.max(0, runStart * bucketMs - faultStartMs);
    }
  }
  return null;
}
