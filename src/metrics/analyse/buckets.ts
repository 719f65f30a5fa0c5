/**
 * The fine-grained series recovery times are read from: requests and not-ok requests per
 * 100 ms of the load, by when each outcome was known (as the phases count errors). A 401
 * that loses a session is not a request error, but a fleet is not recovered while it
 * still loses sessions, so every outcome but `ok` counts here.
 */
import type { RunHistory } from '../history.js';
import type { ErrorBucket } from './recovery.js';

/** Width of one fine bucket. */
export const FINE_BUCKET_MS = 100;

/**
 * One bucket per 100 ms of a load lasting `durationMs`, empty ones included; as in the
 * per-second timeline, requests answered after the end fold into the last bucket and
 * those before the start into the first.
 */
export function errorBuckets(history: RunHistory, durationMs: number): ErrorBucket[] {
  const count = Math.max(1, Math.ceil(durationMs / FINE_BUCKET_MS));
  const buckets = Array.from({ length: count }, () => ({ requests: 0, errors: 0 }));
  for (let row = 0; row < history.requestCount; row++) {
    const bucket = buckets[Math.min(bucketOf(history.doneMs(row)), count - 1)]!;
    bucket.requests += 1;
    if (history.outcome(row) !== 'ok') bucket.errors += 1;
  }
  return buckets;
}

function bucketOf(atMs: number): number {
  if (Number.isNaN(atMs) || atMs <= 0) return 0;
  return Math.floor(Math.min(atMs, Number.MAX_SAFE_INTEGER) / FINE_BUCKET_MS);
}
