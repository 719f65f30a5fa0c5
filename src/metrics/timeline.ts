/**
 * The per-second timeline of a run (docs/NOTES.md): counts bucketed by the second of
 * the load they happened in, and the faults that fired, so a reader sees the dip.
 */
import type { TimelinePoint } from '../result.js';

/** The counters a timeline second holds. */
export type TimelineField = 'requests' | 'errors' | 'lost' | 'consistency' | 'journeys' | 'completed';

const FIELDS: readonly TimelineField[] = ['requests', 'errors', 'lost', 'consistency', 'journeys', 'completed'];
const zero = (): Counts => ({ requests: 0, errors: 0, lost: 0, consistency: 0, journeys: 0, completed: 0 });

type Counts = Record<TimelineField, number>;

/** Per-second buckets, second 0 starting with the load. */
export class Timeline {
  readonly #seconds = new Map<number, Counts>();
  readonly #faults = new Map<number, string[]>();

  /** Adds `n` to `field` in the second holding `atMs` (ms since the start of the load). */
  add(atMs: number, field: TimelineField, n = 1): void {
    const second = secondOf(atMs);
    let counts = this.#seconds.get(second);
    if (counts === undefined) {
      counts = zero();
      this.#seconds.set(second, counts);
    }
    counts[field] += n;
  }

  /** Notes that a fault, labelled e.g. "crash server-1", fired at `atMs`. */
  addFault(atMs: number, label: string): void {
    const second = secondOf(atMs);
    const labels = this.#faults.get(second) ?? [];
    labels.push(label);
    this.#faults.set(second, labels);
  }

  /**
   * One point per second of a run lasting `durationMs`, empty seconds included.
   * Whatever happened after the end (requests still in flight when the load stopped)
   * folds into the last second; before the start, into the first.
   */
  points(durationMs: number): TimelinePoint[] {
    const count = Math.max(1, Math.ceil(durationMs / 1000));
    const last = count - 1;
    const counts: Counts[] = [];
    const faults: string[][] = [];
    for (let t = 0; t < count; t++) {
      counts.push(zero());
      faults.push([]);
    }
    // Iterating in ascending second order keeps fault labels in firing order after folding.
    for (const [second, c] of [...this.#seconds].sort((a, b) => a[0] - b[0])) {
      const into = counts[Math.min(second, last)]!;
      for (const field of FIELDS) into[field] += c[field];
    }
    for (const [second, labels] of [...this.#faults].sort((a, b) => a[0] - b[0])) {
      faults[Math.min(second, last)]!.push(...labels);
    }
    return counts.map((c, t) => {
      const point: TimelinePoint = { t, ...c };
      const fired = faults[t]!;
      return fired.length > 0 ? { ...point, faults: fired } : point;
    });
  }
}

function secondOf(atMs: number): number {
  if (Number.isNaN(atMs) || atMs <= 0) return 0;
  return Math.floor(Math.min(atMs, Number.MAX_SAFE_INTEGER) / 1000);
}
