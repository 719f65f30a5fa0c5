import { describe, expect, it } from 'vitest';
import { createLatencyHistogram, encode, recordLatency, summarize } from '../../../src/metrics/histogram.js';
import { byDesign, mergeRuns, repeatsOf } from '../../../src/report/merge.js';
import { comparisonRows, rowLabel } from '../../../src/report/rows.js';
import { renderTable } from '../../../src/report/table.js';
import type { RunResult } from '../../../src/result.js';

/** The row labelled `label` (as HTML writes it) in the comparison of `result`, merged by design. */
const rowOf = (result: RunResult, label: string) => comparisonRows(byDesign(result).runs).flat().find((row) => rowLabel(row) === label);
import type { DesignRun, PhaseFigures, SpanFigures } from '../../../src/result.js';
import { result } from './fixture.js';

function withLatencies(run: DesignRun, latenciesMs: number[], repeat: number): DesignRun {
  const histogram = createLatencyHistogram();
  for (const ms of latenciesMs) recordLatency(histogram, ms * 1000);
  return { ...run, repeat, histograms: { overall: encode(histogram) } };
}

describe('merging repeats of a design', () => {
  const [stateful] = result.runs as [DesignRun];
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

/** A span of `[fromMs, toMs)` with `errors` of `requests` and latencies (ms) meant to start in it. */
function span(fromMs: number, toMs: number, requests: number, errors: number, lost: number, latenciesMs: number[], withHistogram = true): SpanFigures {
  const histogram = createLatencyHistogram();
  for (const ms of latenciesMs) recordLatency(histogram, ms * 1000);
  return {
    fromMs, toMs, requests, errors, lost,
    errorRate: requests === 0 ? 0 : errors / requests,
    throughput: requests / ((toMs - fromMs) / 1000),
    latency: summarize(histogram),
    ...(withHistogram ? { histogram: encode(histogram) } : {}),
  };
}

/** One repeat of a crash at 4 s: its phase, its timeline and its examples. */
function repeat(n: number, phase: PhaseFigures, lostAt: number[]): DesignRun {
  const [stateful] = result.runs as [DesignRun];
  const errors = phase.before.errors + phase.during.errors + phase.after.errors;
  const lost = phase.before.lost + phase.during.lost + phase.after.lost;
  return {
    ...stateful,
    repeat: n,
    journeys: { started: 100, completed: 100 - lost, lost, failed: 0 },
    sessionLoss: { journeys: lost, rate: lost / 100 },
    requests: { ...stateful.requests, total: phase.before.requests + phase.during.requests + phase.after.requests, errors },
    phases: [phase],
    timeline: [
      { t: 0, requests: phase.before.requests, errors: 0, lost: 0, journeys: 100, completed: 0 },
      { t: 1, requests: phase.during.requests + phase.after.requests, errors, lost, journeys: 0, completed: 100 - lost, faults: ['crash server-1'] },
    ],
    examples: lostAt.map((atMs) => ({ user: `user-${n}`, atMs, step: 'view', server: 'server-2', reason: 'view: 401 unknown session' })),
    notes: [`crash ${n}`],
  };
}

describe('merging the phases, recovery, timeline and examples of repeats', () => {
  const crash = (before: SpanFigures, during: SpanFigures, after: SpanFigures, recoveryMs: number | null): PhaseFigures =>
    ({ label: 'crash server-1', startMs: 1000, endMs: 1000, before, during, after, recoveryMs });
  const runs = [
    repeat(1, crash(span(0, 1000, 100, 0, 0, [1, 2]), span(1000, 2000, 50, 5, 3, [500]), span(2000, 3000, 100, 0, 0, [2]), 400), [1100, 1200, 1300]),
    repeat(2, crash(span(0, 1000, 100, 0, 0, [1]), span(1000, 2000, 30, 3, 2, [900, 800]), span(2000, 3000, 80, 0, 0, [3]), 900), [1500, 1600]),
    repeat(3, crash(span(0, 1000, 100, 0, 0, [2]), span(1000, 2000, 40, 0, 0, [5]), span(2000, 3000, 90, 1, 1, [4]), 600), [2500]),
  ];
  const merged = mergeRuns(runs);
  const [phase] = merged.phases!;

  it('adds the counts of each span, so before / during / after add up to the merged totals', () => {
    expect(phase!.during).toMatchObject({ requests: 120, errors: 8, lost: 5, errorRate: 0.0667, throughput: 40 });
    expect(phase!.before.errors + phase!.during.errors + phase!.after.errors).toBe(merged.requests.errors);
    expect(phase!.before.lost + phase!.during.lost + phase!.after.lost).toBe(merged.sessionLoss.journeys);
    expect(phase!.before.requests + phase!.during.requests + phase!.after.requests).toBe(merged.requests.total);
  });

  it('merges the latency of each span from its histograms', () => {
    expect(phase!.during.latency.count).toBe(4);
    expect(phase!.during.latency.max).toBeCloseTo(900, 0);
    expect(phase!.during.latencyFromRepeat).toBeUndefined();
  });

  it('says the latency is one repeat\'s when the spans carry no histogram (older reports)', () => {
    const old = runs.map((run) => ({
      ...run,
      phases: run.phases!.map((p) => ({ ...p, during: { ...p.during, histogram: undefined } as SpanFigures })),
    }));
    const [oldPhase] = mergeRuns(old).phases!;
    expect(oldPhase!.during).toMatchObject({ requests: 120, latencyFromRepeat: 1, latency: runs[0]!.phases![0]!.during.latency });
    expect(rowOf({ ...result, runs: old }, 'crash server-1: p99 ms (repeat 1) b/d/a')).toBeDefined();
  });

  it('gives recovery as the median of the repeats with its range', () => {
    expect(phase!.recoveryMs).toBe(600);
    expect(phase!.recoveryRange).toEqual({ minMs: 400, maxMs: 900, repeats: 3 });
    expect(rowOf({ ...result, runs }, 'crash server-1: recovery')?.cells.map((cell) => cell.text)).toEqual(['0.6 s (0.4 s–0.9 s)']);
    const never = mergeRuns([runs[0]!, { ...runs[1]!, phases: [{ ...runs[1]!.phases![0]!, recoveryMs: null }] }]).phases![0]!;
    expect(never).toMatchObject({ recoveryMs: null, recoveryRange: { minMs: 400, maxMs: null, repeats: 2 } });
  });

  it('adds the timelines second by second, each fault named once', () => {
    expect(merged.timeline).toEqual([
      { t: 0, requests: 300, errors: 0, lost: 0, journeys: 300, completed: 0 },
      { t: 1, requests: 390, errors: 9, lost: 6, journeys: 0, completed: 294, faults: ['crash server-1'] },
    ]);
  });

  it('takes examples from every repeat, naming it, and notes that differ with their repeat', () => {
    expect(merged.examples.map((e) => [e.repeat, e.atMs])).toEqual([[1, 1100], [2, 1500], [3, 2500], [1, 1200], [2, 1600]]);
    expect(merged.notes).toEqual(['repeat 1: crash 1', 'repeat 2: crash 2', 'repeat 3: crash 3']);
  });
});
