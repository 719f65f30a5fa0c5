/**
 * A small seeded PRNG (mulberry32) and a way to derive independent streams from one
 * seed, so that user 7's third journey is the same in every run with the same seed,
 * however the scheduler interleaved the users.
 */
export interface Rng {
  /** A float in [0, 1). */
  next(): number;
  /** An integer in [min, max], both included. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}

export function createRng(seed: number): Rng {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => {
      if (items.length === 0) throw new RangeError('pick() from an empty list');
      return items[Math.floor(next() * items.length)]!;
    },
  };
}

/** A seed for a sub-stream, e.g. `deriveSeed(seed, userIndex, journeyNumber)`. */
export function deriveSeed(seed: number, ...path: number[]): number {
  let hash = (seed ^ 0x9e3779b9) >>> 0;
  for (const part of path) {
    hash = Math.imul(hash ^ (part >>> 0), 0x85ebca6b) >>> 0;
    hash = (hash ^ (hash >>> 13)) >>> 0;
    hash = Math.imul(hash, 0xc2b2ae35) >>> 0;
    hash = (hash ^ (hash >>> 16)) >>> 0;
  }
  return hash;
}

/** A fresh seed for a run whose user gave none; printed so the run can be replayed. */
export function randomSeed(): number {
  return Math.floor(Math.random() * 1_000_000_000);
}
