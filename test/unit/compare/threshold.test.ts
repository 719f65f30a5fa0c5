import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { allowedChange, parseThreshold, parseThresholds, thresholdFor } from '../../../src/compare/index.js';
import type { Threshold } from '../../../src/compare/index.js';

function value(text: string): Threshold {
  const parsed = parseThreshold(text);
  if (!parsed.ok) throw new Error(parsed.expected);
  return parsed.value;
}

function message(text: string): string {
  const parsed = parseThreshold(text);
  if (parsed.ok) throw new Error(`${text} parsed`);
  return `Expected \`--threshold\` to be ${parsed.expected}, got \`${text}\`.`;
}

describe('parseThreshold', () => {
  it('reads a relative rise allowed for every design', () => {
    expect(value('latency.p99=+10%')).toEqual({
      text: 'latency.p99=+10%', path: 'latency.p99', worse: 'higher', limit: 0.1, relative: true, limitText: '+10%',
    });
  });

  it('reads absolute limits, falls, and a design first', () => {
    expect(value('sessionLoss.rate=+0')).toMatchObject({ path: 'sessionLoss.rate', limit: 0, relative: false, worse: 'higher' });
    expect(value('requests.errors = +5')).toMatchObject({ limit: 5, relative: false });
    expect(value('journeys.completed=-10%')).toMatchObject({ worse: 'lower', limit: 0.1, relative: true });
    expect(value('stateful.latency.p99=+2.5%')).toMatchObject({ design: 'stateful', path: 'latency.p99', limit: 0.025 });
    expect(value('stateless-naive.consistency.byKind.stale-read=+0')).toMatchObject({
      design: 'stateless-naive', path: 'consistency.byKind.stale-read',
    });
    expect(value('latency.p99=+10%').design).toBeUndefined();
  });

  it('explains what was expected, in a sentence that names the flag', () => {
    expect(message('latency.p99=10%')).toBe(
      'Expected `--threshold` to be a change with its direction: `+10%` allows a rise, `-10%` a fall, ' +
        'e.g. `latency.p99=+10%`, `stateful.sessionLoss.rate=+0` or `journeys.completed=-5%`, got `latency.p99=10%`.',
    );
    expect(message('latency.p99')).toMatch(/^Expected `--threshold` to be a metric and the change it may make, as `<metric>=<change>`/);
    expect(message('latency.p99=+fast')).toMatch(/a metric, `=` and a signed change such as \+10%, \+0, \+5 or -10%/);
    expect(message('latencyy.p99=+10%')).toMatch(/a threshold whose metric starts with a field of a run \(journeys, .*\(after the design name\)/);
    expect(message('stateful.latencyy.p99=+10%')).toMatch(/starts with a field of a run/);
    expect(message('stateful=+10%')).toMatch(/whose metric is a figure of a run/);
    expect(message('latency..p99=+1')).toMatch(/no empty part/);
  });
});

describe('parseThresholds', () => {
  it('reports every malformed value at once', () => {
    expect(() => parseThresholds(['latency.p99=10%', 'latency.p99=+10%', 'x'])).toThrow(ConfigError);
    try {
      parseThresholds(['latency.p99=10%', 'latency.p99=+10%', 'x']);
    } catch (error) {
      expect((error as ConfigError).problems).toHaveLength(2);
    }
    expect(parseThresholds(['latency.p99=+10%', 'sessionLoss.rate=+0'])).toHaveLength(2);
  });
});

describe('thresholds', () => {
  it('allow a share of the base or an absolute change', () => {
    expect(allowedChange(value('latency.p99=+10%'), 80)).toBeCloseTo(8);
    expect(allowedChange(value('journeys.completed=-10%'), 400)).toBeCloseTo(40);
    expect(allowedChange(value('requests.errors=+5'), 400)).toBe(5);
  });

  it('prefer the one naming the design, then the last given', () => {
    const all = ['latency.p99=+10%', 'stateful.latency.p99=+1%', 'latency.p99=+20%'].map(value);
    expect(thresholdFor(all, 'stateful', 'latency.p99')?.limitText).toBe('+1%');
    expect(thresholdFor(all, 'stateless', 'latency.p99')?.limitText).toBe('+20%');
    expect(thresholdFor(all, 'stateless', 'latency.p50')).toBeUndefined();
  });
});
