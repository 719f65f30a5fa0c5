/**
 * What each fault cost, before / during / after its window, as text for any view: one
 * line per figure, one text per design. Faults are the same in every design, so the
 * n-th window of each run lines up.
 */
import type { ArchRun, PhaseFigures, SpanFigures } from '../result.js';
import { formatInt, formatMs, formatPercent } from './format.js';

/** One figure of one fault window, across the designs, e.g. "crash server-1: p99 ms b/d/a". */
export interface PhaseLine {
  readonly label: string;
  /** Per design, "before / during / after", or "—" for a run without that window. */
  readonly texts: readonly string[];
}

/** A recovery time: "0.6 s", "none" when the error rate never came back, "0 s" when it never left. */
export function recoveryCell(phase: PhaseFigures | undefined): { text: string; tone: 'good' | 'small' | 'bad' | 'plain' } {
  if (!phase) return { text: '—', tone: 'plain' };
  if (phase.recoveryMs === null) return { text: 'none', tone: 'bad' };
  if (phase.recoveryMs === 0) return { text: '0 s', tone: 'good' };
  return { text: `${(phase.recoveryMs / 1000).toFixed(1)} s`, tone: 'small' };
}

/** Whether the runs are of a scenario judged by a checker (atm, chat) rather than by sessions. */
export function hasChecker(runs: readonly ArchRun[]): boolean {
  return runs.some((r) => Object.keys(r.consistency.byKind).length > 0);
}

/** The fault windows of `runs`: their count, and the label of the n-th. */
export function phaseLabels(runs: readonly ArchRun[]): string[] {
  const count = Math.max(0, ...runs.map((r) => r.phases?.length ?? 0));
  return Array.from(
    { length: count },
    (_, i) => runs.map((r) => r.phases?.[i]?.label).find((text) => text !== undefined) ?? `fault ${i + 1}`,
  );
}

/**
 * p99, error rate, throughput, and lost sessions or consistency errors (whichever the
 * scenario is judged by), before / during / after the `index`-th fault window, `label`.
 */
export function phaseLines(runs: readonly ArchRun[], index: number, label: string): PhaseLine[] {
  const checked = hasChecker(runs);
  const figures: readonly [string, (span: SpanFigures) => string][] = [
    ['p99 ms', (span) => formatMs(span.latency.p99)],
    ['errors', (span) => formatPercent(span.errorRate)],
    ['req/s', (span) => formatInt(Math.round(span.throughput))],
    checked
      ? ['consistency', (span) => (span.consistencyErrors === undefined ? '—' : formatInt(span.consistencyErrors))]
      : ['lost', (span) => formatInt(span.lost)],
  ];
  return figures.map(([name, pick]) => ({
    label: `${label}: ${name} b/d/a`,
    texts: runs.map((r) => {
      const phase: PhaseFigures | undefined = r.phases?.[index];
      return phase ? [phase.before, phase.during, phase.after].map(pick).join(' / ') : '—';
    }),
  }));
}
