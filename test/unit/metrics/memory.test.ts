import { describe, expect, it } from 'vitest';
import { residentBytes, sampleMemory } from '../../../src/metrics/memory.js';

describe('memory sampling', () => {
  it("reads this process's resident memory and reports peaks in MiB", async () => {
    expect(residentBytes(process.pid)).toBeGreaterThan(1024 * 1024);
    const sampler = sampleMemory(() => ({ self: process.pid, gone: 2 ** 22 + 7 }), 10);
    await new Promise((resolve) => setTimeout(resolve, 30));
    const figures = sampler.stop();
    expect(figures.driver).toBeGreaterThan(1);
    expect(figures.self).toBeCloseTo(figures.driver!, -1);
    expect(figures.gone).toBeUndefined();
  });
});
