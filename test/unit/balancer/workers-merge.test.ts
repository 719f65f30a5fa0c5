import { describe, expect, it } from 'vitest';
import type { BalancerEvent, BalancerStats } from '../../../src/balancer/protocol.js';
import { HealthVote, mergeStats, workerSeed } from '../../../src/balancer/workers-merge.js';

const stats = (overrides: Partial<BalancerStats>): BalancerStats => ({
  byBackend: {},
  errorsByBackend: {},
  rebinds: 0,
  up: {},
  inFlight: {},
  draining: [],
  balancerErrors: 0,
  toxicByBackend: {},
  toxics: {},
  ...overrides,
});

const event = (kind: 'up' | 'down', id = 's1'): BalancerEvent => ({ type: 'event', kind, id, reason: `${kind} in a worker`, at: 1 });

describe('mergeStats', () => {
  it('adds the counts, finds a backend up only when every worker does, and reports the worst saturation figures', () => {
    const merged = mergeStats([
      stats({
        byBackend: { s1: 3, s2: 1 },
        errorsByBackend: { s1: 1 },
        rebinds: 2,
        up: { s1: true, s2: true },
        inFlight: { s1: 4, s2: 0 },
        draining: ['s2'],
        balancerErrors: 1,
        toxicByBackend: { s1: 5 },
        toxics: { s1: { kind: 'latency', ms: 100 } } as unknown as BalancerStats['toxics'],
        saturation: { eventLoopDelayP99Ms: 30, eventLoopDelayMaxMs: 40, cpuPercent: 20 },
      }),
      stats({
        byBackend: { s1: 2, s3: 7 },
        errorsByBackend: { s1: 2 },
        rebinds: 1,
        up: { s1: false, s2: true },
        inFlight: { s1: 1, s2: 2 },
        draining: ['s2'],
        balancerErrors: 3,
        toxicByBackend: { s1: 1 },
        toxics: { s1: { kind: 'latency', ms: 100 } } as unknown as BalancerStats['toxics'],
        saturation: { eventLoopDelayP99Ms: 10, eventLoopDelayMaxMs: 90, cpuPercent: 60 },
      }),
    ]);
    expect(merged).toEqual({
      byBackend: { s1: 5, s2: 1, s3: 7 },
      errorsByBackend: { s1: 3 },
      rebinds: 3,
      up: { s1: false, s2: true },
      inFlight: { s1: 5, s2: 2 },
      draining: ['s2'],
      balancerErrors: 4,
      toxicByBackend: { s1: 6 },
      toxics: { s1: { kind: 'latency', ms: 100 } },
      saturation: { eventLoopDelayP99Ms: 30, eventLoopDelayMaxMs: 90, cpuPercent: 60 },
    });
  });

  it('has no saturation when no worker measured it', () => {
    expect(mergeStats([stats({}), stats({})])).not.toHaveProperty('saturation');
  });
});

describe('HealthVote', () => {
  it('passes on the first down and the last up of a transition, and nothing in between', () => {
    const vote = new HealthVote();
    expect(vote.report(0, event('down'))).toEqual(event('down'));
    expect(vote.report(1, event('down'))).toBeUndefined();
    expect(vote.report(1, event('up'))).toBeUndefined();
    expect(vote.report(0, event('up'))).toEqual(event('up'));
    expect(vote.report(1, event('down', 's2'))).toEqual(event('down', 's2'));
    expect(vote.report(0, event('down'))).toEqual(event('down'));
  });

  it('forgets a removed backend, so its return as a new member starts up', () => {
    const vote = new HealthVote();
    vote.report(0, event('down'));
    vote.forget('s1');
    expect(vote.report(1, event('down'))).toEqual(event('down'));
  });
});

describe('workerSeed', () => {
  it('gives each worker its own seed, the same for the same run seed and index', () => {
    const seeds = [0, 1, 2, 3].map((index) => workerSeed(42, index));
    expect(new Set(seeds).size).toBe(4);
    expect(seeds).not.toContain(42);
    expect(workerSeed(42, 1)).toBe(seeds[1]);
    expect(seeds.every((seed) => Number.isInteger(seed) && seed >= 0 && seed < 2 ** 32)).toBe(true);
  });
});
