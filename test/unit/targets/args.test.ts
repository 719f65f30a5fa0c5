import { describe, expect, it } from 'vitest';
import { DEV_SECRET, parseTargetArgs } from '../../../targets/common/args.js';

const KEY = 'k'.repeat(32);
const base = ['--port', '0', '--id', 'server-1'];
const signing = { requireStore: false, requireSecret: true };

describe('parseTargetArgs: the secret of a target that signs tokens', () => {
  it('takes --secret, else env STATEBENCH_SECRET', () => {
    expect(parseTargetArgs([...base, '--secret', KEY], signing, {}).args).toMatchObject({ secret: KEY, insecureSecret: false });
    expect(parseTargetArgs(base, signing, { STATEBENCH_SECRET: KEY }).args).toMatchObject({ secret: KEY, insecureSecret: false });
    expect(parseTargetArgs([...base, '--secret', KEY], signing, { STATEBENCH_SECRET: 'e'.repeat(32) }).args?.secret).toBe(KEY);
  });

  it('refuses to go without one, saying how to get one', () => {
    expect(parseTargetArgs(base, signing, {}).problems).toEqual([
      "Missing required `--secret <key>` (or env STATEBENCH_SECRET), the key of 32+ bytes that signs this fleet's tokens; " +
        '`--insecure-dev-secret` uses a fixed public one, for trying a server by hand.',
    ]);
  });

  it('uses the public dev secret only when told --insecure-dev-secret, and says so', () => {
    expect(parseTargetArgs([...base, '--insecure-dev-secret'], signing, {}).args).toMatchObject({ secret: DEV_SECRET, insecureSecret: true });
    expect(parseTargetArgs([...base, '--insecure-dev-secret=yes'], signing, {}).problems).toContain('Expected no value after `--insecure-dev-secret`, got `yes`.');
  });

  it('refuses a key under 32 bytes without echoing it', () => {
    expect(parseTargetArgs([...base, '--secret', 'hunter2'], signing, {}).problems).toEqual(['Expected `--secret` to be at least 32 bytes, got 7.']);
    expect(parseTargetArgs(base, signing, { STATEBENCH_SECRET: 'hunter2' }).problems).toEqual(['Expected env STATEBENCH_SECRET to be at least 32 bytes, got 7.']);
  });

  it('says a missing value once, not twice', () => {
    expect(parseTargetArgs([...base, '--secret'], signing, {}).problems).toEqual(['Expected a value after `--secret`.']);
  });

  it('needs no secret for a target that signs nothing', () => {
    expect(parseTargetArgs(base, { requireStore: false, requireSecret: false }, {}).args).toMatchObject({ secret: '', insecureSecret: false });
  });

  it('takes --token-ttl-seconds, 12 hours by default, and refuses a non-positive one', () => {
    expect(parseTargetArgs([...base, '--secret', KEY], signing, {}).args?.tokenTtlSeconds).toBe(43_200);
    expect(parseTargetArgs([...base, '--secret', KEY, '--token-ttl-seconds', '60'], signing, {}).args?.tokenTtlSeconds).toBe(60);
    expect(parseTargetArgs([...base, '--secret', KEY, '--token-ttl-seconds', '0'], signing, {}).problems).toEqual([
      'Expected `--token-ttl-seconds` to be a positive integer, got `0`.',
    ]);
  });
});

describe('parseTargetArgs: the store of a stateless target', () => {
  const stateless = { requireStore: true, requireSecret: false };
  const sqlite = [...base, '--store', 'sqlite'];

  it('keeps today\'s command lines: Redis by default, from --redis-url or env REDIS_URL', () => {
    expect(parseTargetArgs([...base, '--redis-url', 'redis://h:1'], stateless, {}).args).toMatchObject({ store: 'redis', redisUrl: 'redis://h:1', storePath: undefined });
    expect(parseTargetArgs(base, stateless, { REDIS_URL: 'redis://e:2' }).args).toMatchObject({ store: 'redis', redisUrl: 'redis://e:2' });
    expect(parseTargetArgs(base, stateless, {}).problems).toEqual(['Missing required `--redis-url <url>` (or env REDIS_URL) for a stateless target.']);
  });

  it('takes --store sqlite with --store-path, and then needs no Redis, even with REDIS_URL set', () => {
    const parsed = parseTargetArgs([...sqlite, '--store-path', '/tmp/f.sqlite'], stateless, { REDIS_URL: 'redis://e:2' });
    expect(parsed.args).toMatchObject({ store: 'sqlite', storePath: '/tmp/f.sqlite', redisUrl: undefined, pollMs: 50 });
  });

  it('refuses --store sqlite without a file, a file without --store sqlite, --redis-url with it, and an unknown store', () => {
    expect(parseTargetArgs(sqlite, stateless, {}).problems).toEqual(['Missing required `--store-path <file>` for `--store sqlite`.']);
    expect(parseTargetArgs([...sqlite, '--store-path='], stateless, {}).problems).toEqual(['Expected `--store-path` to name a file, got an empty value.']);
    expect(parseTargetArgs([...base, '--redis-url', 'redis://h:1', '--store-path', 'f'], stateless, {}).problems).toEqual([
      'Expected `--store-path` only with `--store sqlite`.',
    ]);
    expect(parseTargetArgs([...sqlite, '--store-path', 'f', '--redis-url', 'redis://h:1'], stateless, {}).problems).toEqual([
      'Expected no `--redis-url` with `--store sqlite`: the store is the `--store-path` file.',
    ]);
    expect(parseTargetArgs([...base, '--store', 'postgres', '--redis-url', 'redis://h:1'], stateless, {}).problems).toEqual([
      'Expected `--store` to be one of redis, sqlite, got `postgres`.',
    ]);
  });

  it('takes --poll-ms, 50 by default, and refuses a non-positive one', () => {
    const flags = [...sqlite, '--store-path', 'f'];
    expect(parseTargetArgs([...flags, '--poll-ms', '20'], stateless, {}).args?.pollMs).toBe(20);
    expect(parseTargetArgs([...flags, '--poll-ms', '0'], stateless, {}).problems).toEqual(['Expected `--poll-ms` to be a positive integer, got `0`.']);
  });

  it('lets a stateful target start with no store at all', () => {
    expect(parseTargetArgs(base, { requireStore: false, requireSecret: false }, {}).args).toMatchObject({ store: 'redis', redisUrl: undefined });
  });
});
