/**
 * Every terminal view of the committed sample reports (test/fixtures/reports/): a run of
 * each scenario, a matrix built from a run, and a comparison of repeated runs with
 * thresholds, the widest `compare` draws.
 */
import { compare } from '../../../src/compare/compare.js';
import { renderComparison } from '../../../src/compare/render.js';
import { parseThresholds } from '../../../src/compare/threshold.js';
import { MATRIX_SCHEMA, type MatrixResult } from '../../../src/orchestrator/matrix.js';
import { renderMatrix } from '../../../src/report/matrix-table.js';
import { renderTable } from '../../../src/report/table.js';
import type { DesignRun, RunResult } from '../../../src/result.js';
import { loadReport, REPORT_NAMES } from '../../fixtures/reports/load.js';

/** A matrix of the sample `pizza-crash` run under two balancer settings. */
export function sampleMatrix(): MatrixResult {
  const run = loadReport('pizza-crash');
  return {
    schema: MATRIX_SCHEMA,
    scenario: run.scenario,
    seed: run.seed,
    durationMs: run.durationMs,
    users: run.users,
    startedAt: run.startedAt,
    cells: [
      { variant: { strategy: 'round-robin', redispatch: true }, result: run },
      { variant: { strategy: 'sticky', redispatch: false }, result: loadReport('pizza-crash') },
    ],
  };
}

/** `runs` repeated three times (`--repeat 3`), each repeat's latency scaled by `scale`. */
function repeated(result: RunResult, scale: readonly number[]): RunResult {
  const runs: DesignRun[] = result.runs.flatMap((run) => scale.map((s, repeat) => ({
    ...run,
    repeat,
    latency: { ...run.latency, p50: run.latency.p50 * s, p90: run.latency.p90 * s, p99: run.latency.p99 * s, p999: run.latency.p999 * s },
  })));
  return { ...result, runs };
}

/** The comparison of three repeats of the sample pizza crash against three slower ones, gated. */
export function sampleComparison() {
  const base = repeated(loadReport('pizza-crash'), [1, 1.1, 0.9]);
  const head = repeated(loadReport('pizza-crash'), [1.5, 1.7, 1.6]);
  const thresholds = parseThresholds(['latency.p99=+10%', 'sessionLoss.rate=+0', 'phases.0.recoveryMs=+500']);
  return compare(base, head, thresholds, { resamples: 200 });
}

/** Each terminal view by name, rendered with colour (as a terminal shows it). */
export function terminalViews(color = true): Record<string, string> {
  const views: Record<string, string> = {};
  for (const name of REPORT_NAMES) views[`run ${name}`] = renderTable(loadReport(name), { color });
  views.matrix = renderMatrix(sampleMatrix(), { color });
  views.compare = renderComparison(sampleComparison(), { color });
  return views;
}
