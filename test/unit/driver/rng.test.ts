import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../../src/driver/rng.js';

describe('seeded randomness', () => {
  it('gives the same stream for the same seed and another for another seed', () => {
    const take = (seed: number) => Array.from({ length: 5 }, createRng(seed).next);
    const a = createRng(42);
    const b = createRng(42);
    expect(Array.from({ length: 5 }, a.next)).toEqual(Array.from({ length: 5 }, b.next));
    expect(take(42)).not.toEqual(take(43));
  });

  it('derives distinct streams per user and journey', () => {
    const seeds = new Set<number>();
    for (let user = 0; user < 50; user++) for (let journey = 1; journey <= 20; journey++) seeds.add(deriveSeed(7, user, journey));
    expect(seeds.size).toBe(1000);
    expect(deriveSeed(7, 3, 4)).toBe(deriveSeed(7, 3, 4));
  });

  it('draws integers within bounds, both ends included', () => {
    const rng = createRng(1);
    const seen = new Set(Array.from({ length: 1000 }, () => rng.int(2, 4)));
    expect([...seen].sort()).toEqual([2, 3, 4]);
  });
});
