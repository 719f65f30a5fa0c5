import { describe, expect, it } from 'vitest';
import { isSaturated, judgeSaturation, sampleSaturation } from '../../../src/metrics/saturation.js';

const calm = { eventLoopDelayP99Ms: 1.2, eventLoopDelayMaxMs: 9, cpuPercent: 35 };

describe('saturation thresholds', () => {
  it('flags a loop whose p99 delay passes 20 ms, or a process past 90% of a core', () => {
    expect(isSaturated(calm)).toBe(false);
    expect(isSaturated({ ...calm, eventLoopDelayP99Ms: 20 })).toBe(false);
    expect(isSaturated({ ...calm, eventLoopDelayP99Ms: 20.1 })).toBe(true);
    expect(isSaturated({ ...calm, cpuPercent: 90 })).toBe(false);
    expect(isSaturated({ ...calm, cpuPercent: 97.5 })).toBe(true);
    // A single long pause (the max) is not saturation: the p99 is what the latencies carry.
    expect(isSaturated({ ...calm, eventLoopDelayMaxMs: 400 })).toBe(false);
  });

  it('judges the run saturated when the driver or the balancer is', () => {
    expect(judgeSaturation(calm, calm)).toEqual({ driver: calm, balancer: calm, saturated: false });
    expect(judgeSaturation(calm, { ...calm, cpuPercent: 99 }).saturated).toBe(true);
    expect(judgeSaturation({ ...calm, eventLoopDelayP99Ms: 45 }).saturated).toBe(true);
    expect(judgeSaturation(calm)).toEqual({ driver: calm, saturated: false });
  });
});

describe('sampleSaturation', () => {
  it("sees its own loop blocked: the delay of a busy loop shows at the max, and its CPU", async () => {
    const sampler = sampleSaturation();
    await new Promise((resolve) => setTimeout(resolve, 30));
    const until = Date.now() + 120;
    while (Date.now() < until) {
      // Block the loop, as an overloaded driver does.
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    const figures = sampler.stop();
    expect(figures.eventLoopDelayMaxMs).toBeGreaterThanOrEqual(100);
    expect(figures.cpuPercent).toBeGreaterThan(0);
  });
});
