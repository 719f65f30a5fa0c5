import { describe, expect, it } from 'vitest';
import { pick } from '../../../src/balancer/strategies/round-robin.js';
import { backends, request } from './helpers.js';

describe('round-robin', () => {
  it('cycles through the backends in order', () => {
    const pool = backends('a', 'b', 'c');
    const ids = Array.from({ length: 7 }, (_, seq) => pick(pool, request({ seq }))?.backend.id);
    expect(ids).toEqual(['a', 'b', 'c', 'a', 'b', 'c', 'a']);
  });

  it('spreads evenly and sets no cookie', () => {
    const pool = backends('a', 'b', 'c', 'd');
    const counts = new Map<string, number>();
    for (let seq = 0; seq < 400; seq++) {
      const chosen = pick(pool, request({ seq }));
      expect(chosen?.setCookie).toBeUndefined();
      counts.set(chosen!.backend.id, (counts.get(chosen!.backend.id) ?? 0) + 1);
    }
    expect([...counts.values()]).toEqual([100, 100, 100, 100]);
  });

  it('returns undefined for an empty pool', () => {
    expect(pick([], request())).toBeUndefined();
  });
});
