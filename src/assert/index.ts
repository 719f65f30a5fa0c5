/**
 * `--assert`: conditions on a run's figures that fail the build (exit 1) when they do
 * not hold, like k6 thresholds. Parse with `parseAssertions`, check with
 * `checkAssertions`, print with `renderAssertions`.
 */
export { assertionsFailed, checkAssertions } from './check.js';
export type { AssertionOutcome } from './check.js';
export { isRunField, resolveMetric, runsByDesign } from './fields.js';
export type { Resolved } from './fields.js';
export { holds, parseAssertion, parseAssertions } from './parse.js';
export type { Assertion, Operator } from './parse.js';
export { formatValue, renderAssertions } from './render.js';
export type { AssertionRenderOptions } from './render.js';
export { assertionProblems, figureProblem, validateAssertions } from './plan.js';
