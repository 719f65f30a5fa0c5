import { describe, expect, it } from 'vitest';
import { assertionProblems, figureProblem, parseAssertions, resolveMetric, validateAssertions } from '../../../src/assert/index.js';
import { ConfigError } from '../../../src/errors.js';
import { loadReport, REPORT_NAMES } from '../../fixtures/reports/load.js';

const designs = ['stateful', 'stateless'];

describe('assertionProblems: checked before the load', () => {
  it('names a design the run does not have, with the designs it has', () => {
    expect(assertionProblems(parseAssertions(['stateles.latency.p99 < 50']), designs)).toEqual([
      'Expected `--assert` to name a design of this run (stateful, stateless), got `stateles` in `stateles.latency.p99 < 50`.',
    ]);
  });

  it('names a figure no report holds', () => {
    expect(assertionProblems(parseAssertions(['stateless.latency.p99x < 50']), designs)).toEqual([
      'Expected `--assert` to name a figure of a run, got `stateless.latency.p99x < 50`: `latency` has no field `p99x` (it has count, mean, p50, p90, p99, p999, max).',
    ]);
  });

  it('lists every problem at once, and none for good assertions', () => {
    const assertions = parseAssertions([
      'stateful.latency.p99 < 50', 'stateless.sessionLoss.rate == 0', 'stateles.latency.p99 < 1', 'stateful.journeys < 3',
    ]);
    expect(assertionProblems(assertions, designs)).toHaveLength(2);
    expect(() => validateAssertions(assertions, designs)).toThrow(ConfigError);
    expect(() => validateAssertions(assertions.slice(0, 2), designs)).not.toThrow();
  });
});

describe('figureProblem', () => {
  it.each([
    'latency.p99', 'sessionLoss.rate', 'journeys.lost', 'requests.byOutcome.indeterminate', 'requests.byServer.server-1',
    'consistency.byKind.stale-read', 'latencyByStep.add.p99', 'latencyByStep.cart.add.p99', 'phases.0.recoveryMs',
    'phases.1.during.latency.p99', 'timeline.3.errors', 'rebinds', 'memoryMb.redis',
  ])('accepts %s', (path) => {
    expect(figureProblem(path)).toBeUndefined();
  });

  it.each([
    ['journeys', '`journeys` is a group of fields, not a number; its figures are journeys.started, journeys.completed, journeys.lost, journeys.failed, journeys.dropped'],
    ['phases.first.recoveryMs', '`phases` is a list: pick an entry by its number, e.g. `phases.0`'],
    ['latency.p99.max', '`latency.p99` is a number and has no field `max`'],
    ['arch', '`arch` is text, not a number'],
    ['examples', '`examples` is a list, not a number'],
  ])('refuses %s', (path, message) => {
    expect(figureProblem(path)).toBe(message);
  });

  it.each(REPORT_NAMES)('accepts every number of the sample report %s that an assertion reads', (name) => {
    const run = loadReport(name).runs[0]!;
    for (const path of ['latency.p99', 'journeys.started', 'consistency.errors', 'requests.errors']) {
      expect(resolveMetric(run, path).ok).toBe(true);
      expect(figureProblem(path)).toBeUndefined();
    }
  });
});
