/**
 * Figures per span of the load (before, during and after each fault window). The time
 * axis is cut at every span boundary known so far; each piece between two boundaries
 * keeps its counts and, once it holds a latency, one HDR histogram. A span's figures add
 * up its pieces at snapshot, at the cost of one histogram per piece, not per request.
 * A request's outcome counts where it was known; its latency where it was meant to start.
 */
import type { LatencySummary, SpanFigures } from '../result.js';
import { createLatencyHistogram, encode, recordLatency, summarize } from './histogram.js';
import type { Histogram } from './histogram.js';

interface Piece {
  histogram?: Histogram;
  requests: number;
  errors: number;
  lost: number;
  consistency: number;
}

/** Raw counts of a span: its figures before rounding. */
export interface SpanCounts {
  readonly requests: number;
  readonly errors: number;
  readonly lost: number;
  readonly consistency: number;
  readonly latency: LatencySummary;
  /** The same latencies as a histogram, encoded (compressed base64), so repeats merge exactly. */
  readonly histogram: string;
}

/**
 * Requests, errors, session losses and latency per piece of the load. Register a
 * boundary when it happens (a fault firing, a revert): pieces are split there, and what a
 * piece held before the split stays on the left of it. A request is recorded when its
 * outcome is known, so every boundary known by then is at or before that time, and every
 * later one is after both its outcome and its intended start: each lands on its side.
 */
export class SpanStore {
  /** Ascending, unique. Piece `i` covers `[boundaries[i - 1], boundaries[i])`, open at both ends. */
  readonly #boundaries: number[] = [];
  readonly #pieces: Piece[] = [emptyPiece()];

  /** Cuts the time axis at `atMs`, if not cut there already. */
  addBoundary(atMs: number): void {
    if (!Number.isFinite(atMs)) return;
    const i = this.#countAtOrBelow(atMs);
    if (i > 0 && this.#boundaries[i - 1] === atMs) return;
    this.#boundaries.splice(i, 0, atMs);
    this.#pieces.splice(i + 1, 0, emptyPiece());
  }

  /** Records the outcome of one request, known (answered, or given up) at `atMs`. */
  addOutcome(atMs: number, isError: boolean): void {
    const piece = this.#pieceAt(atMs);
    piece.requests += 1;
    if (isError) piece.errors += 1;
  }

  /** Records the latency of one request meant to start at `atMs` (coordinated-omission rule). */
  addLatency(atMs: number, latencyUs: number): void {
    const piece = this.#pieceAt(atMs);
    piece.histogram ??= createLatencyHistogram();
    recordLatency(piece.histogram, latencyUs);
  }

  /** Records one journey that lost its session at `atMs`. */
  addLost(atMs: number): void {
    this.#pieceAt(atMs).lost += 1;
  }

  /** Records one consistency error found at `atMs`. */
  addConsistencyError(atMs: number): void {
    this.#pieceAt(atMs).consistency += 1;
  }

  /**
   * The counts of `[fromMs, toMs)` in a load lasting `loadEndMs`. A span starting at 0
   * also takes whatever started before the load; one ending at the load's end, whatever
   * started after it (as the timeline folds them). Both ends should be boundaries, 0 or
   * the load's end; a piece belongs to the span holding its start.
   */
  counts(fromMs: number, toMs: number, loadEndMs: number): SpanCounts {
    const total = { requests: 0, errors: 0, lost: 0, consistency: 0 };
    const histograms: Histogram[] = [];
    if (toMs > fromMs) {
      const from = fromMs <= 0 ? -Infinity : fromMs;
      const to = toMs >= loadEndMs ? Infinity : toMs;
      this.#pieces.forEach((piece, i) => {
        const start = i === 0 ? -Infinity : this.#boundaries[i - 1]!;
        if (start < from || start >= to) return;
        total.requests += piece.requests;
        total.errors += piece.errors;
        total.lost += piece.lost;
        total.consistency += piece.consistency;
        if (piece.histogram) histograms.push(piece.histogram);
      });
    }
    const merged = createLatencyHistogram();
    for (const h of histograms) merged.add(h);
    return { ...total, latency: summarize(merged), histogram: encode(merged) };
  }

  #pieceAt(atMs: number): Piece {
    return this.#pieces[this.#countAtOrBelow(Number.isNaN(atMs) ? 0 : atMs)]!;
  }

  /** How many boundaries are ≤ `atMs` (binary search): the index of the piece holding it. */
  #countAtOrBelow(atMs: number): number {
    let lo = 0;
    let hi = this.#boundaries.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.#boundaries[mid]! <= atMs) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}

function emptyPiece(): Piece {
  return { requests: 0, errors: 0, lost: 0, consistency: 0 };
}

/** Rounds raw counts of `[fromMs, toMs)` into the report's figures. */
export function spanFigures(fromMs: number, toMs: number, counts: SpanCounts): SpanFigures {
  const seconds = (toMs - fromMs) / 1000;
  return {
    fromMs,
    toMs,
    requests: counts.requests,
    errors: counts.errors,
    errorRate: counts.requests === 0 ? 0 : round(counts.errors / counts.requests, 4),
    throughput: seconds <= 0 ? 0 : round(counts.requests / seconds, 2),
    lost: counts.lost,
    consistencyErrors: counts.consistency,
    latency: counts.latency,
    histogram: counts.histogram,
  };
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}
