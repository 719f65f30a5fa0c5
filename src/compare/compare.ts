/**
 * `statebench compare base.json head.json`: the same metrics of two reports side by
 * side, each judged against its `--threshold`. With repeated runs on both sides, a
 * bootstrap interval of the difference keeps run-to-run noise from failing a build.
 */
import type { DesignRun, RunResult } from '../result.js';
import { deriveSeed } from '../driver/rng.js';
import { runsByDesign } from '../assert/fields.js';
import { bootstrapDifference } from './bootstrap.js';
import { describeSettings, settingsOf } from './comparable.js';
import { headlineMetrics, sideFigure } from './metrics.js';
import type { MetricSpec } from './metrics.js';
import { allowedChange, thresholdFor } from './threshold.js';
import type { Threshold } from './threshold.js';

/** Options of `compare`. */
export interface CompareOptions {
  /**
   * Seed of the bootstrap; each row derives its own stream from it.
   * @default 1
   */
  readonly seed?: number;
  /** @default 2000 */
  readonly resamples?: number;
  /** @default 0.95 */
  readonly confidence?: number;
}

/**
 * `regression`: worse beyond the threshold (with an interval: even its best case is);
 * `noise`: the point estimate is beyond the threshold but the interval is not;
 * `improved`: better (with an interval: all of it); `ok`: anything else.
 * Only a row with a threshold can be a regression or noise.
 */
export type Verdict = 'regression' | 'ok' | 'improved' | 'noise';

/** One metric of one design, base against head. */
export interface ComparisonRow {
  readonly design: string;
  readonly path: string;
  /** What the path stands for when it does not say it, e.g. the fault of `phases.0.recoveryMs`. */
  readonly note?: string;
  /** The figure (the mean over runs with repeats); null when that side has none. */
  readonly base: number | null;
  readonly head: number | null;
  /** head − base; null when a side is missing. */
  readonly delta: number | null;
  /** delta / |base| × 100; null when a side is missing or base is 0 (and delta is not). */
  readonly deltaPct: number | null;
  /** Runs per side behind the figures. */
  readonly baseRuns: number;
  readonly headRuns: number;
  readonly worse: 'higher' | 'lower';
  /** The threshold gating this row, if any. */
  readonly threshold?: Threshold;
  /** The change allowed the worse way, in the metric's unit (from the threshold and base). */
  readonly allowed?: number;
  /** Interval of head − base at the comparison's confidence, with ≥ 2 runs on each side. */
  readonly ci?: readonly [number, number];
  readonly regression: boolean;
  readonly verdict: Verdict;
}

/** Where a report came from, for the header. */
export interface ReportInfo {
  readonly scenario: string;
  readonly seed: number;
  readonly startedAt: string;
  readonly runs: number;
  /** What the run held fixed, as one line (`describeSettings`). */
  readonly settings: string;
}

/** Two reports compared. Exit 1 when `regressions > 0` or `problems` is not empty. */
export interface Comparison {
  readonly base: ReportInfo;
  readonly head: ReportInfo;
  readonly confidence: number;
  /** Designs in report order (base first), each with its rows in a fixed order. */
  readonly rows: readonly ComparisonRow[];
  /** Rows that are regressions. */
  readonly regressions: number;
  /** Thresholds that could not be checked (a missing design or figure): they fail too. */
  readonly problems: readonly string[];
  /** Remarks that fail nothing, e.g. a design only one report has. */
  readonly notes: readonly string[];
}

/**
 * Compares `head` with `base`, row by row (see `ComparisonRow`). With ≥ 2 runs of a
 * design on both sides, each row gets a bootstrap interval of the difference of the
 * per-run means, and a threshold is breached only when the whole interval is beyond it.
 * Otherwise (one run on a side) the figures (means) are compared as they are.
 */
