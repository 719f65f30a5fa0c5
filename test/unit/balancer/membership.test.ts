import { describe, expect, it } from 'vitest';
import { Membership } from '../../../src/balancer/membership.js';
import { ConfigError } from '../../../src/errors.js';

const specs = [
  { id: 'b1', url: 'http://127.0.0.1:4001' },
  { id: 'b2', url: 'http://127.0.0.1:4002' },
  { id: 'b3', url: 'http://127.0.0.1:4003' },
];

describe('membership', () => {
  it('offers healthy, non-draining backends in a stable order, one array until something changes', () => {
    const m = new Membership(specs);
    const first = m.available();
    expect(first.map((b) => b.id)).toEqual(['b1', 'b2', 'b3']);
    m.acquire(first[0]!);
    expect(m.available()).toBe(first);
    m.drain('b2');
    expect(m.available().map((b) => b.id)).toEqual(['b1', 'b3']);
    m.setHealth(m.get('b3')!, false, 'test');
    expect(m.available().map((b) => b.id)).toEqual(['b1']);
    const held = m.unavailable();
    expect(held.map((b) => b.id)).toEqual(['b2', 'b3']);
    expect(m.unavailable()).toBe(held);
    m.remove('b2');
    expect(m.unavailable().map((b) => b.id)).toEqual(['b3']);
    m.close();
  });

  it('reports health transitions once', () => {
    const seen: string[] = [];
    const m = new Membership(specs, (b, up, reason) => seen.push(`${b.id} ${up ? 'up' : 'down'} ${reason}`));
    m.setHealth(m.get('b1')!, false, 'refused');
    m.setHealth(m.get('b1')!, false, 'refused again');
    m.setHealth(m.get('b1')!, true, 'back');
    expect(seen).toEqual(['b1 down refused', 'b1 up back']);
    m.close();
  });

  it('keeps the counts of a removed backend; re-adding undrains', () => {
    const m = new Membership(specs);
    m.countForwarded('b2');
    m.countError('b2');
    m.drain('b1');
    m.add(specs[0]!);
    expect(m.remove('b2')).toBe(true);
    expect(m.remove('b2')).toBe(false);
    const stats = m.stats();
    expect(stats.byBackend).toEqual({ b1: 0, b2: 1, b3: 0 });
    expect(stats.errorsByBackend.b2).toBe(1);
    expect(stats.up).toEqual({ b1: true, b3: true });
    expect(stats.draining).toEqual([]);
    m.close();
  });

  it('rejects a backend URL that is not http://', () => {
    expect(() => new Membership([{ id: 'b1', url: 'localhost:4001' }])).toThrow(ConfigError);
    expect(() => new Membership([{ id: 'b1', url: 'https://example.com' }])).toThrow(/`b1` to have an http:\/\/ URL/);
  });
});
