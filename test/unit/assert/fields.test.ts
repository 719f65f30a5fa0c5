import { describe, expect, it } from 'vitest';
import { isRunField, resolveMetric, runsByDesign } from '../../../src/assert/index.js';
import type { DesignRun } from '../../../src/result.js';
import { result } from '../report/fixture.js';

const run = result.runs[0] as DesignRun;

describe('run fields', () => {
  it('know every field of a run', () => {
    const full = { ...run, memoryMb: {}, notes: [], phases: [], intervals: [], trace: { user: 'u', events: [] } };
    expect(Object.keys(full).filter((key) => !isRunField(key))).toEqual([]);
    expect(isRunField('latencyy')).toBe(false);
  });
});

describe('resolveMetric', () => {
  it('reads top-level, nested, listed and dotted-key figures', () => {
    const withSteps: DesignRun = { ...run, latencyByStep: { 'cart.add': { ...run.latency, p99: 4 } } };
    expect(resolveMetric(run, 'rebinds')).toEqual({ ok: true, value: 12 });
    expect(resolveMetric(run, 'journeys.lost')).toEqual({ ok: true, value: 37 });
    expect(resolveMetric(run, 'timeline.0.requests')).toEqual({ ok: true, value: 200 });
    expect(resolveMetric(run, 'faults.0.firedAtMs')).toEqual({ ok: true, value: 4003 });
    expect(resolveMetric(withSteps, 'latencyByStep.cart.add.p99')).toEqual({ ok: true, value: 4 });
  });

  it('reads an absent count of a kind or a server as 0, but not an absent memory figure', () => {
    expect(resolveMetric(run, 'requests.byBackend.server-7')).toEqual({ ok: true, value: 0 });
    expect(resolveMetric({ ...run, memoryMb: { driver: 80 } }, 'memoryMb.redis'))
      .toEqual({ ok: false, reason: 'no field `memoryMb.redis` (`memoryMb` has driver)' });
    expect(resolveMetric(run, 'memoryMb.redis')).toEqual({ ok: false, reason: 'no field `memoryMb` in the run (the report was made without it)' });
  });
});

describe('runsByDesign', () => {
  it('groups repeated runs of a design, in report order', () => {
    const groups = runsByDesign({ ...result, runs: [run, result.runs[1]!, { ...run, rebinds: 1 }] });
    expect([...groups.keys()]).toEqual(['stateful', 'stateless']);
    expect(groups.get('stateful')!.map((r) => r.rebinds)).toEqual([12, 1]);
  });
});
