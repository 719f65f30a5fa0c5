import type { BalancerHandle } from '../../balancer/client.js';
import type { Fleet } from '../../fleet/fleet.js';
import type { StoreFaults } from '../../fleet/redis.js';
import type { PlannedFault } from '../plan.js';

/** What a fault may act on: the fleet, its balancer, and the store when statebench owns it. */
export interface FaultContext {
  readonly fleet: Fleet;
  readonly balancer: BalancerHandle;
  /** Absent when the design has no store, or the store is not statebench's to fault. */
  readonly store?: StoreFaults;
}

/** Undoes a fault with a span (a pause ends, a toxic is cleared, a server comes back). */
export type Revert = () => Promise<void>;

/** One kind of fault: a small module registered by kind. */
export interface Fault {
  /** A few words for `statebench faults` and the notes, e.g. "SIGKILL a server". */
  readonly summary: string;
  /** Fires; resolves once in effect, with its revert when it has one. */
  fire(planned: PlannedFault, context: FaultContext): Promise<Revert | undefined>;
}

/** The target of a fault that takes one (the plan has resolved `random`). */
export function targetOf(planned: PlannedFault): string {
  if (!planned.target) throw new Error(`${planned.kind} needs a target server`);
  return planned.target;
}
