import { describe, expect, it } from 'vitest';
import { pick } from '../../../src/balancer/strategies/least-connections.js';
import { request } from './helpers.js';

describe('least-connections', () => {
  it('picks the backend with the fewest requests in flight', () => {
    const pool = [
      { id: 'a', inFlight: 5 },
      { id: 'b', inFlight: 1 },
      { id: 'c', inFlight: 3 },
    ];
    for (let seq = 0; seq < 6; seq++) expect(pick(pool, request({ seq }))!.backend.id).toBe('b');
  });

  it('rotates among tied backends with seq', () => {
    const pool = [
      { id: 'a', inFlight: 2 },
      { id: 'b', inFlight: 0 },
      { id: 'c', inFlight: 7 },
      { id: 'd', inFlight: 0 },
    ];
    const ids = Array.from({ length: 4 }, (_, seq) => pick(pool, request({ seq }))!.backend.id);
    expect(new Set(ids)).toEqual(new Set(['b', 'd']));
  });

  it('returns undefined for an empty pool', () => {
    expect(pick([], request())).toBeUndefined();
  });
});
