/**
 * Parsers for the small languages of the command line: durations, counts, seeds.
 * Each returns the value or a message "what was expected"; the caller adds the flag.
 */

const DURATION = /^(\d+(?:\.\d+)?)(ms|s|m)$/;
const FACTOR: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };

export type Parsed<T> = { ok: true; value: T } | { ok: false; expected: string };

/** `500ms`, `10s`, `1.5s`, `2m` → milliseconds. A unit is required: `10` is ambiguous. */
export function parseDuration(text: string): Parsed<number> {
  const match = DURATION.exec(text.trim());
  if (!match) return { ok: false, expected: 'a duration such as 500ms, 10s or 2m' };
  return { ok: true, value: Math.round(Number(match[1]) * FACTOR[match[2]!]!) };
}

/** A limit as a user would write it: `1m`, `10m`, `30s`, `500ms`. */
export function formatLimit(ms: number): string {
  if (ms >= 60_000 && ms % 60_000 === 0) return `${ms / 60_000}m`;
  if (ms >= 1000 && ms % 1000 === 0) return `${ms / 1000}s`;
  return `${ms}ms`;
}

/**
 * A duration no longer than `maxMs` (and above 0 when `positive`), e.g. ``a duration of
 * at most 1m``. A value of the right form but out of bounds says the bounds; one of the
 * wrong form says the form.
 */
export function parseBoundedDuration(text: string, maxMs: number, { positive = false } = {}): Parsed<number> {
  const parsed = parseDuration(text);
  if (!parsed.ok) return parsed;
  const expected = positive ? `a duration above 0 and at most ${formatLimit(maxMs)}` : `a duration of at most ${formatLimit(maxMs)}`;
  if (parsed.value > maxMs || (positive && parsed.value <= 0)) return { ok: false, expected };
  return parsed;
}

/** A whole number ≥ `min`. */
export function parseInteger(text: string, min: number): Parsed<number> {
  const trimmed = text.trim();
  const expected = min === 1 ? 'a positive integer' : `an integer ≥ ${min}`;
  if (!/^-?\d+$/.test(trimmed)) return { ok: false, expected };
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value) || value < min) return { ok: false, expected };
  return { ok: true, value };
}

/** A time into the run: a duration (`4s`) or a share of it (`40%`). */
export function parseOffset(text: string, durationMs: number): Parsed<number> {
  const percent = /^(\d+(?:\.\d+)?)%$/.exec(text.trim());
  if (percent) {
    const share = Number(percent[1]);
    if (share > 100) return { ok: false, expected: 'a share of the run between 0% and 100%' };
    return { ok: true, value: Math.round((durationMs * share) / 100) };
  }
  const duration = parseDuration(text);
  return duration.ok ? duration : { ok: false, expected: 'a time such as 4s, 1500ms or 40%' };
}

/** A share: `20%` (or a bare `20`, read as percent) → 0.2. */
export function parseShare(text: string): Parsed<number> {
  const match = /^(\d+(?:\.\d+)?)%?$/.exec(text.trim());
  const expected = 'a share between 0% and 100%, e.g. 20%';
  if (!match || Number(match[1]) > 100) return { ok: false, expected };
  return { ok: true, value: Number(match[1]) / 100 };
}
