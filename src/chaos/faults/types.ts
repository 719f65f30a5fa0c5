import type { Fleet } from '../../fleet/fleet.js';

/** What a fault may act on. Grows as the fault vocabulary does (balancer, store). */
export interface FaultContext {
  readonly fleet: Fleet;
}

/** One kind of fault: fires at its time; `revert` undoes it where it can be undone. */
export interface Fault {
  readonly kind: string;
  /** A short description for the report and timeline, e.g. "SIGKILL". */
  readonly summary: string;
  fire(target: string, context: FaultContext): Promise<void>;
}
