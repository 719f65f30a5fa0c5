import { describe, expect, it } from 'vitest';
import { parseOpenLoad, parseRamp, parseRate, type RawLoadOptions } from '../../../src/config/load-model.js';
import { parseRunConfig } from '../../../src/config/run-config.js';
import { ConfigError } from '../../../src/errors.js';

function problemsOf(raw: RawLoadOptions, durationMs = 10_000): string[] {
  const problems: string[] = [];
  parseOpenLoad(raw, durationMs, (flag, value, expected) => problems.push(`${flag} ${value}: ${expected}`));
  return problems;
}

describe('parseRate', () => {
  it.each([
    ['25/s', 25], ['25', 25], ['1.5/s', 1.5], ['600/m', 10], [' 40 / s ', 40],
  ])('reads %s as %d arrivals per second', (text, perSec) => {
    expect(parseRate(text)).toEqual({ ok: true, value: perSec });
  });

  it.each(['0/s', 'fast', '-3/s', '10/h', '20000/s', ''])('refuses %j', (text) => {
    expect(parseRate(text).ok).toBe(false);
  });
});

describe('parseRamp', () => {
  it('reads k6-style stages: each target rate and the time to reach it', () => {
    expect(parseRamp('10/s:2s,50/s:5s,50/s:3s')).toEqual({
      ok: true,
      value: [{ perSec: 10, durationMs: 2000 }, { perSec: 50, durationMs: 5000 }, { perSec: 50, durationMs: 3000 }],
    });
    // A ramp down to 0 is a stage like any other.
    expect(parseRamp('20/s:1s,0/s:1s').ok).toBe(true);
  });

  it.each(['10/s', '10/s:2s,', '10/s:0s', '10/s:2s:1s', 'x:2s', '0/s:2s', '10/s:11m'])('refuses %j', (text) => {
    expect(parseRamp(text).ok).toBe(false);
  });
});

describe('parseOpenLoad', () => {
  it('is the closed model without --rate or --ramp', () => {
    expect(parseOpenLoad({ users: '20' }, 5000, () => {})).toBeUndefined();
  });

  it('runs --rate for --duration, with a default pool of 20 s of arrivals', () => {
    expect(parseOpenLoad({ rate: '40/s' }, 5000, () => {})).toEqual({
      arrivals: { startPerSec: 40, stages: [{ perSec: 40, durationMs: 5000 }] },
      maxUsers: 800,
    });
  });

  it('ramps from --rate (or 0) and takes its length from the stages', () => {
    expect(parseOpenLoad({ rate: '5/s', ramp: '50/s:2s', maxUsers: '30' }, 10_000, () => {})).toEqual({
      arrivals: { startPerSec: 5, stages: [{ perSec: 50, durationMs: 2000 }] },
      maxUsers: 30,
    });
    expect(parseOpenLoad({ ramp: '10/s:1s' }, 10_000, () => {})?.arrivals.startPerSec).toBe(0);
  });

  it.each<[RawLoadOptions, string]>([
    [{ rate: '10/s', users: '20' }, '--users 20'],
    [{ ramp: '10/s:2s', duration: '5s' }, '--duration 5s'],
    [{ maxUsers: '20' }, '--max-users 20'],
    [{ rate: '10/s', maxUsers: '0' }, '--max-users 0'],
    [{ rate: '10/s', maxUsers: '999999' }, '--max-users 999999'],
    [{ ramp: 'up' }, '--ramp up'],
  ])('refuses %j, naming the flag and the value', (raw, named) => {
    const problems = problemsOf(raw);
    expect(problems).toHaveLength(1);
    expect(problems[0]).toContain(named);
  });
});

describe('run config of the open model', () => {
  it('uses the pool as the users of the run and the ramp as its duration', () => {
    const config = parseRunConfig('pizza', { ramp: '10/s:2s,10/s:1s', maxUsers: '40', seed: '1' });
    expect(config).toMatchObject({ users: 40, durationMs: 3000, open: { maxUsers: 40 } });
  });

  it('refuses the open model for chat with exit 2, naming the scenario', () => {
    expect(() => parseRunConfig('chat', { rate: '10/s', seed: '1' })).toThrow(ConfigError);
    expect(() => parseRunConfig('chat', { rate: '10/s', seed: '1' })).toThrow(/`--rate`.*chat|chat.*`--rate`/);
  });
});
