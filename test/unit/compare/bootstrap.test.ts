import { describe, expect, it } from 'vitest';
import { bootstrapDifference, mean } from '../../../src/compare/index.js';

const noisyBase = [10, 14, 9, 13, 11];
const noisyHead = [12, 10, 15, 11, 13];

describe('bootstrapDifference', () => {
  it('estimates head − base of the means, inside its interval', () => {
    const { estimate, interval } = bootstrapDifference(noisyBase, noisyHead, { seed: 7 });
    expect(estimate).toBeCloseTo(mean(noisyHead) - mean(noisyBase));
    expect(interval[0]).toBeLessThan(estimate);
    expect(interval[1]).toBeGreaterThan(estimate);
  });

  it('straddles zero for overlapping samples and excludes it for a clear shift', () => {
    const noisy = bootstrapDifference(noisyBase, noisyHead).interval;
    expect(noisy[0]).toBeLessThan(0);
    expect(noisy[1]).toBeGreaterThan(0);
    const shift = bootstrapDifference([10, 11, 10, 11, 10], [20, 21, 20, 22, 21]).interval;
    expect(shift[0]).toBeGreaterThan(9);
    expect(shift[1]).toBeLessThan(12);
  });

  it('gives the same interval for the same seed, another for another seed', () => {
    // Irregular values, so that the resampled means do not fall on a coarse grid.
    const base = [10.13, 14.71, 9.02, 13.37, 11.9];
    const head = [12.4, 10.06, 15.81, 11.23, 13.5];
    const a = bootstrapDifference(base, head, { seed: 42, resamples: 2000, confidence: 0.95 });
    const b = bootstrapDifference(base, head, { seed: 42, resamples: 2000, confidence: 0.95 });
    const c = bootstrapDifference(base, head, { seed: 43, resamples: 2000, confidence: 0.95 });
    expect(a).toEqual(b);
    expect(c.interval).not.toEqual(a.interval);
  });

  it('widens with the confidence asked for', () => {
    const narrow = bootstrapDifference(noisyBase, noisyHead, { confidence: 0.5 }).interval;
    const wide = bootstrapDifference(noisyBase, noisyHead, { confidence: 0.99 }).interval;
    expect(wide[0]).toBeLessThan(narrow[0]);
    expect(wide[1]).toBeGreaterThan(narrow[1]);
  });

  it('collapses to the difference when no sample varies', () => {
    expect(bootstrapDifference([5, 5], [7, 7]).interval).toEqual([2, 2]);
  });

  it('refuses empty samples, non-finite values and options out of range', () => {
    expect(() => bootstrapDifference([], [1])).toThrow(RangeError);
    expect(() => bootstrapDifference([1, Infinity], [1])).toThrow(RangeError);
    expect(() => bootstrapDifference([1], [1], { confidence: 1 })).toThrow(RangeError);
    expect(() => bootstrapDifference([1], [1], { resamples: 0 })).toThrow(RangeError);
  });
});
