/**
 * Figures per span of the load (before, during and after each fault window). A request's
 * outcome counts where it was known (intended start plus latency), its latency where it
 * was meant to start; a lost journey and a consistency error where they happened. The
 * history is read once: every span edge cuts the time axis, each piece between two cuts
 * gets its counts and one HDR histogram, and a span adds up the pieces it covers.
 */
import type { LatencySummary, SpanFigures } from '../../result.js';
import { createLatencyHistogram, encode, recordLatency, summarize, type Histogram } from '../histogram.js';
import type { RunHistory } from '../history.js';
import { round } from './round.js';

/** `[fromMs, toMs)`: empty when `toMs <= fromMs`. */
export type Span = readonly [number, number];

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

interface Piece {
  histogram?: Histogram;
  requests: number;
  errors: number;
  lost: number;
  consistency: number;
}

/**
 * The counts of each span of a load lasting `loadEndMs`. A span starting at 0 also takes
 * whatever happened before the load; one ending at the load's end, whatever happened
 * after it (as the timeline folds them).
 */
export function spanCounts(history: RunHistory, spans: readonly Span[], loadEndMs: number): SpanCounts[] {
  // An empty span stays empty; a span reaching the start or the end of the load opens there.
  const open = spans.map(([from, to]) => (to > from ? ([from <= 0 ? -Infinity : from, to >= loadEndMs ? Infinity : to] as const) : ([0, 0] as const)));
  // Piece i covers [cuts[i - 1], cuts[i]); piece 0 starts at -Infinity.
  const cuts = [...new Set(open.flat().filter(Number.isFinite))].sort((a, b) => a - b);
  const pieces: Piece[] = Array.from({ length: cuts.length + 1 }, () => ({ requests: 0, errors: 0, lost: 0, consistency: 0 }));
  const pieceAt = (atMs: number) => pieces[countAtOrBelow(cuts, Number.isNaN(atMs) ? 0 : atMs)]!;
  for (let row = 0; row < history.requestCount; row++) {
    const known = pieceAt(history.doneMs(row));
    known.requests += 1;
    if (history.countsAsError(row)) known.errors += 1;
    const meant = pieceAt(history.intendedMs(row));
    meant.histogram ??= createLatencyHistogram();
    recordLatency(meant.histogram, history.latencyUs(row));
  }
  for (let row = 0; row < history.journeyCount; row++) {
    if (history.journeyEvent(row) === 'lost') pieceAt(history.journeyAtMs(row)).lost += 1;
  }
  for (const atMs of history.findings) pieceAt(atMs).consistency += 1;
  return open.map(([from, to]) => {
    const total = { requests: 0, errors: 0, lost: 0, consistency: 0 };
    const merged = createLatencyHistogram();
    if (to > from) {
      pieces.forEach((piece, i) => {
        const start = i === 0 ? -Infinity : cuts[i - 1]!;
        if (start < from || start >= to) return;
        total.requests += piece.requests;
        total.errors += piece.errors;
        total.lost += piece.lost;
        total.consistency += piece.consistency;
        if (piece.histogram) merged.add(piece.histogram);
      });
    }
    return { ...total, latency: summarize(merged), histogram: encode(merged) };
  });
}

/** How many of the ascending `cuts` are ≤ `atMs` (binary search): the index of the piece holding it. */
function countAtOrBelow(cuts: readonly number[], atMs: number): number {
  let lo = 0;
  let hi = cuts.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (cuts[mid]! <= atMs) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Rounds raw counts of `[fromMs, toMs)` into the report's figures. */
export function spanFigures([fromMs, toMs]: Span, counts: SpanCounts): SpanFigures {
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
