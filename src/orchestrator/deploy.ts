import type { RunConfig, StrategyName } from '../config/types.js';
import type { TargetDefinition } from '../fleet/target.js';
import type { Scenario } from '../scenarios/types.js';
import type { Deployment } from './deployment.js';
import { connectExternal } from './external-fleet.js';
import { startOwnFleet } from './own-fleet.js';
import type { DesignContext } from './run-design.js';
import type { Scope } from './scope.js';

export type { Deployment } from './deployment.js';

/** The strategy a design is deployed with: the user's, or what `auto` means for it. */
export function strategyFor(scenario: Scenario, design: TargetDefinition, choice: RunConfig['balancer']): StrategyName {
  return choice === 'auto' ? scenario.autoBalancer(design) : choice;
}

/**
 * The deploy step of a design's run: statebench's own fleet and balancer (own-fleet.ts), or
 * a fleet at `--url` that it did not start (external-fleet.ts, docs/remote.md). The scope
 * releases it, whatever happens next.
 */
export async function deploy(scope: Scope, context: DesignContext): Promise<Deployment> {
  const { external } = context.config;
  const deployment = external ? await connectExternal(context, external) : await startOwnFleet(context);
  return scope.use(deployment, (held) => held.close());
}
