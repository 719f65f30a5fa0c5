import { describe, expect, it } from 'vitest';
import { compare, comparisonFailed, parseThresholds } from '../../../src/compare/index.js';
import type { Comparison } from '../../../src/compare/index.js';
import type { DesignRun, PhaseFigures } from '../../../src/result.js';
import { repeats, report, result, stateful, stateless, tweak } from './fixture.js';

function row(c: Comparison, design: string, path: string) {
  const found = c.rows.find((r) => r.design === design && r.path === path);
  if (!found) throw new Error(`no row ${design} ${path}`);
  return found;
}

const p99 = (head: number, ...thresholds: string[]) =>
  compare(result, report([tweak(stateful, { p99: head }), stateless]), parseThresholds(thresholds));

describe('compare, one run per side', () => {
  it('flags a rise beyond the threshold as a regression', () => {
    const c = p99(130, 'latency.p99=+10%');
    expect(row(c, 'stateful', 'latency.p99')).toMatchObject({
      base: 98.765, head: 130, regression: true, verdict: 'regression', baseRuns: 1, headRuns: 1,
    });
    expect(row(c, 'stateful', 'latency.p99').delta).toBeCloseTo(31.235);
    expect(row(c, 'stateful', 'latency.p99').deltaPct).toBeCloseTo(31.626, 2);
    expect(row(c, 'stateless', 'latency.p99')).toMatchObject({ delta: 0, regression: false, verdict: 'ok' });
    expect(c.regressions).toBe(1);
    expect(comparisonFailed(c)).toBe(true);
  });

  it('lets a rise within the threshold pass', () => {
    const c = p99(105, 'latency.p99=+10%');
    expect(row(c, 'stateful', 'latency.p99')).toMatchObject({ regression: false, verdict: 'ok' });
    expect(row(c, 'stateful', 'latency.p99').allowed).toBeCloseTo(9.8765);
    expect(c.regressions).toBe(0);
    expect(comparisonFailed(c)).toBe(false);
  });

  it('calls an improvement an improvement, never a regression', () => {
    const c = p99(50, 'latency.p99=+10%');
    expect(row(c, 'stateful', 'latency.p99')).toMatchObject({ regression: false, verdict: 'improved' });
    expect(c.regressions).toBe(0);
  });

  it('with +0, flags any rise at all', () => {
    const loss = (rate: number) =>
      compare(result, report([stateful, tweak(stateless, { lossRate: rate })]), parseThresholds(['sessionLoss.rate=+0']));
    expect(row(loss(0.001), 'stateless', 'sessionLoss.rate').verdict).toBe('regression');
    expect(loss(0.001).regressions).toBe(1);
    expect(row(loss(0), 'stateless', 'sessionLoss.rate').verdict).toBe('ok');
    expect(loss(0).regressions).toBe(0);
  });

  it('with a minus limit, flags a fall beyond it where lower is worse', () => {
    const completed = (n: number) =>
      compare(result, report([tweak(stateful, { completed: n }), stateless]), parseThresholds(['journeys.completed=-10%']));
    expect(row(completed(300), 'stateful', 'journeys.completed').verdict).toBe('regression');
    expect(row(completed(360), 'stateful', 'journeys.completed').verdict).toBe('ok');
    expect(row(completed(400), 'stateful', 'journeys.completed').verdict).toBe('improved');
  });

  it('gates without a threshold nothing, but still shows which way each figure moved', () => {
    const c = p99(130);
    expect(row(c, 'stateful', 'latency.p99')).toMatchObject({ regression: false, verdict: 'ok', worse: 'higher' });
    expect(row(c, 'stateful', 'latency.p99').threshold).toBeUndefined();
    expect(c.regressions).toBe(0);
  });

  it('lets a threshold naming the design win over one for every design', () => {
    const c = p99(105, 'latency.p99=+10%', 'stateful.latency.p99=+1%');
    expect(row(c, 'stateful', 'latency.p99')).toMatchObject({ verdict: 'regression', threshold: { limitText: '+1%' } });
    expect(row(c, 'stateless', 'latency.p99').threshold?.limitText).toBe('+10%');
  });

  it('shows the headline metrics of each design, plus every path a threshold names', () => {
    const c = p99(98.765, 'rebinds=+0', 'stateless.latencyByStep.add.p99=+10%');
    const paths = (design: string) => c.rows.filter((r) => r.design === design).map((r) => r.path);
    const headline = ['journeys.completed', 'sessionLoss.rate', 'requests.errors', 'consistency.errors',
      'latency.p50', 'latency.p90', 'latency.p99', 'latency.p999'];
    expect(paths('stateful')).toEqual([...headline, 'rebinds']);
    expect(paths('stateless')).toEqual([...headline, 'rebinds', 'latencyByStep.add.p99']);
  });
});

