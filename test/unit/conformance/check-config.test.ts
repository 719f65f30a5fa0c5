import { describe, expect, it } from 'vitest';
import { parseCheckConfig } from '../../../src/config/run-config.js';
import { ConfigError } from '../../../src/errors.js';

const problems = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    if (error instanceof ConfigError) return error.problems;
    throw error;
  }
  throw new Error('expected a ConfigError');
};

describe('statebench check: flags', () => {
  it('checks every design of the scenario unless told which', () => {
    expect(parseCheckConfig('atm', {}).designs).toEqual(['stateful', 'stateless', 'stateless-naive']);
    const picked = parseCheckConfig('atm', { design: 'stateless, stateful,stateless' }, { REDIS_URL: 'redis://h:1' });
    expect(picked.designs).toEqual(['stateless', 'stateful']);
    expect(picked.redisUrl).toBe('redis://h:1');
    expect(Object.keys(picked.targets)).toEqual(['stateless', 'stateful']);
  });

  it('names every bad flag, its value and what was expected', () => {
    expect(problems(() => parseCheckConfig('pizzza', { redisUrl: 'localhost:6379' }))).toEqual([
      'Expected `<scenario>` to be one of pizza, atm, chat, got `pizzza`.',
      'Expected `--redis-url` to be a URL such as redis://127.0.0.1:6379, got `localhost:6379`.',
    ]);
    expect(problems(() => parseCheckConfig('chat', { design: 'stateless-naive' }))).toEqual([
      'Expected `--design` to be one of all, both, stateful, stateless (the designs of chat), or a comma list of them, got `stateless-naive`.',
    ]);
  });
});
