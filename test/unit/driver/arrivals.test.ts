import { describe, expect, it } from 'vitest';
import { arrivalsDue, arrivalTimes, peakPerSec, profileDurationMs } from '../../../src/driver/arrivals.js';

const times = (startPerSec: number, stages: { perSec: number; durationMs: number }[]) => [...arrivalTimes({ startPerSec, stages })];

describe('arrivalTimes', () => {
  it('spaces a constant rate evenly from t = 0', () => {
    expect(times(10, [{ perSec: 10, durationMs: 1000 }]).map((t) => Math.round(t * 1e6) / 1e6)).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900]);
  });

  it('ramps linearly: the n-th arrival is where the rate integrated from 0 reaches n', () => {
    // 0 → 10/s over 2 s: due(t) = 2.5·t² (t in s), so arrival n is at √(n / 2.5) s.
    const got = times(0, [{ perSec: 10, durationMs: 2000 }]);
    expect(got).toHaveLength(10);
    got.forEach((t, n) => expect(t).toBeCloseTo(Math.sqrt(n / 2.5) * 1000, 6));
  });

  it('chains stages, each from the rate the last one reached, and ramps down as well as up', () => {
    const profile = { startPerSec: 0, stages: [{ perSec: 20, durationMs: 1000 }, { perSec: 20, durationMs: 1000 }, { perSec: 0, durationMs: 1000 }] };
    const got = [...arrivalTimes(profile)];
    expect(arrivalsDue(profile)).toBe(40);
    expect(got).toHaveLength(40);
    expect(got.filter((t) => t < 1000)).toHaveLength(10);
    expect(got.filter((t) => t >= 1000 && t < 2000)).toHaveLength(20);
    expect(got.filter((t) => t >= 2000)).toHaveLength(10);
    // In order, and none past the end of the last stage.
    expect(got.every((t, i) => i === 0 || t > got[i - 1]!)).toBe(true);
    expect(got.at(-1)!).toBeLessThan(profileDurationMs(profile));
  });

  it('the same profile gives the same schedule', () => {
    const profile = { startPerSec: 3, stages: [{ perSec: 7, durationMs: 1500 }, { perSec: 1, durationMs: 500 }] };
    expect([...arrivalTimes(profile)]).toEqual([...arrivalTimes(profile)]);
  });

  it('has no arrival in a stage at rate 0', () => {
    expect(times(0, [{ perSec: 0, durationMs: 1000 }])).toEqual([]);
    expect(times(0, [{ perSec: 0, durationMs: 1000 }, { perSec: 0, durationMs: 500 }, { perSec: 2, durationMs: 1000 }])).toHaveLength(1);
    expect(peakPerSec({ startPerSec: 2, stages: [{ perSec: 9, durationMs: 1 }] })).toBe(9);
  });
});
