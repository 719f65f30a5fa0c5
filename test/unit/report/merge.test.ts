import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encode, recordLatency } from '../../../src/metrics/histogram.js';
import { byDesign, mergeRuns, repeatsOf } from '../../../src/report/merge.js';
import { renderTable } from '../../../src/report/table.js';
import type { ArchRun } from '../../../src/result.js';
import { result } from './fixture.js';

function withLatencies(run: ArchRun, latenciesMs: number[], repeat: number): ArchRun {
  const histogram = createLatencyHistogram();
  for (const ms of latenciesMs) recordLatency(histogram, ms * 1000);
  return { ...run, repeat, histograms: { overall: encode(histogram) } };
}

describe('merging repeats of a design', () => {
  const [stateful] = result.runs as [ArchRun];
  const first = withLatencies(stateful, [1, 2, 3], 1);
  const second = withLatencies({ ...stateful, journeys: { started: 10, completed: 10, lost: 0, failed: 0 } }, [100, 200], 2);

  it('adds counts, recomputes rates and merges histograms exactly', () => {
    const merged = mergeRuns([first, second]);
    expect(merged.journeys.started).toBe(stateful.journeys.started + 10);
    expect(merged.sessionLoss.journeys).toBe(stateful.journeys.lost);
    expect(merged.sessionLoss.rate).toBeCloseTo(stateful.journeys.lost / (stateful.journeys.started + 10), 4);
    expect(merged.requests.total).toBe(2 * stateful.requests.total);
    expect(merged.latency.count).toBe(5);
    expect(merged.latency.max).toBeCloseTo(200, 0);
    expect(merged.repeat).toBeUndefined();
  });

  it('shows one column per design in the table, and says how many runs it merged', () => {
    const repeated = { ...result, runs: [first, second] };
    expect(repeatsOf(repeated)).toBe(2);
    expect(byDesign(repeated).runs).toHaveLength(1);
    expect(renderTable(repeated, { color: false })).toContain('repeats: 2 runs per design, merged below');
    expect(byDesign(result)).toBe(result);
  });
});
