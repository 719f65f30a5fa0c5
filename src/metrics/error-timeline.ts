/**
 * The fine-grained timeline the Recorder keeps for recovery times: requests and errors
 * per 100 ms of the load, by when each outcome was known (as the phases count errors). It stays inside the Recorder; the report's
 * timeline is the per-second one (timeline.ts).
 */
import type { ErrorBucket } from './recovery.js';

/** Width of one fine bucket. */
export const FINE_BUCKET_MS = 100;

/** Anything later than a day into the load folds into this bucket, so a wild time cannot allocate. */
const MAX_BUCKET = (24 * 3600 * 1000) / FINE_BUCKET_MS;

/** Requests and errors per 100 ms, bucket 0 starting with the load. */
export class ErrorTimeline {
  readonly #requests: number[] = [];
  readonly #errors: number[] = [];

  /** Counts one request whose outcome was known at `atMs` (ms since the start of the load). */
  add(atMs: number, isError: boolean): void {
    const i = bucketOf(atMs);
    while (this.#requests.length <= i) {
      this.#requests.push(0);
      this.#errors.push(0);
    }
    this.#requests[i]! += 1;
    if (isError) this.#errors[i]! += 1;
  }

  /**
   * One bucket per 100 ms of a load lasting `durationMs`, empty ones included; as in the
   * per-second timeline, requests answered after the end fold into the last bucket.
   */
  buckets(durationMs: number): ErrorBucket[] {
    const count = Math.max(1, Math.ceil(durationMs / FINE_BUCKET_MS));
    const out = Array.from({ length: count }, () => ({ requests: 0, errors: 0 }));
    for (let i = 0; i < this.#requests.length; i++) {
      const into = out[Math.min(i, count - 1)]!;
      into.requests += this.#requests[i]!;
      into.errors += this.#errors[i]!;
    }
    return out;
  }
}

function bucketOf(atMs: number): number {
  if (Number.isNaN(atMs) || atMs <= 0) return 0;
  return Math.min(MAX_BUCKET, Math.floor(atMs / FINE_BUCKET_MS));
}
