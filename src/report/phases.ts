/**
 * What each fault cost, before / during / after its window, as text for any view: one
 * line per figure, one text per design. Faults are the same in every design, so the
 * n-th window of each run lines up.
 */
import type { DesignRun, PhaseFigures, SpanFigures } from '../result.js';
import { formatInt, formatMs, formatPercent } from './format.js';
import type { Cell } from './rows.js';

/** One figure of one fault window, across the designs, e.g. "p99 ms b/d/a" (of "crash server-1"). */
export interface PhaseLine {
  readonly label: string;
  /** Per design, "before / during / after", or "—" for a run without that window. */
  readonly texts: readonly string[];
}

/**
 * How the phases, the timeline and recovery place what they count, for every view's notes
 * (docs/NOTES.md, "## Reports").
 */
export const PLACEMENT_NOTE =
  "Errors, lost sessions and req/s count when each answer came (a crash's errors at or after it); " +
  'latency, when each request was meant to start. —: nothing to measure.';

function seconds(ms: number | null): string {
  if (ms === null) return 'none';
  return ms === 0 ? '0 s' : `${(ms / 1000).toFixed(1)} s`;
}

/**
 * A recovery time: "0.6 s", "none" when the error rate never came back, "0 s" when it
 * never left; of merged repeats, the median and its range: "0.6 s (0.4–0.9 s)".
 */
export function recoveryCell(phase: PhaseFigures | undefined): Cell {
  if (!phase) return { text: '—', tone: 'plain' };
  const range = phase.recoveryRange;
  const spread = range && range.minMs !== range.maxMs ? ` (${seconds(range.minMs)}–${seconds(range.maxMs)})` : '';
  const text = `${seconds(phase.recoveryMs)}${spread}`;
  if (phase.recoveryMs === null) return { text, tone: 'bad' };
  return { text, tone: phase.recoveryMs === 0 ? 'good' : 'small' };
}

/** Whether the runs are of a scenario judged by a checker (atm, chat) rather than by sessions. */
export function hasChecker(runs: readonly DesignRun[]): boolean {
  return runs.some((r) => Object.keys(r.consistency.byKind).length > 0);
}

/** The fault windows of `runs`: their count, and the label of the n-th. */
export function phaseLabels(runs: readonly DesignRun[]): string[] {
  const count = Math.max(0, ...runs.map((r) => r.phases?.length ?? 0));
  return Array.from(
    { length: count },
    (_, i) => runs.map((r) => r.phases?.[i]?.label).find((text) => text !== undefined) ?? `fault ${i + 1}`,
  );
}

/** Whether a span saw no traffic at all: nothing answered in it and nothing meant to start in it. */
function isEmpty(span: SpanFigures): boolean {
  return span.requests === 0 && span.latency.count === 0;
}

/**
 * The text of one figure of a span, or "—" where the span has nothing to measure it on
 * (never a false zero): no latency without a request meant to start, no error rate or
 * req/s without a request answered, and nothing at all in a span without traffic.
 */
type SpanFigure = (span: SpanFigures) => string;

const dashIf = (empty: (span: SpanFigures) => boolean, text: SpanFigure): SpanFigure =>
  (span) => (isEmpty(span) || empty(span) ? '—' : text(span));

/**
 * p99, error rate, throughput, and lost sessions or consistency errors (whichever the
 * scenario is judged by; both when a checked scenario also lost sessions, as pizza with
 * tabs can), before / during / after the `index`-th fault window.
 */
export function phaseLines(runs: readonly DesignRun[], index: number): PhaseLine[] {
  const checked = hasChecker(runs);
  const lostAny = runs.some((r) => r.sessionLoss.journeys > 0);
  const phases = runs.map((r) => r.phases?.[index]);
  const spans = phases.flatMap((phase) => (phase ? [phase.before, phase.during, phase.after] : []));
  const fromRepeat = spans.find((span) => span.latencyFromRepeat !== undefined)?.latencyFromRepeat;
  const figures: readonly (readonly [string, SpanFigure])[] = [
    [`p99 ms${fromRepeat === undefined ? '' : ` (repeat ${fromRepeat})`}`, dashIf((span) => span.latency.count === 0, (span) => formatMs(span.latency.p99))],
    ['errors', dashIf((span) => span.requests === 0, (span) => formatPercent(span.errorRate))],
    ['req/s', dashIf((span) => span.toMs <= span.fromMs, (span) => formatInt(Math.round(span.throughput)))],
    ...(!checked || lostAny ? [['lost', dashIf(() => false, (span) => formatInt(span.lost))] as const] : []),
    ...(checked ? [['consistency', dashIf((span) => span.consistencyErrors === undefined, (span) => formatInt(span.consistencyErrors ?? 0))] as const] : []),
  ];
  return figures.map(([name, pick]) => ({
    label: `${name} b/d/a`,
    texts: phases.map((phase) => (phase ? [phase.before, phase.during, phase.after].map(pick).join(' / ') : '—')),
  }));
}
