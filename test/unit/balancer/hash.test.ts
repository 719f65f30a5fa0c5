import { describe, expect, it } from 'vitest';
import { pick } from '../../../src/balancer/strategies/hash.js';
import { hash32 } from '../../../src/balancer/strategies/ring.js';
import type { BackendView } from '../../../src/balancer/strategies/types.js';
import { backends, request } from './helpers.js';

const KEYS = Array.from({ length: 10_000 }, (_, i) => `session-${i}-${(i * 2654435761) >>> 0}`);

function owners(pool: readonly BackendView[]): string[] {
  return KEYS.map((sid) => pick(pool, request({ cookies: { sid } }))!.backend.id);
}

describe('hash', () => {
  it('maps the same key to the same backend, whatever else differs', () => {
    const pool = backends('server-1', 'server-2', 'server-3');
    const first = pick(pool, request({ cookies: { sid: 'abc' } }))!.backend.id;
    for (let seq = 0; seq < 20; seq++) {
      const again = pick([...pool], request({ seq, random: seq / 20, clientKey: `10.0.0.${seq}:1`, cookies: { sid: 'abc' } }));
      expect(again!.backend.id).toBe(first);
    }
  });

  it('keys on the client address when there is no sid cookie', () => {
    const pool = backends('server-1', 'server-2', 'server-3');
    const byClient = (clientKey: string, seq: number) => pick(pool, request({ clientKey, seq }))!.backend.id;
    expect(byClient('127.0.0.1:1234', 0)).toBe(byClient('127.0.0.1:1234', 1));
    const spread = new Set(Array.from({ length: 50 }, (_, i) => byClient(`127.0.0.1:${40000 + i}`, 0)));
    expect(spread.size).toBe(3);
  });

  it('spreads keys roughly evenly', () => {
    const counts: Record<string, number> = {};
    for (const id of owners(backends('server-1', 'server-2', 'server-3'))) counts[id] = (counts[id] ?? 0) + 1;
    for (const n of Object.values(counts)) expect(n).toBeGreaterThan(10_000 / 3 * 0.75);
  });

  it('adding a 4th backend moves about a quarter of the keys, all to the new one', () => {
    const before = owners(backends('server-1', 'server-2', 'server-3'));
    const after = owners(backends('server-1', 'server-2', 'server-3', 'server-4'));
    const moved = KEYS.map((_, i) => i).filter((i) => before[i] !== after[i]);
    expect(moved.length / KEYS.length).toBeGreaterThan(0.15);
    expect(moved.length / KEYS.length).toBeLessThan(0.35);
    for (const i of moved) expect(after[i]).toBe('server-4');
  });

  it('removing a backend moves only its keys', () => {
    const before = owners(backends('server-1', 'server-2', 'server-3', 'server-4'));
    const after = owners(backends('server-1', 'server-3', 'server-4'));
    KEYS.forEach((_, i) => {
      if (before[i] === 'server-2') expect(after[i]).not.toBe('server-2');
      else expect(after[i]).toBe(before[i]);
    });
  });

  it('does not depend on the order of the pool', () => {
    const a = owners(backends('server-1', 'server-2', 'server-3'));
    const b = owners(backends('server-3', 'server-1', 'server-2'));
    expect(b).toEqual(a);
  });

  it('uses a well-mixed 32-bit hash', () => {
    expect(hash32('a')).not.toBe(hash32('b'));
    expect(hash32('session-1')).toBeGreaterThanOrEqual(0);
    expect(hash32('session-1')).toBeLessThan(2 ** 32);
  });

  it('returns undefined for an empty pool', () => {
    expect(pick([], request({ cookies: { sid: 'x' } }))).toBeUndefined();
  });
});
