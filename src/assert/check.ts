/**
 * Checking `--assert`s against a result, the way k6 checks thresholds: every assertion
 * gives an outcome, and a failure is data (with a reason), never an exception.
 */
import type { RunResult } from '../result.js';
import { resolveMetric, runsByDesign } from './fields.js';
import { holds } from './parse.js';
import type { Assertion, Operator } from './parse.js';

/** What became of one assertion: the assertion, and what was observed. */
export interface AssertionOutcome extends Assertion {
  /**
   * The deciding value: with one run, its value; with several (repeats), the worst one
   * (a failing run's if any, else the one nearest the limit). Undefined when there is
   * no number to read.
   */
  readonly observed: number | undefined;
  /** The value of each run of the design, in report order (undefined where none). */
  readonly observedByRun: readonly (number | undefined)[];
  readonly ok: boolean;
  /** Why it failed, when `observed` alone does not say it. */
  readonly reason?: string;
}

/**
 * Checks every assertion against `result`. With several runs of the design (repeats),
 * the assertion must hold in each of them: one failing run fails it.
 * A design absent from the report, a path that leads nowhere or to something other
 * than a number fails the assertion with a `reason`.
 */
export function checkAssertions(result: RunResult, assertions: readonly Assertion[]): AssertionOutcome[] {
  const groups = runsByDesign(result);
  return assertions.map((assertion) => {
    const { text, design, path, op, expected, expectedText } = assertion;
    const base = { text, design, path, op, expected, expectedText };
    const runs = groups.get(design);
    if (!runs) {
      const known = [...groups.keys()].map((d) => `\`${d}\``).join(', ');
      const reason = known === ''
        ? 'the report holds no run'
        : `no run of design \`${design}\` in the report (designs: ${known})`;
      return { ...base, observed: undefined, observedByRun: [], ok: false, reason };
    }
    const resolved = runs.map((run) => resolveMetric(run, path));
    const observedByRun = resolved.map((r) => (r.ok ? r.value : undefined));
    const broken = resolved.findIndex((r) => !r.ok);
    if (broken >= 0) {
      const r = resolved[broken]!;
      const reason = (r.ok ? '' : r.reason) + (runs.length > 1 ? ` (run ${broken + 1} of ${runs.length})` : '');
      return { ...base, observed: undefined, observedByRun, ok: false, reason };
    }
    const values = observedByRun as number[];
    const failing = values.filter((v) => !holds(op, v, expected));
    const observed = worst(op, failing.length > 0 ? failing : values, expected);
    const ok = failing.length === 0;
    const outcome: AssertionOutcome = { ...base, observed, observedByRun, ok };
    if (ok || values.length === 1) return outcome;
    return { ...outcome, reason: `${failing.length} of ${values.length} runs fail` };
  });
}

/** The value that tells most: the highest for `<`, the lowest for `>`, the farthest for `==`. */
function worst(op: Operator, values: readonly number[], expected: number): number {
  const by = (score: (v: number) => number) =>
    values.reduce((best, v) => (score(v) > score(best) ? v : best), values[0]!);
  if (op === '<' || op === '<=') return by((v) => v);
  if (op === '>' || op === '>=') return by((v) => -v);
  if (op === '==') return by((v) => Math.abs(v - expected));
  return values[0]!;
}

/** Whether any assertion failed: the run then exits 1 (docs/design.md, "The report"). */
export function assertionsFailed(outcomes: readonly AssertionOutcome[]): boolean {
  return outcomes.some((o) => !o.ok);
}
