import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { holds, parseAssertion, parseAssertions } from '../../../src/assert/index.js';

/** The message the CLI prints for a malformed value. */
function message(text: string): string {
  const parsed = parseAssertion(text);
  if (parsed.ok) throw new Error(`${text} parsed`);
  return `Expected \`--assert\` to be ${parsed.expected}, got \`${text}\`.`;
}

describe('parseAssertion', () => {
  it('reads a design, a dotted path, an operator and a number', () => {
    expect(parseAssertion('stateful.latency.p99 < 50')).toEqual({
      ok: true,
      value: { text: 'stateful.latency.p99 < 50', design: 'stateful', path: 'latency.p99', op: '<', expected: 50, expectedText: '50' },
    });
    expect(parseAssertion(' stateless.sessionLoss.rate==0 ')).toMatchObject({
      ok: true, value: { design: 'stateless', path: 'sessionLoss.rate', op: '==', expected: 0 },
    });
  });

  it('accepts every operator, decimals, negatives and a percent that divides by 100', () => {
    for (const op of ['==', '!=', '<', '<=', '>', '>=']) {
      expect(parseAssertion(`stateful.rebinds ${op} 3`)).toMatchObject({ ok: true, value: { op } });
    }
    expect(parseAssertion('stateful.latency.mean <= 2.5')).toMatchObject({ value: { expected: 2.5 } });
    expect(parseAssertion('stateful.latency.mean > -1')).toMatchObject({ value: { expected: -1 } });
    expect(parseAssertion('stateful.sessionLoss.rate < 1%')).toMatchObject({ value: { expected: 0.01, expectedText: '1%' } });
    expect(parseAssertion('stateful.latency.p99 < .5')).toMatchObject({ value: { expected: 0.5 } });
  });

  it('takes any design name and nested paths whose keys hold dashes', () => {
    expect(parseAssertion('stateless-naive.consistency.byKind.stale-read == 0')).toMatchObject({
      ok: true, value: { design: 'stateless-naive', path: 'consistency.byKind.stale-read' },
    });
    expect(parseAssertion('my-design.requests.byServer.server-1 > 0')).toMatchObject({
      ok: true, value: { design: 'my-design', path: 'requests.byServer.server-1' },
    });
    expect(parseAssertion('stateful.phases.0.recoveryMs < 2000')).toMatchObject({ ok: true });
  });

  it('explains what was expected, in a sentence that names the flag', () => {
    expect(message('stateful.latency.p99 = 50')).toBe(
      'Expected `--assert` to be an assertion compared with `==` (a single `=` is not an operator), ' +
        'e.g. `stateful.latency.p99 < 50` or `stateless.sessionLoss.rate == 0`, got `stateful.latency.p99 = 50`.',
    );
    expect(message('latency.p99 < 50')).toMatch(/^Expected `--assert` to be an assertion that names a design before the metric/);
    expect(message('stateful.latencyy.p99 < 50')).toMatch(/whose metric starts with a field of a run \(journeys, sessionLoss/);
    expect(message('stateful.latency..p99 < 50')).toMatch(/no empty part/);
    expect(message('stateful.latency.p99 < fast')).toMatch(/ending in a number/);
    expect(message('stateful.latency.p99 <')).toMatch(/ending in a number/);
    expect(message('stateful < 5')).toMatch(/naming a design and then a metric/);
    expect(message('stateful.latency.p99 ~ 5')).toMatch(/with op one of ==, !=, <, <=, >, >=/);
    expect(message('')).toMatch(/^Expected `--assert` to be an assertion `<design>.<metric> <op> <number>`/);
  });
});

describe('parseAssertions', () => {
  it('parses them all or reports every problem at once', () => {
    expect(parseAssertions(['stateful.latency.p99 < 50', 'stateless.rebinds == 0'])).toHaveLength(2);
    try {
      parseAssertions(['stateful.latency.p99 = 50', 'ok.latency.p99 < 1', 'bad']);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      expect((error as ConfigError).problems).toHaveLength(2);
      expect((error as ConfigError).problems[1]).toMatch(/got `bad`\.$/);
    }
  });
});

describe('holds', () => {
  it('compares, forgiving float noise for equality', () => {
    expect(holds('==', 0.1 + 0.2, 0.3)).toBe(true);
    expect(holds('!=', 0.1 + 0.2, 0.3)).toBe(false);
    expect(holds('<', 49.9, 50)).toBe(true);
    expect(holds('<', 50, 50)).toBe(false);
    expect(holds('<=', 50, 50)).toBe(true);
    expect(holds('>', 51, 50)).toBe(true);
    expect(holds('>=', 49, 50)).toBe(false);
    expect(holds('<', Infinity, 2000)).toBe(false);
  });
});
