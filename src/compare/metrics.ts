/**
 * Which figures a comparison shows for each design: a fixed set of headline metrics,
 * each with the way that is worse, plus whatever a threshold names.
 */
import type { DesignRun } from '../result.js';
import { resolveMetric } from '../assert/fields.js';
import { mean } from './bootstrap.js';

/** One metric a comparison shows. */
export interface MetricSpec {
  /** Dotted path into a run, as a threshold names it. */
  readonly path: string;
  /** Which way is worse when no threshold says otherwise. */
  readonly worse: 'higher' | 'lower';
  /** What the path stands for, when the path alone does not say it (a fault's label). */
  readonly note?: string;
}

const HEADLINE: readonly MetricSpec[] = [
  { path: 'journeys.completed', worse: 'lower' },
  { path: 'sessionLoss.rate', worse: 'higher' },
  { path: 'requests.errors', worse: 'higher' },
  { path: 'consistency.errors', worse: 'higher' },
  { path: 'latency.p50', worse: 'higher' },
  { path: 'latency.p90', worse: 'higher' },
  { path: 'latency.p99', worse: 'higher' },
  { path: 'latency.p999', worse: 'higher' },
];

/**
 * The headline metrics of a design, given its runs on both sides: journeys completed,
 * session loss, request and consistency errors, latency percentiles, and the recovery
 * time of each fault window (windows line up by firing order).
 */
export function headlineMetrics(runs: readonly DesignRun[]): MetricSpec[] {
  const windows = Math.max(0, ...runs.map((r) => r.phases?.length ?? 0));
  const recovery = Array.from({ length: windows }, (_, i): MetricSpec => {
    const label = runs.map((r) => r.phases?.[i]?.label).find((l) => l !== undefined);
    const spec: MetricSpec = { path: `phases.${i}.recoveryMs`, worse: 'higher' };
    return label === undefined ? spec : { ...spec, note: label };
  });
  return [...HEADLINE, ...recovery];
}

/** One side's figure for a metric: the per-run values and their mean, or why there is none. */
export type SideFigure =
  | { readonly ok: true; readonly values: readonly number[]; readonly mean: number }
  | { readonly ok: false; readonly reason: string };

/**
 * The metric at `path` on each of `runs` (one design, one side). Fails when the side has
 * no run of the design or when any run lacks a number there.
 */
export function sideFigure(runs: readonly DesignRun[], path: string, side: 'base' | 'head'): SideFigure {
  if (runs.length === 0) return { ok: false, reason: `no run of the design in the ${side} report` };
  const values: number[] = [];
  for (const [i, run] of runs.entries()) {
    const found = resolveMetric(run, path);
    if (!found.ok) {
      const which = runs.length > 1 ? ` run ${i + 1} of ${runs.length}` : '';
      return { ok: false, reason: `${side}${which}: ${found.reason}` };
    }
    values.push(found.value);
  }
  return { ok: true, values, mean: mean(values) };
}
