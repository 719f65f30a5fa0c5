import { describe, expect, it } from 'vitest';
import { planFaults, type PlannedFault } from '../../../src/chaos/plan.js';
import { parseFaultSpec, type FaultSpec } from '../../../src/chaos/spec.js';

const run = { durationMs: 60_000, servers: 5 };

function specs(...texts: string[]): FaultSpec[] {
  return texts.map((text) => {
    const parsed = parseFaultSpec(text, run);
    if (!parsed.ok) throw new Error(`${text}: expected ${parsed.expected}`);
    return parsed.value;
  });
}

const plan = (seed: number, ...texts: string[]): PlannedFault[] => planFaults(specs(...texts), { ...run, seed });
const shape = (faults: PlannedFault[]) => faults.map(({ label, at, afterJourneys }) => ({ label, at, afterJourneys }));

describe('planFaults', () => {
  it('keeps fixed faults as written, sorted by time, journey triggers last', () => {
    const faults = plan(1, 'rolling@after=300journeys', 'pause:server-2@30s', 'crash:server-1@5s', 'scale-up@after=100journeys', 'store-crash');
    expect(shape(faults)).toEqual([
      { label: 'crash server-1', at: 5000, afterJourneys: undefined },
      { label: 'store-crash +0.5s', at: 24_000, afterJourneys: undefined },
      { label: 'pause server-2 +2.0s', at: 30_000, afterJourneys: undefined },
      { label: 'scale-up', at: undefined, afterJourneys: 100 },
      { label: 'rolling', at: undefined, afterJourneys: 300 },
    ]);
  });

  it('carries kind, span and params into each firing', () => {
    const [fault] = plan(1, 'latency:server-4@1s+3s,delay=300ms,jitter=50ms');
    expect(fault).toMatchObject({ kind: 'latency', target: 'server-4', at: 1000, spanMs: 3000, params: { delayMs: 300, jitterMs: 50 } });
    expect(fault!.label).toBe('latency server-4 +3.0s delay=300ms jitter=50ms');
    expect(fault!.spec.text).toBe('latency:server-4@1s+3s,delay=300ms,jitter=50ms');
  });

  it('gives the same plan for the same seed and specs', () => {
    const texts = ['pause:random@every=3s', 'crash:random', 'latency:random@every=5s+1s', 'rolling@after=50journeys'];
    expect(plan(42, ...texts)).toEqual(plan(42, ...texts));
  });

  it('gives another plan for another seed', () => {
    const texts = ['pause:random@every=3s', 'reset:random@every=4s'];
    expect(shape(plan(42, ...texts))).not.toEqual(shape(plan(43, ...texts)));
  });

  it('leaves the draws of a spec alone when another spec is added after it', () => {
    const alone = plan(7, 'pause:random@every=3s');
    const withMore = plan(7, 'pause:random@every=3s', 'blackhole:random@every=2s').filter((fault) => fault.kind === 'pause');
    expect(shape(withMore)).toEqual(shape(alone));
  });

  it.each([1, 2, 3, 99, 123_456])('draws every= gaps within [0.5×, 1.5×] and stays inside the run (seed %i)', (seed) => {
    const faults = plan(seed, 'pause:server-1@every=3s');
    const times = faults.map((fault) => fault.at!);
    const gaps = times.map((at, index) => at - (index === 0 ? 0 : times[index - 1]!));
    expect(gaps.every((gap) => gap >= 1500 - 1 && gap <= 4500 + 1)).toBe(true);
    expect(times.every((at) => at >= 0 && at < run.durationMs)).toBe(true);
    // 60s at 3s on average: about 20 firings, and the last gap would have left the run.
    expect(faults.length).toBeGreaterThanOrEqual(13);
    expect(faults.length).toBeLessThanOrEqual(40);
    expect(times.at(-1)! + 4500).toBeGreaterThan(run.durationMs - 1500);
  });

  it('fires an every= spec at least once even at the longest interval allowed', () => {
    const parsed = parseFaultSpec('rolling@every=6.6s', { durationMs: 10_000, servers: 3 });
    expect(parsed.ok).toBe(true);
    for (let seed = 0; seed < 50; seed++) {
      const faults = planFaults(parsed.ok ? [parsed.value] : [], { seed, durationMs: 10_000, servers: 3 });
      expect(faults.length).toBeGreaterThanOrEqual(1);
      expect(faults.every((fault) => fault.at! < 10_000)).toBe(true);
    }
  });

  it('resolves random to a server of the fleet, drawn anew at each firing', () => {
    const faults = plan(5, 'pause:random@every=1s', 'crash:random@after=10journeys');
    const targets = faults.map((fault) => fault.target!);
    expect(targets.every((target) => /^server-[1-5]$/.test(target))).toBe(true);
    expect(new Set(targets).size).toBeGreaterThan(1);
    expect(faults.every((fault) => fault.spec.target === 'random')).toBe(true);
  });

  it('keeps a fixed target the same at every firing', () => {
    const faults = plan(5, 'pause:server-3@every=2s');
    expect(new Set(faults.map((fault) => fault.target))).toEqual(new Set(['server-3']));
  });

  it('plans nothing from no specs', () => {
    expect(planFaults([], { ...run, seed: 1 })).toEqual([]);
  });
});
