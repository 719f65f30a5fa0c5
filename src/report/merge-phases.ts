/**
 * Merging the time-placed figures of `--repeat N`: the fault phases, their recovery
 * times and the per-second timeline. Counts add up, so the before / during / after rows
 * of the merged run add up to its merged totals; latency merges exactly when the spans
 * carry their HDR histograms, and otherwise says which repeat it shows.
 */
import { decode, encode, merge, summarize } from '../metrics/histogram.js';
import type { PhaseFigures, SpanFigures, TimelinePoint } from '../result.js';

const sum = (values: readonly number[]) => values.reduce((total, value) => total + value, 0);

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** One span from the same span of several repeats: counts added, latency merged if it can be. */
export function mergeSpans(spans: readonly SpanFigures[]): SpanFigures {
  const [first] = spans;
  if (!first) throw new RangeError('mergeSpans() of no span');
  if (spans.length === 1) return first;
  const requests = sum(spans.map((span) => span.requests));
  const errors = sum(spans.map((span) => span.errors));
  const seconds = sum(spans.map((span) => (span.toMs - span.fromMs) / 1000));
  const consistency = spans.some((span) => span.consistencyErrors !== undefined)
    ? { consistencyErrors: sum(spans.map((span) => span.consistencyErrors ?? 0)) }
    : {};
  const histograms = spans.map((span) => span.histogram);
  const latency = histograms.every((h): h is string => h !== undefined)
    ? (() => {
        const merged = merge(histograms.map(decode));
        return { latency: summarize(merged), histogram: encode(merged) };
      })()
    : { latency: first.latency, latencyFromRepeat: first.latencyFromRepeat ?? 1 };
  return {
    // The bounds differ by a few ms between repeats (faults fire when their timer does): the first's.
    fromMs: first.fromMs,
    toMs: first.toMs,
    requests,
    errors,
    errorRate: requests === 0 ? 0 : round(errors / requests, 4),
    // Requests per second over the time all the repeats' spans lasted together.
    throughput: seconds <= 0 ? 0 : round(requests / seconds, 2),
    lost: sum(spans.map((span) => span.lost)),
    ...consistency,
    ...latency,
  };
}

/** The median of recovery times, a never-recovered (`null`) one above every number. */
function median(values: readonly (number | null)[]): number | null {
  const sorted = [...values].sort((a, b) => (a ?? Infinity) - (b ?? Infinity));
  const middle = Math.floor((sorted.length - 1) / 2);
  const low = sorted[middle] ?? null;
  const high = sorted[sorted.length - 1 - middle] ?? null;
  if (low === null || high === null) return null;
  return Math.round((low + high) / 2);
}

/** One phase from the same fault window of several repeats; recovery is their median with its range. */
export function mergePhase(phases: readonly PhaseFigures[]): PhaseFigures {
  const [first] = phases;
  if (!first) throw new RangeError('mergePhase() of no phase');
  if (phases.length === 1) return first;
  const times = phases.map((phase) => phase.recoveryMs);
  const numbers = times.filter((t): t is number => t !== null);
  return {
    label: first.label,
    startMs: first.startMs,
    endMs: first.endMs,
    before: mergeSpans(phases.map((phase) => phase.before)),
    during: mergeSpans(phases.map((phase) => phase.during)),
    after: mergeSpans(phases.map((phase) => phase.after)),
    recoveryMs: median(times),
    recoveryRange: {
      minMs: numbers.length === 0 ? null : Math.min(...numbers),
      maxMs: numbers.length < times.length ? null : Math.max(...numbers),
      repeats: phases.length,
    },
  };
}

/** The n-th phase of every repeat merged, for each n any repeat has (a fault that did not fire is left out). */
export function mergePhases(lists: readonly (readonly PhaseFigures[] | undefined)[]): PhaseFigures[] {
  const count = Math.max(0, ...lists.map((list) => list?.length ?? 0));
  return Array.from({ length: count }, (_, i) =>
    mergePhase(lists.map((list) => list?.[i]).filter((phase): phase is PhaseFigures => phase !== undefined)));
}

/** The per-second timelines of several repeats, added second by second; fault labels once per second. */
export function mergeTimelines(timelines: readonly (readonly TimelinePoint[])[]): TimelinePoint[] {
  const length = Math.max(0, ...timelines.map((timeline) => timeline.length));
  return Array.from({ length }, (_, t) => {
    const points = timelines.map((timeline) => timeline[t]).filter((p): p is TimelinePoint => p !== undefined);
    const field = (pick: (p: TimelinePoint) => number) => sum(points.map(pick));
    const consistency = points.some((p) => p.consistency !== undefined) ? { consistency: field((p) => p.consistency ?? 0) } : {};
    const faults = [...new Set(points.flatMap((p) => p.faults ?? []))];
    return {
      t,
      requests: field((p) => p.requests),
      errors: field((p) => p.errors),
      lost: field((p) => p.lost),
      ...consistency,
      journeys: field((p) => p.journeys),
      completed: field((p) => p.completed),
      ...(faults.length > 0 ? { faults } : {}),
    };
  });
}
