import type { BalancerHandle } from '../../balancer/client.js';
import type { Fleet } from '../../fleet/fleet.js';
import type { StoreFaults } from '../../fleet/redis.js';
import type { FaultRecord } from '../../result.js';
import type { PlannedFault } from '../plan.js';

/**
 * What a fault may act on: the fleet, its balancer, and the store when statebench owns it.
 * A fleet statebench did not start (`--url`) has none of them: only `exec:` faults run
 * there, which the configuration checks before the run.
 */
export interface FaultContext {
  readonly fleet?: Fleet;
  readonly balancer?: BalancerHandle;
  /** Absent when the design has no store, or the store is not statebench's to fault. */
  readonly store?: StoreFaults;
}

/** Undoes a fault with a span (a pause ends, a toxic is cleared, a server comes back). */
export type Revert = () => Promise<void>;

/** One kind of fault: a small module registered by kind. */
export interface Fault {
  /** A few words for `statebench faults` and the notes, e.g. "SIGKILL a server". */
  readonly summary: string;
  /**
   * Fires; resolves once in effect, with its revert when it has one. `detail` adds to the
   * fault's record in the report (an `exec:` fault's exit code and output).
   */
  fire(planned: PlannedFault, context: FaultContext, detail?: (extra: FaultDetail) => void): Promise<Revert | undefined>;
}

/** What a fault may add to its record while it runs. */
export type FaultDetail = Pick<FaultRecord, 'exec'>;

/** The fleet statebench started, which every process and membership fault acts on. */
export function fleetOf(context: FaultContext): Fleet {
  if (!context.fleet) throw new Error('this fault needs a fleet statebench started; with --url use exec:');
  return context.fleet;
}

/** The balancer statebench started, which membership faults and toxics act on. */
export function balancerOf(context: FaultContext): BalancerHandle {
  if (!context.balancer) throw new Error('this fault needs the balancer statebench started; with --url use exec:');
  return context.balancer;
}

/** The target of a fault that takes one (the plan has resolved `random`). */
export function targetOf(planned: PlannedFault): string {
  if (!planned.target) throw new Error(`${planned.kind} needs a target server`);
  return planned.target;
}