export function compare(base: RunResult, head: RunResult, thresholds: readonly Threshold[], options: CompareOptions = {}): Comparison {
  const { seed = 1, resamples = 2000, confidence = 0.95 } = options;
  const baseGroups = runsByDesign(base);
  const headGroups = runsByDesign(head);
  const designs = [...new Set([...baseGroups.keys(), ...headGroups.keys()])];
  const rows: ComparisonRow[] = [];
  const problems: string[] = [];
  const notes: string[] = [];
  for (const t of thresholds) {
    if (t.design !== undefined && !designs.includes(t.design)) {
      problems.push(`cannot check \`${t.text}\`: no design \`${t.design}\` in either report (designs: ${designs.join(', ')})`);
    }
  }
  for (const design of designs) {
    const b = baseGroups.get(design) ?? [];
    const h = headGroups.get(design) ?? [];
    if (b.length === 0 || h.length === 0) notes.push(`design \`${design}\` is only in the ${b.length === 0 ? 'head' : 'base'} report`);
    for (const metric of metricsOf(design, [...b, ...h], thresholds)) {
      const gate = thresholdFor(thresholds, design, metric.path);
      // A threshold for every design gates only the designs both reports ran.
      const threshold = gate && (gate.design !== undefined || (b.length > 0 && h.length > 0)) ? gate : undefined;
      const row = judge(design, metric, b, h, threshold, { seed, resamples, confidence });
      rows.push(row.row);
      if (row.problem) problems.push(row.problem);
    }
  }
  const info = (r: RunResult): ReportInfo => ({
    scenario: r.scenario, seed: r.seed, startedAt: r.startedAt, runs: r.runs.length, settings: describeSettings(settingsOf(r)),
  });
  return {
    base: info(base), head: info(head), confidence, rows,
    regressions: rows.filter((r) => r.regression).length, problems, notes,
  };
}

/** Whether the comparison should fail the build (exit 1). */
export function comparisonFailed(comparison: Comparison): boolean {
  return comparison.regressions > 0 || comparison.problems.length > 0;
}

function metricsOf(design: string, runs: readonly DesignRun[], thresholds: readonly Threshold[]): MetricSpec[] {
  const metrics = headlineMetrics(runs);
  for (const t of thresholds) {
    if ((t.design === undefined || t.design === design) && !metrics.some((m) => m.path === t.path)) {
      metrics.push({ path: t.path, worse: t.worse });
    }
  }
  return metrics;
}

function judge(
  design: string, metric: MetricSpec, baseRuns: readonly DesignRun[], headRuns: readonly DesignRun[],
  threshold: Threshold | undefined, options: Required<CompareOptions>,
): { row: ComparisonRow; problem?: string } {
  const b = sideFigure(baseRuns, metric.path, 'base');
  const h = sideFigure(headRuns, metric.path, 'head');
  const worse = threshold?.worse ?? metric.worse;
  const common = {
    design, path: metric.path, ...(metric.note === undefined ? {} : { note: metric.note }),
    baseRuns: baseRuns.length, headRuns: headRuns.length, worse, ...(threshold ? { threshold } : {}),
  };
  if (!b.ok || !h.ok) {
    const row: ComparisonRow = {
      ...common, base: b.ok ? b.mean : null, head: h.ok ? h.mean : null, delta: null, deltaPct: null,
      regression: false, verdict: 'ok',
    };
    const reason = [b, h].flatMap((side) => (side.ok ? [] : [side.reason])).join('; ');
    return threshold ? { row, problem: `cannot check \`${threshold.text}\` for ${design}: ${reason}` } : { row };
  }
  const delta = b.mean === h.mean ? 0 : h.mean - b.mean;
  const deltaPct = delta === 0 ? 0 : b.mean === 0 || !Number.isFinite(b.mean) ? null : (delta / Math.abs(b.mean)) * 100;
  const ci = interval(b.values, h.values, `${design}\u0000${metric.path}`, options);
  const allowed = threshold ? allowedChange(threshold, b.mean) : Infinity;
  // Distances the worse way: positive is worse.
  const sign = worse === 'higher' ? 1 : -1;
  const point = sign * delta;
  const best = ci ? Math.min(sign * ci[0], sign * ci[1]) : point;
  const worst = ci ? Math.max(sign * ci[0], sign * ci[1]) : point;
  const regression = threshold !== undefined && best > allowed;
  const verdict: Verdict = regression ? 'regression'
    : threshold !== undefined && point > allowed ? 'noise'
    : worst < 0 ? 'improved'
    : 'ok';
  const row: ComparisonRow = {
    ...common, base: b.mean, head: h.mean, delta, deltaPct,
    ...(threshold ? { allowed } : {}), ...(ci ? { ci } : {}), regression, verdict,
  };
  return { row };
}

function interval(
  base: readonly number[], head: readonly number[], key: string, options: Required<CompareOptions>,
): readonly [number, number] | undefined {
  if (base.length < 2 || head.length < 2) return undefined;
  if (![...base, ...head].every(Number.isFinite)) return undefined;
  const seed = deriveSeed(options.seed, hash(key));
  return bootstrapDifference(base, head, { resamples: options.resamples, confidence: options.confidence, seed }).interval;
}

/** FNV-1a of a string: a stable number per row, so each row has its own bootstrap stream. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}
