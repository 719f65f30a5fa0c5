/**
 * Figures per phase of a fault (the chaos vocabulary): before, during and after each
 * fault window, and how long the error rate took to come back (docs/NOTES.md). Read from
 * the whole history at the end, so a fault boundary recorded late still puts every
 * request in the right phase.
 */
import type { PhaseFigures } from '../../result.js';
import type { FaultWindow, RunHistory } from '../history.js';
import { errorBuckets } from './buckets.js';
import { recoveryTime } from './recovery.js';
import { spanCounts, spanFigures, type Span } from './spans.js';

/**
 * How long `during` lasts for a fault without a revert (a crash: its window has zero
 * length). Its effect shows in the second after it, so that second is its `during`.
 */
export const INSTANT_DURING_MS = 1000;

/** The `[from, to)` bounds of one window's three spans, clipped to the load. */
export interface PhaseBounds {
  readonly window: FaultWindow;
  readonly before: Span;
  readonly during: Span;
  readonly after: Span;
}

/**
 * Where each window's spans lie in a load lasting `durationMs`, windows in firing order.
 * - `during` is the window, or `INSTANT_DURING_MS` from the fault for a zero-length one;
 *   a window never reverted lasts to the end of the load.
 * - `before` runs from the end of the previous `during` (or 0) to the fault; `after`, from
 *   the end of `during` to the next fault (or the end of the load).
 * - Overlapping windows share requests; a span that would run backwards is empty.
 */
export function phaseBounds(windows: readonly FaultWindow[], durationMs: number): PhaseBounds[] {
  const clip = (ms: number) => Math.min(Math.max(ms, 0), durationMs);
  const sorted = windows.map((window, i) => ({ window, i })).sort((a, b) => a.window.startMs - b.window.startMs || a.i - b.i);
  const starts = sorted.map(({ window }) => clip(window.startMs));
  let previousUntil = 0;
  return sorted.map(({ window }, k) => {
    const start = starts[k]!;
    const end = window.endMs ?? Infinity;
    const until = clip(end > window.startMs ? end : window.startMs + INSTANT_DURING_MS);
    const next = k + 1 < starts.length ? starts[k + 1]! : durationMs;
    const bounds: PhaseBounds = {
      window,
      before: [Math.min(previousUntil, start), start],
      during: [start, until],
      after: [until, Math.max(until, next)],
    };
    previousUntil = Math.max(previousUntil, until);
    return bounds;
  });
}

/** The figures of every fault window's phases in a load lasting `durationMs`, in firing order. */
export function phaseFigures(history: RunHistory, durationMs: number): PhaseFigures[] {
  const bounds = phaseBounds(history.faults, durationMs);
  if (bounds.length === 0) return [];
  const counts = spanCounts(history, bounds.flatMap(({ before, during, after }) => [before, during, after]), durationMs);
  const buckets = errorBuckets(history, durationMs);
  return bounds.map(({ window, before, during, after }, k) => {
    const [pre, mid, post] = [counts[3 * k]!, counts[3 * k + 1]!, counts[3 * k + 2]!];
    const preRate = pre.requests === 0 ? 0 : pre.errors / pre.requests;
    return {
      label: window.label,
      startMs: window.startMs,
      endMs: window.endMs ?? Math.max(window.startMs, durationMs),
      before: spanFigures(before, pre),
      during: spanFigures(during, mid),
      after: spanFigures(after, post),
      recoveryMs: recoveryTime(buckets, window.startMs, preRate, { endMs: durationMs }),
    };
  });
}
