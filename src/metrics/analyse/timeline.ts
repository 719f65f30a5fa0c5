/**
 * The per-second timeline of a run (docs/NOTES.md): counts by the second of the load
 * they happened in, and the faults that fired, so a reader sees the dip. A request counts
 * in the second its outcome was known (intended start plus latency); a journey, where it
 * started or ended; a consistency error, where it happened.
 */
import type { TimelinePoint } from '../../result.js';
import type { RunHistory } from '../history.js';

type Counts = { -readonly [K in Exclude<keyof TimelinePoint, 't' | 'faults'>]: number };

const zero = (): Counts => ({ requests: 0, errors: 0, lost: 0, consistency: 0, journeys: 0, completed: 0 });

/**
 * One point per second of a load lasting `durationMs`, empty seconds included. Whatever
 * happened after the end (requests still in flight when the load stopped) folds into the
 * last second; before the start, into the first. A fault window shows its label where it
 * fired and "<label> ends" where it was reverted, if it lasted; labels in time order.
 */
export function timelinePoints(history: RunHistory, durationMs: number): TimelinePoint[] {
  const count = Math.max(1, Math.ceil(durationMs / 1000));
  const counts = Array.from({ length: count }, zero);
  const at = (ms: number) => counts[Math.min(secondOf(ms), count - 1)]!;
  for (let row = 0; row < history.requestCount; row++) {
    const second = at(history.doneMs(row));
    second.requests += 1;
    if (history.countsAsError(row)) second.errors += 1;
  }
  for (let row = 0; row < history.journeyCount; row++) {
    const event = history.journeyEvent(row);
    if (event === 'started') at(history.journeyAtMs(row)).journeys += 1;
    else if (event === 'completed') at(history.journeyAtMs(row)).completed += 1;
    else if (event === 'lost') at(history.journeyAtMs(row)).lost += 1;
  }
  for (const atMs of history.findings) at(atMs).consistency += 1;
  const faults = Array.from({ length: count }, (): string[] => []);
  for (const { atMs, label } of faultMarks(history)) faults[Math.min(secondOf(atMs), count - 1)]!.push(label);
  return counts.map((c, t) => (faults[t]!.length > 0 ? { t, ...c, faults: faults[t]! } : { t, ...c }));
}

/** Every window's firing, and its revert when it lasted, in time order (ties: as recorded). */
function faultMarks(history: RunHistory): { atMs: number; label: string }[] {
  const marks = history.faults.flatMap(({ label, startMs, endMs }) => [
    { atMs: startMs, label },
    ...(endMs !== undefined && endMs > startMs ? [{ atMs: endMs, label: `${label} ends` }] : []),
  ]);
  // Array.prototype.sort is stable: marks at the same time keep their recorded order.
  return marks.sort((a, b) => a.atMs - b.atMs);
}

/** The second of the load holding `atMs`: 0 for anything at or before the start. */
export function secondOf(atMs: number): number {
  if (Number.isNaN(atMs) || atMs <= 0) return 0;
  return Math.floor(Math.min(atMs, Number.MAX_SAFE_INTEGER) / 1000);
}
