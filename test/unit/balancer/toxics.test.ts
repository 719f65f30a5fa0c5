import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/balancer/rng.js';
import { Toxics, sleep, toxicProblems } from '../../../src/balancer/toxics.js';

describe('toxics', () => {
  it('accepts the three kinds and reports every problem of a bad one', () => {
    expect(toxicProblems({ kind: 'latency', delayMs: 100, jitterMs: 20 })).toEqual([]);
    expect(toxicProblems({ kind: 'latency', delayMs: 0 })).toEqual([]);
    expect(toxicProblems({ kind: 'reset' })).toEqual([]);
    expect(toxicProblems({ kind: 'blackhole' })).toEqual([]);
    expect(toxicProblems({ kind: 'latency', delayMs: -1, jitterMs: 'x' })).toEqual([
      expect.stringMatching(/`delayMs` to be a number >= 0, got `-1`/),
      expect.stringMatching(/`jitterMs` to be a number >= 0, got `x`/),
    ]);
    expect(toxicProblems({ kind: 'slow' })).toEqual([expect.stringMatching(/one of `latency`, `reset`, `blackhole`, got `slow`/)]);
    expect(toxicProblems(null)).toEqual([expect.stringMatching(/toxic object, got `null`/)]);
  });

  it('draws latency uniformly within delay ± jitter, never below zero, replayably', () => {
    const a = new Toxics(seededRandom(5));
    const delays = Array.from({ length: 2000 }, () => a.delayMs({ kind: 'latency', delayMs: 100, jitterMs: 30 }));
    expect(Math.min(...delays)).toBeGreaterThanOrEqual(70);
    expect(Math.max(...delays)).toBeLessThanOrEqual(130);
    expect(Math.min(...delays)).toBeLessThan(75);
    expect(Math.max(...delays)).toBeGreaterThan(125);
    const b = new Toxics(seededRandom(5));
    expect(Array.from({ length: 5 }, () => b.delayMs({ kind: 'latency', delayMs: 100, jitterMs: 30 }))).toEqual(delays.slice(0, 5));
    expect(a.delayMs({ kind: 'latency', delayMs: 10, jitterMs: 50 })).toBeGreaterThanOrEqual(0);
    expect(a.delayMs({ kind: 'latency', delayMs: 40 })).toBe(40);
  });

  it('a reset resets the open connections of its backend only, once, and counts them', () => {
    const toxics = new Toxics(() => 0.5);
    const reset: string[] = [];
    toxics.track('b1', () => reset.push('b1 first'));
    const untrack = toxics.track('b1', () => reset.push('b1 closed already'));
    toxics.track('b2', () => reset.push('b2'));
    untrack();
    toxics.set('b1', { kind: 'latency', delayMs: 5 });
    expect(reset).toEqual([]);
    toxics.set('b1', { kind: 'reset' });
    toxics.set('b1', { kind: 'reset' });
    expect(reset).toEqual(['b1 first']);
    expect(toxics.stats()).toEqual({ toxicByBackend: { b1: 1 }, toxics: { b1: { kind: 'reset' } } });
  });

  it('keeps only the known fields, and clears', () => {
    const toxics = new Toxics(() => 0.5);
    toxics.set('b1', { kind: 'latency', delayMs: 5, extra: true } as never);
    toxics.set('b2', { kind: 'blackhole' });
    toxics.count('b2');
    expect(toxics.stats().toxics).toEqual({ b1: { kind: 'latency', delayMs: 5, jitterMs: 0 }, b2: { kind: 'blackhole' } });
    expect(toxics.clear('b1')).toBe(true);
    expect(toxics.clear('b1')).toBe(false);
    expect(toxics.get('b1')).toBeUndefined();
    expect(toxics.stats()).toEqual({ toxicByBackend: { b2: 1 }, toxics: { b2: { kind: 'blackhole' } } });
  });

  it('sleep ends early, with false, when aborted', async () => {
    const controller = new AbortController();
    const slept = sleep(10_000, controller.signal);
    controller.abort();
    expect(await slept).toBe(false);
    expect(await sleep(1, new AbortController().signal)).toBe(true);
  });
});
