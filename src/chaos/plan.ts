/**
 * A fault schedule made concrete before the run, as Jepsen schedules its nemesis:
 * `every` becomes firings at seeded gaps, `random` becomes a server per firing. The
 * same seed and specs give the same plan, so a failing run can be replayed.
 */
import { createRng, deriveSeed, type Rng } from '../driver/rng.js';
import type { FaultKind, FaultSpec } from './spec.js';

/** One firing of a fault, with its target resolved. */
export interface PlannedFault {
  /** The spec this firing comes from (one spec may fire many times with `every`). */
  readonly spec: FaultSpec;
  readonly kind: FaultKind;
  /** A concrete `server-N` when the spec had a target (`random` resolved by the seed). */
  readonly target?: string;
  /** Ms from the start of the load, for time triggers (`@4s`, `@40%`, `@every=3s`). */
  readonly at?: number;
  /** Fires once this many journeys have completed (`@after=200journeys`). */
  readonly afterJourneys?: number;
  readonly spanMs?: number;
  readonly params: Readonly<Record<string, number>>;
  /** For timelines and reports, e.g. `pause server-2 +2.0s`. */
  readonly label: string;
}

/** What a plan depends on besides the specs. */
export interface PlanOptions {
  readonly seed: number;
  readonly durationMs: number;
  readonly servers: number;
}

/**
 * Tags the fault streams so they never coincide with the driver's
 * `deriveSeed(seed, user, journey)` streams.
 */
const FAULT_STREAM = 0xfa17;

/** An `every` gap is drawn uniformly from [0.5×, 1.5×) the interval. */
const GAP_MIN = 0.5;

/**
 * Expands specs into firings: time-triggered ones sorted by time (ties keep spec
 * order), then journey-triggered ones by count. Firing k of spec i draws from
 * `deriveSeed(seed, FAULT_STREAM, i, k)`, so adding a spec leaves the others' draws alone.
 */
export function planFaults(specs: readonly FaultSpec[], options: PlanOptions): PlannedFault[] {
  const timed: PlannedFault[] = [];
  const counted: PlannedFault[] = [];
  specs.forEach((spec, index) => {
    const rngOf = (firing: number) => createRng(deriveSeed(options.seed, FAULT_STREAM, index, firing));
    const { when } = spec;
    if ('everyMs' in when) {
      let elapsed = 0;
      for (let firing = 0; ; firing++) {
        const rng = rngOf(firing);
        elapsed += when.everyMs * (GAP_MIN + rng.next());
        const at = Math.floor(elapsed);
        if (at >= options.durationMs) break;
        timed.push(planned(spec, rng, options.servers, { at }));
      }
    } else if ('at' in when) {
      timed.push(planned(spec, rngOf(0), options.servers, { at: when.at }));
    } else {
      counted.push(planned(spec, rngOf(0), options.servers, { afterJourneys: when.afterJourneys }));
    }
  });
  timed.sort((a, b) => a.at! - b.at!);
  counted.sort((a, b) => a.afterJourneys! - b.afterJourneys!);
  return [...timed, ...counted];
}

function planned(spec: FaultSpec, rng: Rng, servers: number, trigger: { at: number } | { afterJourneys: number }): PlannedFault {
  const target = spec.target === 'random' ? `server-${rng.int(1, servers)}` : spec.target;
  return {
    spec,
    kind: spec.kind,
    ...(target === undefined ? {} : { target }),
    ...trigger,
    ...(spec.spanMs === undefined ? {} : { spanMs: spec.spanMs }),
    params: spec.params,
    label: labelOf(spec, target),
  };
}

/** `pause server-2 +2.0s`, `latency server-1 +2.0s delay=300ms jitter=0ms`, `rolling`. */
export function labelOf(spec: FaultSpec, target: string | undefined): string {
  const parts: string[] = [spec.kind];
  if (target !== undefined) parts.push(target);
  if (spec.command !== undefined) parts.push(shortened(spec.command));
  if (spec.spanMs !== undefined) parts.push(`+${(spec.spanMs / 1000).toFixed(1)}s`);
  for (const [key, ms] of Object.entries(spec.params)) parts.push(`${key.replace(/Ms$/, '')}=${ms}ms`);
  return parts.join(' ');
}

/** A command as a label shows it: the first 40 characters. */
function shortened(command: string): string {
  return command.length > 40 ? `${command.slice(0, 39)}…` : command;
}
