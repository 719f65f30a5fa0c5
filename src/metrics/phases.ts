/**
 * Figures per phase of a fault (the chaos vocabulary): before, during and after each
 * fault window, and how long the error rate took to come back (docs/NOTES.md).
 */
import type { PhaseFigures } from '../result.js';
import type { ErrorBucket } from './recovery.js';
import { recoveryTime } from './recovery.js';
import type { SpanStore } from './spans.js';
import { spanFigures } from './spans.js';

/**
 * How long `during` lasts for a fault without a revert (a crash: its window has zero
 * length). Its effect shows in the second after it, so that second is its `during`.
 */
export const INSTANT_DURING_MS = 1000;

/** A fault window as the Recorder learnt it: from firing to revert. */
export interface FaultWindow {
  readonly label: string;
  readonly startMs: number;
  /** When it was reverted (`startMs` for a fault without a revert); absent while still active. */
  readonly endMs?: number;
}

/** The `[from, to)` bounds of one window's three spans, clipped to the load. */
export interface PhaseBounds {
  readonly window: FaultWindow;
  readonly before: readonly [number, number];
  readonly during: readonly [number, number];
  readonly after: readonly [number, number];
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

/** The figures of every phase, from the Recorder's span store and 100 ms error buckets. */
export function computePhases(
  windows: readonly FaultWindow[],
  spans: SpanStore,
  buckets: readonly ErrorBucket[],
  durationMs: number,
): PhaseFigures[] {
  return phaseBounds(windows, durationMs).map(({ window, before, during, after }) => {
    const figures = ([from, to]: readonly [number, number]) => spanFigures(from, to, spans.counts(from, to, durationMs));
    const pre = spans.counts(before[0], before[1], durationMs);
    const preRate = pre.requests === 0 ? 0 : pre.errors / pre.requests;
    return {
      label: window.label,
      startMs: window.startMs,
      endMs: window.endMs ?? Math.max(window.startMs, durationMs),
      before: spanFigures(before[0], before[1], pre),
      during: figures(during),
      after: figures(after),
      recoveryMs: recoveryTime(buckets, window.startMs, preRate, { endMs: durationMs }),
    };
  });
}
