import type { Clock } from '../driver/clock.js';
import type { FaultRecord } from '../result.js';
import { FAULTS } from './faults/index.js';
import type { FaultContext, FaultDetail, Revert } from './faults/types.js';
import type { PlannedFault } from './plan.js';

/** The run's view of faults as they fire and end, for the recorder and progress lines. */
export interface FaultListener {
  fired(record: FaultRecord): void;
  /** The fault's window ended (its revert ran, or it had none and is done). */
  ended(record: FaultRecord): void;
  failed(planned: PlannedFault, error: unknown): void;
}

export interface FaultSchedule {
  /** Tells the schedule a journey completed, for `after=Njourneys` triggers. */
  journeyCompleted(): void;
  /** Every fault with when it really fired and ended; call after `stop()`. */
  records(): FaultRecord[];
  /**
   * Cancels faults not yet fired, waits for those under way, and reverts every fault
   * still active: nothing injected outlives the load.
   */
  stop(): Promise<void>;
}

export interface ScheduleOptions {
  readonly faults: readonly PlannedFault[];
  readonly clock: Clock;
  readonly context: FaultContext;
  readonly listener?: Partial<FaultListener>;
  /**
   * Set in a shard that does not fire the faults (`--shard`, `--faults-from k`): each fault
   * is only recorded, at its planned time and for its span, as fired by shard `k`, so the
   * shards' phases line up on their shared start.
   */
  readonly recordOnly?: { readonly firedByShard: number };
}

interface State {
  readonly planned: PlannedFault;
  firedAtMs?: number;
  endedAtMs?: number;
  revert?: Revert;
  revertTimer?: NodeJS.Timeout;
  detail?: FaultDetail;
}

/** Arms every planned fault: at its time on the run's clock, or after N journeys. */
export function scheduleFaults(options: ScheduleOptions): FaultSchedule {
  const { clock, context, listener = {}, recordOnly } = options;
  const act = (state: State): Promise<Revert | undefined> => {
    if (recordOnly) return Promise.resolve(state.planned.spanMs === undefined ? undefined : async () => {});
    return FAULTS[state.planned.kind].fire(state.planned, context, (extra) => {
      state.detail = { ...state.detail, ...extra };
    });
  };
  const states = options.faults.map((planned): State => ({ planned }));
  const work = new Set<Promise<void>>();
  let journeys = 0;
  let stopped = false;

  const track = (promise: Promise<void>) => {
    work.add(promise);
    void promise.finally(() => work.delete(promise));
  };
  const record = (state: State): FaultRecord => ({ ...toRecord(state), ...(recordOnly ? { firedByShard: recordOnly.firedByShard } : {}) });

  const end = async (state: State) => {
    if (state.endedAtMs !== undefined) return;
    clearTimeout(state.revertTimer);
    const revert = state.revert;
    state.revert = undefined;
    try {
      await revert?.();
    } catch (error) {
      listener.failed?.(state.planned, error);
    }
    state.endedAtMs = Math.round(clock.now());
    listener.ended?.(record(state));
  };

  const fire = (state: State) => {
    if (stopped || state.firedAtMs !== undefined) return;
    // A repeating fault (every=) does not fire again while its previous firing is active.
    if (states.some((other) => other.planned.spec === state.planned.spec && other.firedAtMs !== undefined && other.endedAtMs === undefined)) return;
    const firedAt = clock.now();
    state.firedAtMs = Math.round(firedAt);
    listener.fired?.(record(state));
    track(
      act(state)
        .then((revert) => {
          if (!revert) return end(state);
          state.revert = revert;
          if (stopped) return end(state);
          // Node's timers may fire up to a millisecond before the clock says the span is
          // over (they count from the loop's cached time): wait out what is left, so a
          // window is never recorded shorter than its span.
          const until = firedAt + (state.planned.spanMs ?? 0);
          const wait = (): void => {
            const left = until - clock.now();
            state.revertTimer = left > 0 ? setTimeout(wait, Math.ceil(left)) : undefined;
            if (left <= 0) track(end(state));
          };
          wait();
          return undefined;
        })
        .catch((error: unknown) => {
          listener.failed?.(state.planned, error);
          return end(state);
        }),
    );
  };

  const timers = states
    .filter((state) => state.planned.at !== undefined)
    .map((state) => setTimeout(() => fire(state), Math.max(0, state.planned.at! - clock.now())));

  return {
    journeyCompleted: () => {
      journeys++;
      for (const state of states) if (state.planned.afterJourneys !== undefined && journeys >= state.planned.afterJourneys) fire(state);
    },
    records: () => states.map(record),
    stop: async () => {
      stopped = true;
      timers.forEach(clearTimeout);
      while (work.size > 0) await Promise.all(work);
      await Promise.all(states.filter((state) => state.firedAtMs !== undefined).map(end));
    },
  };
}

function toRecord(state: State): FaultRecord {
  const { planned, firedAtMs, endedAtMs, detail } = state;
  return {
    ...plannedRecord(planned),
    ...(firedAtMs === undefined ? {} : { firedAtMs }),
    ...(endedAtMs === undefined ? {} : { endedAtMs }),
    ...detail,
  };
}

/** A planned fault as the report lists it, before (or without) any design running it. */
export function plannedRecord(planned: PlannedFault): FaultRecord {
  return {
    kind: planned.kind,
    target: planned.target ?? '-',
    label: planned.label,
    spec: planned.spec.text,
    ...(planned.at === undefined ? {} : { atMs: planned.at }),
    ...(planned.afterJourneys === undefined ? {} : { afterJourneys: planned.afterJourneys }),
    ...(planned.spanMs === undefined ? {} : { spanMs: planned.spanMs }),
  };
}