describe('compare, what it cannot check', () => {
  it('fails a threshold on a design neither report has, or on a figure that is not there', () => {
    const c = p99(98.765, 'stateless-naive.latency.p99=+10%', 'latency.p98=+10%');
    expect(c.problems).toEqual([
      'cannot check `stateless-naive.latency.p99=+10%`: no design `stateless-naive` in either report (designs: stateful, stateless)',
      'cannot check `latency.p98=+10%` for stateful: base: no field `latency.p98` (`latency` has count, mean, p50, p90, p99, p999, max); ' +
        'head: no field `latency.p98` (`latency` has count, mean, p50, p90, p99, p999, max)',
      expect.stringMatching(/^cannot check `latency.p98=\+10%` for stateless: /),
    ]);
    expect(c.regressions).toBe(0);
    expect(comparisonFailed(c)).toBe(true);
  });

  it('notes a design only one report ran, and gates it only by a threshold naming it', () => {
    const naive: DesignRun = { ...stateless, arch: 'stateless-naive' };
    const head = report([stateful, stateless, naive]);
    const general = compare(result, head, parseThresholds(['latency.p99=+10%']));
    expect(general.notes).toEqual(['design `stateless-naive` is only in the head report']);
    expect(row(general, 'stateless-naive', 'latency.p99')).toMatchObject({ base: null, head: 7.891, delta: null });
    expect(comparisonFailed(general)).toBe(false);
    const named = compare(result, head, parseThresholds(['stateless-naive.latency.p99=+10%']));
    expect(named.problems).toEqual([
      'cannot check `stateless-naive.latency.p99=+10%` for stateless-naive: no run of the design in the base report',
    ]);
  });

  it('reads a recovery that never came as worse than any time', () => {
    const span = { fromMs: 0, toMs: 1, requests: 0, errors: 0, errorRate: 0, throughput: 0, lost: 0, latency: stateful.latency };
    const phase = (recoveryMs: number | null): PhaseFigures =>
      ({ label: 'crash server-1', startMs: 4000, endMs: 4000, before: span, during: span, after: span, recoveryMs });
    const base = report([{ ...stateful, phases: [phase(500)] }]);
    const head = report([{ ...stateful, phases: [phase(null)] }]);
    const c = compare(base, head, parseThresholds(['phases.0.recoveryMs=+1000']));
    expect(row(c, 'stateful', 'phases.0.recoveryMs')).toMatchObject({
      note: 'crash server-1', base: 500, head: Infinity, delta: Infinity, verdict: 'regression',
    });
    const never = compare(head, head, parseThresholds(['phases.0.recoveryMs=+0']));
    expect(row(never, 'stateful', 'phases.0.recoveryMs')).toMatchObject({ delta: 0, verdict: 'ok' });
  });
});

describe('compare, repeated runs', () => {
  const threshold = parseThresholds(['latency.p99=+5%']);

  it('calls a higher mean within the run-to-run noise noise, not a regression', () => {
    const c = compare(repeats(stateful, [10, 14, 9, 13, 11]), repeats(stateful, [12, 10, 15, 11, 13]), threshold);
    const r = row(c, 'stateful', 'latency.p99');
    expect(r).toMatchObject({ base: 11.4, head: 12.2, baseRuns: 5, headRuns: 5, regression: false, verdict: 'noise' });
    expect(r.delta).toBeCloseTo(0.8);
    expect(r.delta!).toBeGreaterThan(r.allowed!);
    expect(r.ci![0]).toBeLessThan(0);
    expect(c.regressions).toBe(0);
  });

  it('calls a clear shift a regression', () => {
    const c = compare(repeats(stateful, [10, 11, 10, 11, 10]), repeats(stateful, [20, 21, 20, 22, 21]), threshold);
    const r = row(c, 'stateful', 'latency.p99');
    expect(r).toMatchObject({ regression: true, verdict: 'regression' });
    expect(r.ci![0]).toBeGreaterThan(r.allowed!);
    expect(c.regressions).toBe(1);
  });

  it('calls a clear fall an improvement', () => {
    const c = compare(repeats(stateful, [20, 21, 20, 22, 21]), repeats(stateful, [10, 11, 10, 11, 10]), threshold);
    expect(row(c, 'stateful', 'latency.p99').verdict).toBe('improved');
  });

  it('gives the same intervals every time, and none with a single run on a side', () => {
    const base = repeats(stateful, [10, 14, 9, 13, 11]);
    const head = repeats(stateful, [12, 10, 15, 11, 13]);
    expect(compare(base, head, threshold)).toEqual(compare(base, head, threshold));
    expect(compare(base, head, threshold, { seed: 9 }).rows.some((r) => r.ci)).toBe(true);
    const single = compare(base, repeats(stateful, [12.2]), threshold);
    expect(row(single, 'stateful', 'latency.p99')).toMatchObject({ base: 11.4, head: 12.2, verdict: 'regression' });
    expect(row(single, 'stateful', 'latency.p99').ci).toBeUndefined();
  });
});
