import type { FaultSpec } from '../config/types.js';
import type { Clock } from '../driver/clock.js';
import type { FaultRecord } from '../result.js';
import { FAULTS } from './faults/index.js';
import type { FaultContext } from './faults/types.js';

export interface FaultSchedule {
  /** Every fault with when it really fired; call after the load. */
  records(): FaultRecord[];
  /** Cancels faults not yet fired and waits for those under way. */
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  readonly faults: readonly FaultSpec[];
  readonly clock: Clock;
  readonly context: FaultContext;
  readonly onFired?: (record: FaultRecord) => void;
  readonly onError?: (error: unknown, spec: FaultSpec) => void;
}

/** Arms every fault at its planned time on the run's clock. */
export function scheduleFaults(options: ScheduleOptions): FaultSchedule {
  const fired = new Map<FaultSpec, number>();
  const pending = new Set<Promise<void>>();
  const timers = options.faults.map((spec) =>
    setTimeout(() => {
      const firedAtMs = Math.round(options.clock.now());
      fired.set(spec, firedAtMs);
      const fault = FAULTS[spec.kind];
      const work = (fault ? fault.fire(spec.target, options.context) : Promise.reject(new Error(`unknown fault ${spec.kind}`)))
        .then(() => options.onFired?.({ ...spec, firedAtMs }))
        .catch((error: unknown) => options.onError?.(error, spec))
        .finally(() => pending.delete(work));
      pending.add(work);
    }, Math.max(0, spec.atMs - options.clock.now())),
  );
  return {
    records: () =>
      options.faults.map((spec) => {
        const firedAtMs = fired.get(spec);
        return { atMs: spec.atMs, kind: spec.kind, target: spec.target, ...(firedAtMs === undefined ? {} : { firedAtMs }) };
      }),
    stop: async () => {
      timers.forEach(clearTimeout);
      await Promise.all(pending);
    },
  };
}
