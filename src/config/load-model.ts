/**
 * The open model's flags (docs/cli.md, "The open model"): `--rate`, `--ramp` and
 * `--max-users`. Without `--rate` or `--ramp` the load is the closed model of `--users`.
 */
import type { ArrivalProfile, RateStage } from '../driver/arrivals.js';
import { peakPerSec, profileDurationMs } from '../driver/arrivals.js';
import { LIMITS } from './defaults.js';
import { formatLimit, parseDuration, parseInteger, type Parsed } from './units.js';

/** The open model of a run: when journeys arrive, and how many may run at once. */
export interface OpenLoad {
  readonly arrivals: ArrivalProfile;
  /** `--max-users`: the pool of virtual users; an arrival finding none free is dropped. */
  readonly maxUsers: number;
}

/** A default `--max-users` covers this many seconds of arrivals at the peak rate. */
export const DEFAULT_POOL_SECONDS = 20;

const RATE = /^(\d+(?:\.\d+)?)\s*(?:\/\s*(s|m))?$/;

/** `25/s`, `25` (per second) or `600/m` → arrivals per second; `allowZero` for a ramp's target. */
export function parseRate(text: string, { allowZero = false } = {}): Parsed<number> {
  const expected = `a rate ${allowZero ? '≥ 0' : 'above 0'} and at most ${LIMITS.maxRatePerSec}/s, such as 25/s or 600/m`;
  const match = RATE.exec(text.trim());
  if (!match) return { ok: false, expected };
  const perSec = Number(match[1]) / (match[2] === 'm' ? 60 : 1);
  if (perSec > LIMITS.maxRatePerSec || (!allowZero && perSec <= 0)) return { ok: false, expected };
  return { ok: true, value: perSec };
}

/** `10/s:2s,50/s:5s` → stages: reach each rate linearly over each duration. */
export function parseRamp(text: string): Parsed<RateStage[]> {
  const expected = `stages rate:duration, comma-separated, such as 10/s:2s,50/s:5s (at most ${formatLimit(LIMITS.maxDurationMs)} in all)`;
  const stages: RateStage[] = [];
  for (const part of text.split(',')) {
    const [rateText, durationText, extra] = part.split(':');
    if (rateText === undefined || durationText === undefined || extra !== undefined) return { ok: false, expected };
    const rate = parseRate(rateText, { allowZero: true });
    const duration = parseDuration(durationText);
    if (!rate.ok || !duration.ok || duration.value <= 0) return { ok: false, expected };
    stages.push({ perSec: rate.value, durationMs: duration.value });
  }
  const total = stages.reduce((sum, stage) => sum + stage.durationMs, 0);
  if (total > LIMITS.maxDurationMs) return { ok: false, expected };
  if (peakPerSec({ startPerSec: 0, stages }) <= 0) return { ok: false, expected: `${expected}, with a rate above 0` };
  return { ok: true, value: stages };
}

/** The open-model flags as the command line gave them, with `--users`/`--duration` when given. */
export interface RawLoadOptions {
  readonly rate?: string;
  readonly ramp?: string;
  readonly maxUsers?: string;
  readonly users?: string;
  readonly duration?: string;
}

/** A problem as run-config collects them: the flag, the value, what was expected. */
export type AddProblem = (flag: string, raw: string, expected: string) => void;

/**
 * The open model the flags ask for, or undefined for the closed model. `durationMs` is
 * `--duration`'s (or its default); a `--ramp` sets the duration itself, so giving both is
 * refused, as is `--users` (the closed model's) with `--rate`, or `--max-users` alone.
 */
export function parseOpenLoad(raw: RawLoadOptions, durationMs: number, add: AddProblem): OpenLoad | undefined {
  if (raw.rate === undefined && raw.ramp === undefined) {
    if (raw.maxUsers !== undefined) add('--max-users', raw.maxUsers, 'given only with --rate or --ramp (the open model); the closed model takes --users');
    return undefined;
  }
  const flag = raw.ramp !== undefined ? '--ramp' : '--rate';
  if (raw.users !== undefined) add('--users', raw.users, `left out with ${flag} (the open model takes --max-users)`);
  const rate = raw.rate === undefined ? undefined : parseRate(raw.rate);
  if (rate && !rate.ok) add('--rate', raw.rate!, rate.expected);
  const startPerSec = rate?.ok ? rate.value : 0;
  let arrivals: ArrivalProfile = { startPerSec, stages: [{ perSec: startPerSec, durationMs }] };
  if (raw.ramp !== undefined) {
    const ramp = parseRamp(raw.ramp);
    if (!ramp.ok) add('--ramp', raw.ramp, ramp.expected);
    else {
      arrivals = { startPerSec, stages: ramp.value };
      if (raw.duration !== undefined) {
        add('--duration', raw.duration, `left out with --ramp (its stages last ${formatLimit(profileDurationMs(arrivals))})`);
      }
    }
  }
  const fallback = Math.min(LIMITS.maxUsers, Math.max(1, Math.ceil(peakPerSec(arrivals) * DEFAULT_POOL_SECONDS)));
  let maxUsers = fallback;
  if (raw.maxUsers !== undefined) {
    const parsed = parseInteger(raw.maxUsers, 1);
    if (!parsed.ok || parsed.value > LIMITS.maxUsers) add('--max-users', raw.maxUsers, `a positive integer of at most ${LIMITS.maxUsers}`);
    else maxUsers = parsed.value;
  }
  return { arrivals, maxUsers };
}
