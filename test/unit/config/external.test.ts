import { describe, expect, it } from 'vitest';
import { parseRunConfig } from '../../../src/config/run-config.js';
import { ConfigError } from '../../../src/errors.js';

const problemsOf = (scenario: string, raw: Parameters<typeof parseRunConfig>[1]): readonly string[] => {
  try {
    parseRunConfig(scenario, raw);
    return [];
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
};

describe('--url, --server, --shard: a fleet statebench did not start', () => {
  it('drives the URL, with the servers named for the audits, under the label of --design (external by default)', () => {
    const config = parseRunConfig('pizza', { url: 'http://10.0.0.5:8080/', server: ['server-1=http://10.0.0.6:4100'], seed: '1' });
    expect(config.external).toEqual({ url: 'http://10.0.0.5:8080', servers: [{ id: 'server-1', url: 'http://10.0.0.6:4100' }] });
    expect(config.designs).toEqual(['external']);
    expect(config.targets).toEqual({});
    expect(config.servers).toBe(1);
    expect(parseRunConfig('pizza', { url: 'http://h:1', design: 'stateful' }).designs).toEqual(['stateful']);
  });

  it('takes a shard, the shard that fires the faults, and a shared start', () => {
    const config = parseRunConfig('atm', { url: 'http://h:1', shard: '2/3', faultsFrom: '3', startAt: '2026-01-01T00:00:00Z' });
    expect(config.shard).toEqual({ index: 2, count: 3, faultsFrom: 3 });
    expect(config.startAtMs).toBe(Date.parse('2026-01-01T00:00:00Z'));
    expect(parseRunConfig('atm', { url: 'http://h:1', shard: '1/2' }).shard).toEqual({ index: 1, count: 2, faultsFrom: 1 });
  });

  it.each([
    [{ url: 'ftp://h' }, 'Expected `--url` to be an http(s) URL'],
    [{ url: 'http://h:1', server: ['server-1'] }, 'Expected `--server` to be ID=URL'],
    [{ url: 'http://h:1', server: ['a=http://x:1', 'a=http://y:1'] }, 'a server id given once'],
    [{ server: ['a=http://x:1'] }, 'Expected `--server` to be given with --url'],
    [{ shard: '1/2' }, 'Expected `--shard` to be given with --url'],
    [{ url: 'http://h:1', shard: '3/2' }, 'Expected `--shard` to be i/n with 1 ≤ i ≤ n'],
    [{ url: 'http://h:1', shard: '1/2', faultsFrom: '3' }, 'Expected `--faults-from` to be a shard from 1 to 2'],
    [{ url: 'http://h:1', faultsFrom: '1' }, 'Expected `--faults-from` to be given with --shard'],
    [{ url: 'http://h:1', startAt: 'tomorrow' }, 'Expected `--start-at` to be an ISO time'],
    [{ url: 'http://h:1', crash: ['server-1'] }, 'cannot crash its servers): write the command, e.g. exec:docker compose kill'],
    [{ url: 'http://h:1', fault: ['latency:server-1'] }, 'Expected `--fault` to be an exec: fault with --url'],
    [{ url: 'http://h:1', target: 'mine.json' }, 'Expected `--target` to be left out with --url'],
    [{ url: 'http://h:1', shard: '1/2', fault: ['exec:true@after=5journeys'] }, 'only time is shared between shards'],
    [{ url: 'http://h:1', shard: '1/2', repeat: '2' }, 'Expected `--repeat` to be 1 with --shard'],
    [{ url: 'http://h:1', design: 'a,b' }, 'one name with --url'],
  ])('%o is refused before any load', (raw, expected) => {
    expect(problemsOf('pizza', raw).join('\n')).toContain(expected);
  });

  it('refuses to shard chat, whose users message each other', () => {
    expect(problemsOf('chat', { url: 'http://h:1', shard: '1/2' }).join('\n')).toContain('left out for chat');
  });

  it('takes exec: faults without --url too, for a fleet statebench started', () => {
    expect(parseRunConfig('pizza', { fault: ['exec:true@1s'] }).faults[0]).toMatchObject({ kind: 'exec', command: 'true' });
  });
});
