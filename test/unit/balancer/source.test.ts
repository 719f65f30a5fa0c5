import { describe, expect, it } from 'vitest';
import { pick } from '../../../src/balancer/strategies/source.js';
import { backends, policy, request } from './helpers.js';

const ADDRESSES = Array.from({ length: 300 }, (_, i) => `127.0.${i >> 8}.${(i & 255) + 1}`);

describe('source', () => {
  it('sends one address to one backend, whatever its cookies or the decision', () => {
    const pool = backends('server-1', 'server-2', 'server-3');
    const first = pick(pool, request({ clientAddress: '127.0.0.9' }))!.backend.id;
    for (let seq = 0; seq < 20; seq++) {
      const again = pick(pool, request({ clientAddress: '127.0.0.9', seq, random: seq / 20, cookies: { sid: `s${seq}` } }));
      expect(again!.backend.id).toBe(first);
    }
  });

  it('pins every client behind one address to one backend', () => {
    const pool = backends('server-1', 'server-2', 'server-3');
    const ids = new Set(Array.from({ length: 50 }, (_, i) => pick(pool, request({ cookies: { sid: `s${i}` }, seq: i }))!.backend.id));
    expect(ids.size).toBe(1);
  });

  it('spreads distinct addresses over every backend, and a lost backend moves only its addresses', () => {
    const before = ADDRESSES.map((clientAddress) => pick(backends('server-1', 'server-2', 'server-3'), request({ clientAddress }))!.backend.id);
    expect(new Set(before)).toEqual(new Set(['server-1', 'server-2', 'server-3']));
    const after = ADDRESSES.map((clientAddress) => pick(backends('server-1', 'server-3'), request({ clientAddress }))!.backend.id);
    ADDRESSES.forEach((_, i) => {
      if (before[i] !== 'server-2') expect(after[i]).toBe(before[i]);
      else expect(after[i]).not.toBe('server-2');
    });
  });

  it('names the address as its key, and refuses a held member\'s addresses without redispatch', () => {
    const pool = backends('server-1', 'server-2');
    expect(pick(pool, request({ clientAddress: '10.0.0.1' }))!.key).toBe('10.0.0.1');
    const owner = pick(pool, request({ clientAddress: '10.0.0.1' }))!.backend;
    const rest = pool.filter((b) => b !== owner);
    expect(pick(rest, request({ clientAddress: '10.0.0.1', unavailable: [owner], policy: policy({ redispatch: false }) }))).toBeUndefined();
    expect(pick(rest, request({ clientAddress: '10.0.0.1', unavailable: [owner] }))!.backend).toBe(rest[0]);
  });
});
