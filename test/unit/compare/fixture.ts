import type { DesignRun, RunResult } from '../../../src/result.js';
import { result } from '../report/fixture.js';

export { result };

const [stateful, stateless] = result.runs as [DesignRun, DesignRun];
export { stateful, stateless };

/** A run of `base` with its latency percentiles, session loss or completed journeys changed. */
export function tweak(base: DesignRun, change: { p99?: number; p50?: number; lossRate?: number; completed?: number }): DesignRun {
  return {
    ...base,
    latency: { ...base.latency, p99: change.p99 ?? base.latency.p99, p50: change.p50 ?? base.latency.p50 },
    sessionLoss: { ...base.sessionLoss, rate: change.lossRate ?? base.sessionLoss.rate },
    journeys: { ...base.journeys, completed: change.completed ?? base.journeys.completed },
  };
}

/** A report holding the given runs. */
export function report(runs: readonly DesignRun[], seed = 42): RunResult {
  return { ...result, seed, runs };
}

/** A report with one run of `design` per p99 value (repeats), each with a `repeat` index. */
export function repeats(base: DesignRun, p99s: readonly number[]): RunResult {
  return report(p99s.map((p99, repeat) => ({ ...tweak(base, { p99 }), repeat })));
}
