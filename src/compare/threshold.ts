/**
 * The `--threshold` language of `statebench compare`: `<metric>=<allowed change>`.
 *
 * - metric: a dotted path into a design's run (`latency.p99`, `sessionLoss.rate`,
 *   `phases.0.recoveryMs`) applying to every design, or `<design>.<path>` for one design
 *   (`stateful.latency.p99`). The first part tells them apart: a run field or a design.
 * - allowed change, sign first: `+10%` a rise of up to 10% of the base is fine; `+5` a
 *   rise of up to 5 (in the metric's unit: ms, a count, a rate's share of 1); `+0` any
 *   rise is a regression. `-10%`, `-5`, `-0` are the same for metrics where lower is
 *   worse (`journeys.completed=-5%`).
 * - `%` is always relative to the base: on a rate, `sessionLoss.rate=+10%` allows 0.050
 *   → 0.055; a rise of one percentage point is written `+0.01`.
 */
import { parseAll } from '../config/parse-all.js';
import type { Parsed } from '../config/units.js';
import { isRunField, pathProblem } from '../assert/fields.js';

/** One parsed `--threshold`. */
export interface Threshold {
  /** As the user wrote it, trimmed. */
  readonly text: string;
  /** The one design it gates; undefined when it gates every design. */
  readonly design?: string;
  /** Dotted path into a design's run, e.g. `latency.p99`. */
  readonly path: string;
  /** Which way is worse: `higher` for a `+` limit, `lower` for a `-` limit. */
  readonly worse: 'higher' | 'lower';
  /** How far it may move the worse way: a share of the base if `relative` (10% → 0.1), else absolute. */
  readonly limit: number;
  readonly relative: boolean;
  /** The limit as written, e.g. `+10%`. */
  readonly limitText: string;
}

const SHAPE = /^(?<metric>[^\s=]+)\s*=\s*(?<sign>[+-]?)(?<num>\d+(?:\.\d*)?|\.\d+)(?<pct>%)?$/;
const EXAMPLE = 'e.g. `latency.p99=+10%`, `stateful.sessionLoss.rate=+0` or `journeys.completed=-5%`';

/** Parses one `--threshold`; on failure, what was expected (for "Expected `--threshold` to be …"). */
export function parseThreshold(text: string): Parsed<Threshold> {
  const trimmed = text.trim();
  const match = SHAPE.exec(trimmed);
  if (!match?.groups) {
    const expected = trimmed.includes('=')
      ? `a metric, \`=\` and a signed change such as +10%, +0, +5 or -10%, ${EXAMPLE}`
      : `a metric and the change it may make, as \`<metric>=<change>\`, ${EXAMPLE}`;
    return { ok: false, expected };
  }
  const { metric, sign, num, pct } = match.groups as Record<string, string>;
  if (sign === '') {
    return { ok: false, expected: `a change with its direction: \`+${num}${pct ?? ''}\` allows a rise, \`-${num}${pct ?? ''}\` a fall, ${EXAMPLE}` };
  }
  const parts = metric!.split('.');
  const design = isRunField(parts[0]!) ? undefined : parts[0]!;
  const path = design === undefined ? metric! : parts.slice(1).join('.');
  if (design !== undefined && path === '') {
    return { ok: false, expected: `a threshold whose metric is a figure of a run, such as \`latency.p99\`, ${EXAMPLE}` };
  }
  const problem = pathProblem(path);
  if (problem) {
    const which = design === undefined ? '' : ' (after the design name)';
    return { ok: false, expected: `a threshold ${problem}${which}, ${EXAMPLE}` };
  }
  const threshold: Threshold = {
    text: trimmed,
    path,
    worse: sign === '+' ? 'higher' : 'lower',
    limit: Number(num) / (pct ? 100 : 1),
    relative: pct !== undefined,
    limitText: `${sign}${num}${pct ?? ''}`,
  };
  return { ok: true, value: design === undefined ? threshold : { ...threshold, design } };
}

/**
 * Parses every `--threshold`, collecting all problems before failing.
 * @throws ConfigError (exit 2), one line per malformed value:
 *   ``Expected `--threshold` to be …, got `…`.``
 */
export function parseThresholds(texts: readonly string[], flag = '--threshold'): Threshold[] {
  return parseAll(flag, texts, parseThreshold);
}

/** How far the metric may move the worse way from `base`, in the metric's unit. */
export function allowedChange(threshold: Threshold, base: number): number {
  return threshold.relative ? threshold.limit * Math.abs(base) : threshold.limit;
}

/**
 * The threshold gating `path` of `design`: one naming the design wins over one for
 * every design; among equals, the last given wins.
 */
export function thresholdFor(thresholds: readonly Threshold[], design: string, path: string): Threshold | undefined {
  const matching = thresholds.filter((t) => t.path === path);
  return matching.findLast((t) => t.design === design) ?? matching.findLast((t) => t.design === undefined);
}
