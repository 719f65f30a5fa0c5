import { describe, expect, it } from 'vitest';
import { DEV_SECRET, parseTargetArgs } from '../../../targets/shared/args.js';

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
