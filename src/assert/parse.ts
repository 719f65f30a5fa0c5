/**
 * The `--assert` language: `<design>.<metric path> <op> <number>`, e.g.
 * `stateless.sessionLoss.rate == 0` or `stateful.latency.p99 < 50`.
 *
 * - design: any design name (`stateful`, `stateless`, `stateless-naive`, …);
 * - metric path: any number of a design's run, dotted (`latency.p99`,
 *   `consistency.byKind.stale-read`, `latencyByStep.add.p99`, `phases.0.recoveryMs`);
 * - op: `==`, `!=`, `<`, `<=`, `>`, `>=`;
 * - number: decimals and negatives allowed; a trailing `%` divides by 100, so
 *   `sessionLoss.rate < 1%` reads `< 0.01` (rates are shares of 1 in the report).
 *   Latencies are milliseconds, as everywhere in the report.
 */
import { parseAll } from '../config/parse-all.js';
import type { Parsed } from '../config/units.js';
import { isRunField, pathProblem } from './fields.js';

/** A comparison operator of an assertion. */
export type Operator = '==' | '!=' | '<' | '<=' | '>' | '>=';

/** One parsed `--assert`. */
export interface Assertion {
  /** The assertion as the user wrote it, trimmed. */
  readonly text: string;
  /** The design whose runs it checks. */
  readonly design: string;
  /** Dotted path into the design's run, e.g. `latency.p99`. */
  readonly path: string;
  readonly op: Operator;
  /** The limit, `%` already applied (`1%` → 0.01). */
  readonly expected: number;
  /** The limit as written, e.g. `1%`, for messages. */
  readonly expectedText: string;
}

const SHAPE =
  /^(?<design>[^\s.<>=!]+)\.(?<path>[^\s<>=!]+)\s*(?<op>==|!=|<=|>=|<|>)\s*(?<num>[-+]?(?:\d+(?:\.\d*)?|\.\d+))(?<pct>%)?$/;

const EXAMPLE = 'e.g. `stateful.latency.p99 < 50` or `stateless.sessionLoss.rate == 0`';
const GENERAL = `an assertion \`<design>.<metric> <op> <number>\` with op one of ==, !=, <, <=, >, >=, ${EXAMPLE}`;

/** Parses one `--assert` value; on failure, what was expected (for "Expected `--assert` to be …"). */
export function parseAssertion(text: string): Parsed<Assertion> {
  const trimmed = text.trim();
  const match = SHAPE.exec(trimmed);
  if (!match?.groups) return { ok: false, expected: hint(trimmed) };
  const { design, path, op, num, pct } = match.groups as Record<string, string>;
  if (isRunField(design!)) {
    return { ok: false, expected: `an assertion that names a design before the metric (\`stateful.${design}.…\`), ${EXAMPLE}` };
  }
  const problem = pathProblem(path!);
  if (problem) return { ok: false, expected: `an assertion ${problem}, ${EXAMPLE}` };
  const value = Number(num) / (pct ? 100 : 1);
  return {
    ok: true,
    value: { text: trimmed, design: design!, path: path!, op: op as Operator, expected: value, expectedText: `${num}${pct ?? ''}` },
  };
}

/** A closer hint for the usual slips: `=` for `==`, a missing design or number. */
function hint(text: string): string {
  if (/(^|[^<>=!])=($|[^=])/.test(text)) {
    return `an assertion compared with \`==\` (a single \`=\` is not an operator), ${EXAMPLE}`;
  }
  if (/^[^\s.<>=!]+\s*(==|!=|<=|>=|<|>)/.test(text)) {
    return `an assertion naming a design and then a metric, ${EXAMPLE}`;
  }
  if (/(==|!=|<=|>=|<|>)\s*$/.test(text) || /(==|!=|<=|>=|<|>)\s*[^\d\s.+-]/.test(text)) {
    return `an assertion ending in a number (decimals, negatives and % allowed), ${EXAMPLE}`;
  }
  return GENERAL;
}

/**
 * Parses every `--assert` value, collecting all problems before failing.
 * @throws ConfigError (exit 2) with one line per malformed value:
 *   ``Expected `--assert` to be …, got `…`.``
 */
export function parseAssertions(texts: readonly string[], flag = '--assert'): Assertion[] {
  return parseAll(flag, texts, parseAssertion);
}

/** Whether `observed op expected` holds. `==`/`!=` forgive float noise (1e-9 relative). */
export function holds(op: Operator, observed: number, expected: number): boolean {
  const equal = observed === expected ||
    Math.abs(observed - expected) <= 1e-9 * Math.max(1, Math.abs(observed), Math.abs(expected));
  switch (op) {
    case '==': return equal;
    case '!=': return !equal;
    case '<': return observed < expected && !equal;
    case '<=': return observed <= expected || equal;
    case '>': return observed > expected && !equal;
    case '>=': return observed >= expected || equal;
  }
}
