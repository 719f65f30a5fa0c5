import { describe, expect, it } from 'vitest';
import { AffinityMemory } from '../../../src/balancer/affinity.js';

describe('affinity memory', () => {
  it('reports a move only when a known key lands on another backend', () => {
    const memory = new AffinityMemory();
    expect(memory.record('alice', 'b1')).toBe(false);
    expect(memory.record('alice', 'b1')).toBe(false);
    expect(memory.record('alice', 'b2')).toBe(true);
    expect(memory.record('alice', 'b2')).toBe(false);
    expect(memory.record('bob', 'b2')).toBe(false);
  });

  it('forgets the least recently routed key first', () => {
    const memory = new AffinityMemory(2);
    memory.record('a', 'b1');
    memory.record('b', 'b1');
    memory.record('a', 'b1'); // a is now the most recent
    memory.record('c', 'b1'); // evicts b
    expect(memory.size).toBe(2);
    expect(memory.record('a', 'b2')).toBe(true);
    expect(memory.record('b', 'b2')).toBe(false);
  });
});
