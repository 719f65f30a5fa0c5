import { DEFAULTS } from '../config/defaults.js';
import { parseDuration, parseInteger, parseOffset, type Parsed } from '../config/units.js';
import { formatMs } from './spec-kinds.js';
import type { FaultWhen } from './spec.js';

/** A fault without `@when` fires this far into the run. */
export const DEFAULT_AT_FRACTION = DEFAULTS.faultAtFraction;

const AFTER = /^after=(.*?)journeys?$/;
const EVERY = /^every=(.*)$/;

/**
 * Each `every` gap is drawn from [0.5×, 1.5×] the interval, so an interval under
 * 2/3 of the run is the longest that is sure to fire at least once inside it.
 */
export const EVERY_MAX_GAP = 1.5;

/**
 * The shortest `every` interval: faults closer than this are a storm no fleet is meant
 * to ride out (a health check alone takes longer), and most likely a typo (`every=3`).
 */
export const EVERY_MIN_MS = 100;

/**
 * The `@when` of a spec: a time (`4s`, `1500ms`, `40%`) inside the run,
 * `after=200journeys` or `every=3s`; absent means 40% into the run.
 */
export function parseWhen(text: string | undefined, durationMs: number): Parsed<FaultWhen> {
  if (text === undefined) return { ok: true, value: { at: Math.round(durationMs * DEFAULT_AT_FRACTION) } };
  const after = AFTER.exec(text);
  if (after) {
    const count = parseInteger(after[1]!, 1);
    if (!count.ok) return { ok: false, expected: 'a journey count of at least 1, such as after=200journeys' };
    return { ok: true, value: { afterJourneys: count.value } };
  }
  const every = EVERY.exec(text);
  if (every) {
    const interval = parseDuration(every[1]!);
    if (!interval.ok || interval.value <= 0) return { ok: false, expected: 'an interval above 0, such as every=3s' };
    if (interval.value < EVERY_MIN_MS) return { ok: false, expected: `an interval of at least ${formatMs(EVERY_MIN_MS)}, such as every=3s` };
    if (interval.value * EVERY_MAX_GAP >= durationMs) {
      return { ok: false, expected: `an interval under 2/3 of the ${formatMs(durationMs)} run, so it fires inside it, such as every=${formatMs(Math.floor(durationMs / 4))}` };
    }
    return { ok: true, value: { everyMs: interval.value } };
  }
  const offset = parseOffset(text, durationMs);
  const inside = `a time inside the ${formatMs(durationMs)} run, such as 4s, 1500ms or 40%`;
  if (!offset.ok) {
    // A number with a unit or a percent is a time that lies outside; anything else is not a when at all.
    if (/^\d+(\.\d+)?(ms|s|m|%)$/.test(text)) return { ok: false, expected: inside };
    return { ok: false, expected: 'a when such as @4s, @1500ms, @40%, @after=200journeys or @every=3s' };
  }
  if (offset.value >= durationMs) return { ok: false, expected: inside };
  return { ok: true, value: { at: offset.value } };
}
