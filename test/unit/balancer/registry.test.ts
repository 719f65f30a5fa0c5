import { describe, expect, it } from 'vitest';
import { STRATEGIES, STRATEGY_NAMES, strategyFor } from '../../../src/balancer/strategies/index.js';
import { ConfigError } from '../../../src/errors.js';

describe('strategy registry', () => {
  it('holds every strategy of docs/design.md by name', () => {
    expect([...STRATEGY_NAMES].sort()).toEqual(['hash', 'least-connections', 'random', 'round-robin', 'source', 'sticky']);
    for (const name of STRATEGY_NAMES) expect(strategyFor(name)).toBe(STRATEGIES[name]);
  });

  it('names the choices when the strategy is unknown', () => {
    expect(() => strategyFor('fastest')).toThrow(ConfigError);
    expect(() => strategyFor('fastest')).toThrow(/one of `round-robin`.*got `fastest`/);
  });
});
