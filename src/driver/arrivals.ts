/**
 * The open model's arrival schedule (docs/NOTES.md, "The open model"): journeys arrive at
 * a rate that starts at `startPerSec` and moves linearly to each stage's target over the
 * stage's duration (k6's ramping-arrival-rate; one stage at the start rate is a constant
 * rate). Arrival `n` (0-based) is meant at the time `t` where the arrivals due so far,
 * the integral of the rate, reach `n`: a pure function of the profile, so the same flags
 * give the same schedule whatever the machine does.
 */

/** One stage of `--ramp`: reach `perSec` arrivals per second, linearly, over `durationMs`. */
export interface RateStage {
  readonly perSec: number;
  readonly durationMs: number;
}

/** The arrival rate over the load. */
export interface ArrivalProfile {
  /** The rate at t = 0 (`--rate`, or 0 for a `--ramp` without it). */
  readonly startPerSec: number;
  readonly stages: readonly RateStage[];
}

/** How long a profile lasts: the sum of its stages. */
export function profileDurationMs(profile: ArrivalProfile): number {
  return profile.stages.reduce((sum, stage) => sum + stage.durationMs, 0);
}

/** The highest rate the profile reaches, per second. */
export function peakPerSec(profile: ArrivalProfile): number {
  return Math.max(profile.startPerSec, ...profile.stages.map((stage) => stage.perSec));
}

/** Arrivals due in `[0, durationMs)`: the integral of the rate, for counting them in tests and docs. */
export function arrivalsDue(profile: ArrivalProfile): number {
  let from = profile.startPerSec;
  let due = 0;
  for (const stage of profile.stages) {
    due += ((from + stage.perSec) / 2) * (stage.durationMs / 1000);
    from = stage.perSec;
  }
  return due;
}

/** The intended time (ms since the start of the load) of every arrival, in order. */
export function* arrivalTimes(profile: ArrivalProfile): Generator<number> {
  let from = profile.startPerSec / 1000;
  let stageStartMs = 0;
  let dueAtStageStart = 0;
  let n = 0;
  for (const stage of profile.stages) {
    const to = stage.perSec / 1000;
    const d = stage.durationMs;
    // Arrivals due `tau` ms into the stage: from·tau + (to − from)·tau² / (2d).
    const a = d === 0 ? 0 : (to - from) / (2 * d);
    const dueInStage = ((from + to) / 2) * d;
    for (; n - dueAtStageStart < dueInStage; n++) {
      const k = Math.max(0, n - dueAtStageStart);
      // The root of a·tau² + from·tau − k = 0 written so that it is stable for a ≥ 0 and a < 0 alike.
      const root = from + Math.sqrt(Math.max(0, from * from + 4 * a * k));
      const tau = root === 0 ? 0 : (2 * k) / root;
      if (tau >= d) break;
      yield stageStartMs + tau;
    }
    stageStartMs += d;
    dueAtStageStart += dueInStage;
    from = to;
  }
}
