import { describe, expect, it } from 'vitest';
import { pick } from '../../../src/balancer/strategies/hash.js';
import { hash32 } from '../../../src/balancer/strategies/ring.js';
import type { BackendView, HashMode } from '../../../src/balancer/strategies/types.js';
import { backends, policy, request } from './helpers.js';

const KEYS = Array.from({ length: 10_000 }, (_, i) => `session-${i}-${(i * 2654435761) >>> 0}`);

function owners(pool: readonly BackendView[], hashMode: HashMode = 'consistent'): string[] {
  return KEYS.map((sid) => pick(pool, request({ cookies: { sid }, policy: policy({ hashMode }) }))!.backend.id);
}

function movedShare(before: readonly string[], after: readonly string[]): number {
  return before.filter((id, i) => after[i] !== id).length / before.length;
}

describe('hash', () => {
  it('maps the same key to the same backend, whatever else differs', () => {
    const pool = backends('server-1', 'server-2', 'server-3');
    const first = pick(pool, request({ cookies: { sid: 'abc' } }))!.backend.id;
    for (let seq = 0; seq < 20; seq++) {
      const again = pick([...pool], request({ seq, random: seq / 20, clientAddress: `10.0.0.${seq}`, cookies: { sid: 'abc' } }));
      expect(again!.backend.id).toBe(first);
    }
  });

  it('keys on the client address (not its port) when there is no sid cookie', () => {
    const pool = backends('server-1', 'server-2', 'server-3');
    const byClient = (clientAddress: string, seq: number) => pick(pool, request({ clientAddress, seq }))!.backend.id;
    expect(byClient('127.0.0.7', 0)).toBe(byClient('127.0.0.7', 1));
    const spread = new Set(Array.from({ length: 50 }, (_, i) => byClient(`127.0.1.${i + 1}`, 0)));
    expect(spread.size).toBe(3);
    const sessions = Array.from({ length: 50 }, (_, i) => pick(pool, request({ clientAddress: '127.0.0.1', cookies: { sid: `s${i}` } }))!.backend.id);
    expect(new Set(sessions).size).toBe(3);
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

  it('names the key it hashed, so the balancer can tell when a session moves', () => {
    const pool = backends('server-1', 'server-2');
    expect(pick(pool, request({ cookies: { sid: 'abc' } }))!.key).toBe('abc');
    expect(pick(pool, request({ clientAddress: '10.0.0.1' }))!.key).toBe('10.0.0.1');
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

describe('hash, modulo', () => {
  it('adding a 4th backend to 3 moves about 1/4 of the keys with consistent, most with modulo', () => {
    const three = backends('server-1', 'server-2', 'server-3');
    const four = backends('server-1', 'server-2', 'server-3', 'server-4');
    const consistent = movedShare(owners(three), owners(four));
    expect(consistent).toBeGreaterThan(0.15);
    expect(consistent).toBeLessThan(0.35);
    expect(movedShare(owners(three, 'modulo'), owners(four, 'modulo'))).toBeGreaterThan(0.6);
  });

  it('spreads keys evenly and does not depend on the order of the pool', () => {
    const a = owners(backends('server-1', 'server-2', 'server-3'), 'modulo');
    expect(owners(backends('server-2', 'server-3', 'server-1'), 'modulo')).toEqual(a);
    for (const id of ['server-1', 'server-2', 'server-3']) {
      expect(a.filter((owner) => owner === id).length).toBeGreaterThan((10_000 / 3) * 0.9);
    }
  });
});

describe('hash, redispatch', () => {
  const up = backends('server-1', 'server-3');
  const down = backends('server-2');
  const all = backends('server-1', 'server-2', 'server-3');

  for (const hashMode of ['consistent', 'modulo'] as const) {
    it(`${hashMode}: off, a down backend keeps its keys and they are refused; the rest stay put`, () => {
      const before = owners(all, hashMode);
      const held = request({ unavailable: down, policy: policy({ redispatch: false, hashMode }) });
      KEYS.forEach((sid, i) => {
        const chosen = pick(up, { ...held, cookies: { sid } });
        if (before[i] === 'server-2') expect(chosen).toBeUndefined();
        else expect(chosen!.backend.id).toBe(before[i]);
      });
    });

    it(`${hashMode}: on, a down backend's keys go to the others`, () => {
      const moved = KEYS.map((sid) => pick(up, request({ cookies: { sid }, unavailable: down, policy: policy({ hashMode }) })));
      for (const chosen of moved) expect(['server-1', 'server-3']).toContain(chosen!.backend.id);
    });
  }

  it('off, with every backend down, refuses every key', () => {
    const none = request({ cookies: { sid: 'x' }, unavailable: all, policy: policy({ redispatch: false }) });
    expect(pick([], none)).toBeUndefined();
  });
});
