import { describe, expect, it } from 'vitest';
import { parseCheckConfig, parseRunConfig, parseFleetConfig } from '../../../src/config/run-config.js';
import { ConfigError } from '../../../src/errors.js';
import { parseDuration } from '../../../src/config/units.js';

function problemsOf(action: () => unknown): readonly string[] {
  try {
    action();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('parseRunConfig', () => {
  it('fills the documented defaults', () => {
    const config = parseRunConfig('pizza', { seed: '42' });
    expect(config).toMatchObject({
      scenario: 'pizza',
      designs: ['stateful', 'stateless'],
      servers: 3,
      users: 50,
      durationMs: 10_000,
      seed: 42,
      seedGiven: true,
      balancer: 'auto',
      faults: [],
    });
  });

  it('draws and marks a seed when none is given', () => {
    const config = parseRunConfig('pizza', {});
    expect(config.seedGiven).toBe(false);
    expect(Number.isInteger(config.seed)).toBe(true);
  });

  it('puts a bare crash at 40% of the run and keeps each fault as written, for the plan', () => {
    const config = parseRunConfig('pizza', { duration: '10s', crash: ['server-2@7s', 'server-1'], fault: ['pause:server-3@25%+1s'] });
    expect(config.faults.map((fault) => [fault.kind, fault.target, fault.when, fault.spanMs])).toEqual([
      ['crash', 'server-2', { at: 7000 }, undefined],
      ['crash', 'server-1', { at: 4000 }, undefined],
      ['pause', 'server-3', { at: 2500 }, 1000],
    ]);
  });

  it('reads --redispatch and --hash', () => {
    expect(parseRunConfig('pizza', {})).toMatchObject({ redispatch: true, hashMode: 'consistent' });
    expect(parseRunConfig('pizza', { redispatch: 'off', hash: 'modulo' })).toMatchObject({ redispatch: false, hashMode: 'modulo' });
  });

  it('refuses store faults against a Redis statebench does not own', () => {
    expect(problemsOf(() => parseRunConfig('pizza', { fault: ['store-pause@1s+1s'], redisUrl: 'redis://127.0.0.1:6379' }))[0]).toMatch(
      /^Expected `--fault store-pause@1s\+1s` to run against statebench's private Redis/,
    );
    // On SQLite the store is statebench's own file, whatever Redis is given.
    expect(parseRunConfig('pizza', { fault: ['store-pause@1s+1s'], redisUrl: 'redis://127.0.0.1:6379', store: 'sqlite' }).faults).toHaveLength(1);
    expect(problemsOf(() => parseRunConfig('pizza', { fault: ['store-pause@1s+1s'], redisUrl: 'redis://127.0.0.1:6379', store: 'redis' }))[0]).toBe(
      "Expected `--fault store-pause@1s+1s` to run against statebench's private Redis, got --redis-url/REDIS_URL `redis://127.0.0.1:6379`: unset it to let statebench start (and fault) its own, or pass --store sqlite.",
    );
  });

  it('refuses a store fault when no picked design keeps its state in a store: it would do nothing', () => {
    expect(problemsOf(() => parseRunConfig('pizza', { arch: 'stateful', fault: ['store-crash@1s+1s'] }))).toEqual([
      'Expected `--fault store-crash@1s+1s` to have a store to act on, got only designs that keep their state in process memory (stateful): add a design with a store, such as --design both.',
    ]);
    expect(parseRunConfig('pizza', { fault: ['store-crash@1s+1s'] }).faults).toHaveLength(1);
    expect(parseRunConfig('pizza', { fault: ['store-crash@1s+1s'], store: 'sqlite' }).faults).toHaveLength(1);
  });

  it('reads --store (auto by default) on run, fleet and check, and refuses anything else', () => {
    expect(parseRunConfig('pizza', {}).store).toBe('auto');
    expect(parseRunConfig('pizza', { store: 'sqlite' }).store).toBe('sqlite');
    expect(parseFleetConfig('atm', { store: 'redis' }).store).toBe('redis');
    expect(parseCheckConfig('chat', { store: 'sqlite' }).store).toBe('sqlite');
    const line = 'Expected `--store` to be one of auto, redis, sqlite, got `postgres`.';
    expect(problemsOf(() => parseRunConfig('pizza', { store: 'postgres' }))).toEqual([line]);
    expect(problemsOf(() => parseFleetConfig('pizza', { store: 'postgres' }))).toEqual([line]);
    expect(problemsOf(() => parseCheckConfig('pizza', { store: 'postgres' }))).toEqual([line]);
  });

  it('reads REDIS_URL when --redis-url is not given', () => {
    expect(parseRunConfig('pizza', {}, { REDIS_URL: 'redis://127.0.0.1:6380' }).redisUrl).toBe('redis://127.0.0.1:6380');
  });

  it.each([
    [{ users: '0' }, 'Expected `--users` to be a positive integer, got `0`.'],
    [{ users: '-5' }, 'Expected `--users` to be a positive integer, got `-5`.'],
    [{ servers: 'three' }, 'Expected `--servers` to be a positive integer, got `three`.'],
    [{ duration: '10' }, 'Expected `--duration` to be a duration such as 500ms, 10s or 2m, got `10`.'],
    [{ duration: '0s' }, 'Expected `--duration` to be a duration above 0 and at most 10m, got `0s`.'],
    [{ balancer: 'fastest' }, 'Expected `--balancer` to be one of auto, round-robin, random, least-connections, sticky, hash, source, got `fastest`.'],
    [{ arch: 'serverless' }, 'Expected `--arch` to be one of all, both, stateful, stateless (the designs of pizza), or a comma list of them, got `serverless`.'],
    [{ design: 'stateless-naive' }, 'Expected `--design` to be one of all, both, stateful, stateless (the designs of pizza), or a comma list of them, got `stateless-naive`.'],
    [{ design: 'stateful,both' }, 'Expected `--design` to be one of all, both, stateful, stateless (the designs of pizza), or a comma list of them, got `stateful,both`.'],
    [{ design: 'stateful', arch: 'stateless' }, 'Expected `--arch` to be left out, or the same as --design `stateful` (it is an alias of --design), got `stateless`.'],
    [{ joint: '150%' }, 'Expected `--joint` to be a share between 0% and 100%, e.g. 20%, got `150%`.'],
    [{ crash: ['server-9'] }, 'Expected `--crash` to be a target server-1..server-3 or random for crash, e.g. server-1@40%, got `server-9`.'],
    [{ crash: ['server-1@soon'] }, 'Expected `--crash` to be a when such as @4s, @1500ms, @40%, @after=200journeys or @every=3s, got `server-1@soon`.'],
    [{ fault: ['crash:server-1@1s+2s'] }, 'Expected `--fault` to be no span for crash, e.g. crash:server-1@40%, got `crash:server-1@1s+2s`.'],
    [{ redispatch: 'maybe' }, 'Expected `--redispatch` to be one of on, off, got `maybe`.'],
    [{ hash: 'ring' }, 'Expected `--hash` to be one of consistent, modulo, got `ring`.'],
    [{ crash: ['server-1@12s'] }, 'Expected `--crash` to be a time inside the 10s run, such as 4s, 1500ms or 40%, got `server-1@12s`.'],
    [{ seed: 'abc' }, 'Expected `--seed` to be an integer ≥ 0, got `abc`.'],
    [{ redisUrl: 'localhost' }, 'Expected `--redis-url` to be a URL such as redis://127.0.0.1:6379, got `localhost`.'],
    // Every duration is bounded: past 2^31 ms Node's timers fire after 1 ms instead.
    [{ think: '600m' }, 'Expected `--think` to be a duration of at most 1m, got `600m`.'],
    [{ think: '61s' }, 'Expected `--think` to be a duration of at most 1m, got `61s`.'],
    [{ timeout: '100000m' }, 'Expected `--timeout` to be a duration above 0 and at most 1m, got `100000m`.'],
    [{ timeout: '0s' }, 'Expected `--timeout` to be a duration above 0 and at most 1m, got `0s`.'],
    [{ duration: '100000m' }, 'Expected `--duration` to be a duration above 0 and at most 10m, got `100000m`.'],
    [{ duration: '99999999999999999999999999m' }, 'Expected `--duration` to be a duration above 0 and at most 10m, got `99999999999999999999999999m`.'],
    [{ out: '' }, 'Expected `--out` to be a folder, such as reports, got ``.'],
    [{ repeat: '51' }, 'Expected `--repeat` to be a positive integer of at most 50, got `51`.'],
    [{ fault: ['pause:server-1@1s+100000m'] }, 'Expected `--fault` to be a span of at most 10m for pause, such as +2s, got `pause:server-1@1s+100000m`.'],
    [{ fault: ['latency:server-1@1s+2s,delay=100000m'] }, 'Expected `--fault` to be a delay of at most 1m, such as delay=300ms, got `latency:server-1@1s+2s,delay=100000m`.'],
  ])('rejects %j with one line naming flag, value and expectation', (raw, line) => {
    expect(problemsOf(() => parseRunConfig('pizza', raw))).toEqual([line]);
  });

  it('rejects an unknown scenario', () => {
    expect(problemsOf(() => parseRunConfig('sushi', {}))).toEqual(['Expected `<scenario>` to be one of pizza, atm, chat, got `sushi`.']);
  });

  it('runs every design of a scenario with --design all, and the classic pair with both; --arch is an alias', () => {
    expect(parseRunConfig('atm', { design: 'all' }).designs).toEqual(['stateful', 'stateless', 'stateless-naive']);
    expect(parseRunConfig('atm', {}).designs).toEqual(['stateful', 'stateless']);
    expect(parseRunConfig('pizza', { arch: 'all' }).designs).toEqual(['stateful', 'stateless']);
    expect(parseRunConfig('atm', { arch: 'stateless-naive' }).designs).toEqual(['stateless-naive']);
    expect(parseRunConfig('atm', { design: 'stateless-naive,stateful' }).designs).toEqual(['stateless-naive', 'stateful']);
  });

  it("starts the reference designs from the scenario's own target file", () => {
    const config = parseRunConfig('atm', { design: 'stateless-naive' });
    expect(config.targets['stateless-naive']).toMatchObject({
      name: 'stateless-naive',
      command: process.execPath,
      args: ['dist/targets/atm/stateless-naive/server.js', '--port', '{port}', '--id', '{id}'],
      env: { STATEBENCH_SECRET: '{secret}' },
      store: 'redis',
      storeArgs: {
        redis: ['--redis-url', '{redisUrl}', '--key-prefix', '{keyPrefix}'],
        sqlite: ['--store', 'sqlite', '--store-path', '{storePath}'],
      },
    });
  });

  it('reads --joint as a share of accounts', () => {
    expect(parseRunConfig('atm', {}).jointShare).toBe(0.2);
    expect(parseRunConfig('atm', { joint: '50%' }).jointShare).toBe(0.5);
  });

  it('accepts each duration at its bound', () => {
    const config = parseRunConfig('pizza', { duration: '10m', think: '1m', timeout: '1m', fault: ['latency:server-1@1s+10m,delay=1m,jitter=1m'] });
    expect(config).toMatchObject({ durationMs: 600_000, thinkMs: 60_000, requestTimeoutMs: 60_000 });
    expect(config.faults[0]).toMatchObject({ spanMs: 600_000, params: { delayMs: 60_000, jitterMs: 60_000 } });
  });

  it('reports every problem at once', () => {
    expect(problemsOf(() => parseRunConfig('pizza', { users: '0', servers: '0', duration: 'x' }))).toHaveLength(3);
  });
});

describe('parseFleetConfig', () => {
  it('defaults to a stateless fleet of 3 on a free port', () => {
    expect(parseFleetConfig('pizza', { seed: '1' })).toMatchObject({ design: 'stateless', target: { store: 'redis' }, servers: 3, port: 0, balancer: 'auto' });
  });
  it('rejects an out-of-range port and a bad design', () => {
    expect(problemsOf(() => parseFleetConfig('pizza', { port: '70000', arch: 'both' }))).toHaveLength(2);
  });
});

describe('parseDuration', () => {
  it.each([
    ['500ms', 500],
    ['10s', 10_000],
    ['1.5s', 1500],
    ['2m', 120_000],
  ])('%s is %d ms', (text, ms) => expect(parseDuration(text)).toEqual({ ok: true, value: ms }));
});
