import { describe, expect, it } from 'vitest';
import { startBalancer, validate } from '../../../src/balancer/client.js';
import { ConfigError } from '../../../src/errors.js';

describe('startBalancer options', () => {
  it('accepts good options', () => {
    expect(validate({ strategy: 'hash', seed: 1, backends: [{ id: 'b1', url: 'http://127.0.0.1:4001' }], port: 0 })).toEqual([]);
    expect(validate({ strategy: 'sticky', seed: 1, backends: [], redispatch: false, hashMode: 'modulo' })).toEqual([]);
  });

  it('reports every problem at once', () => {
    const problems = validate({
      strategy: 'fastest' as never,
      seed: 1,
      port: 70000,
      requestTimeoutMs: 0,
      redispatch: 'no' as never,
      hashMode: 'ring' as never,
      backends: [
        { id: 'b1', url: 'http://127.0.0.1:4001' },
        { id: 'b1', url: 'http://127.0.0.1:4002' },
        { id: 'b2', url: 'nope' },
      ],
    });
    expect(problems).toEqual([
      expect.stringMatching(/strategy to be one of .*got `fastest`/),
      expect.stringMatching(/port to be an integer from 0 to 65535, got `70000`/),
      expect.stringMatching(/`requestTimeoutMs` to be a positive number of milliseconds, got `0`/),
      expect.stringMatching(/`redispatch` to be true or false, got `no`/),
      expect.stringMatching(/`hashMode` to be one of consistent, modulo, got `ring`/),
      expect.stringMatching(/unique, got `b1` twice/),
      expect.stringMatching(/backend `b2` to have an http:\/\/ URL, got `nope`/),
    ]);
  });

  it('throws a ConfigError before forking anything', async () => {
    await expect(startBalancer({ strategy: 'sticky', seed: 1, backends: [], port: -1 })).rejects.toThrow(ConfigError);
  });
});
