import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../../src/balancer/rng.js';
import { pick } from '../../../src/balancer/strategies/random.js';
import { backends, request } from './helpers.js';

describe('random', () => {
  it('is roughly uniform over 10,000 seeded picks', () => {
    const pool = backends('a', 'b', 'c', 'd');
    const random = seededRandom(42);
    const counts: Record<string, number> = {};
    for (let seq = 0; seq < 10_000; seq++) {
      const id = pick(pool, request({ seq, random: random() }))!.backend.id;
      counts[id] = (counts[id] ?? 0) + 1;
    }
    for (const id of ['a', 'b', 'c', 'd']) {
      expect(counts[id]).toBeGreaterThan(2300);
      expect(counts[id]).toBeLessThan(2700);
    }
  });

  it('depends only on req.random', () => {
    const pool = backends('a', 'b', 'c', 'd');
    const other = request({ seq: 999, clientAddress: '10.0.0.1', cookies: { sid: 'x' }, random: 0.3 });
    expect(pick(pool, request({ random: 0.3 }))!.backend.id).toBe('b');
    expect(pick(pool, other)!.backend.id).toBe('b');
    expect(pick(pool, request({ random: 0 }))!.backend.id).toBe('a');
    expect(pick(pool, request({ random: 0.999999 }))!.backend.id).toBe('d');
  });

  it('the same seed gives the same sequence', () => {
    const a = seededRandom(7);
    const b = seededRandom(7);
    const draws = Array.from({ length: 5 }, () => [a(), b()]);
    for (const [x, y] of draws) expect(x).toBe(y);
    expect(new Set(draws.map(([x]) => x)).size).toBe(5);
  });

  it('returns undefined for an empty pool', () => {
    expect(pick([], request({ random: 0.5 }))).toBeUndefined();
  });
});
