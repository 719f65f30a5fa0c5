import { ConfigError } from '../../errors.js';
import type { StrategyName } from '../../config/types.js';
import { pick as hash } from './hash.js';
import { pick as leastConnections } from './least-connections.js';
import { pick as random } from './random.js';
import { pick as roundRobin } from './round-robin.js';
import { pick as source } from './source.js';
import { pick as sticky } from './sticky.js';
import type { PickFn } from './types.js';

export type { AffinityPolicy, BackendView, HashMode, Pick, PickFn, RequestView, SetCookie } from './types.js';
export { DEFAULT_POLICY } from './types.js';
export { STICKY_COOKIE } from './sticky.js';
export { HASH_COOKIE } from './hash.js';

/** Every strategy by name; adding one is adding a file and a line here. */
export const STRATEGIES: Readonly<Record<StrategyName, PickFn>> = {
  'round-robin': roundRobin,
  random,
  'least-connections': leastConnections,
  sticky,
  hash,
  source,
};

export const STRATEGY_NAMES = Object.keys(STRATEGIES) as readonly StrategyName[];

export function isStrategyName(name: string): name is StrategyName {
  return Object.hasOwn(STRATEGIES, name);
}

/** The strategy called `name`; a ConfigError naming the choices otherwise. */
export function strategyFor(name: string): PickFn {
  if (!isStrategyName(name)) {
    const choices = STRATEGY_NAMES.map((s) => `\`${s}\``).join(', ');
    throw new ConfigError(`Expected the balancer strategy to be one of ${choices}, got \`${name}\`.`);
  }
  return STRATEGIES[name];
}
