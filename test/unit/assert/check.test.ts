import { describe, expect, it } from 'vitest';
import { assertionsFailed, checkAssertions, parseAssertions, renderAssertions } from '../../../src/assert/index.js';
import type { DesignRun, RunResult } from '../../../src/result.js';
import { result } from '../report/fixture.js';

const [stateful, stateless] = result.runs as [DesignRun, DesignRun];

const span = { fromMs: 0, toMs: 1, requests: 0, errors: 0, errorRate: 0, throughput: 0, lost: 0, latency: stateful.latency };

/** The fixture with a stale read, a step latency and a fault window that never recovered. */
const rich: RunResult = {
  ...result,
  runs: [
    {
      ...stateful,
      consistency: { errors: 2, byKind: { 'stale-read': 2 } },
      latencyByStep: { add: { ...stateful.latency, p99: 12.5 }, 'cart.view': { ...stateful.latency, p99: 3 } },
      phases: [{
        label: 'crash server-1', startMs: 4000, endMs: 4000, recoveryMs: null,
        before: span, during: span, after: span,
      }],
    },
    stateless,
  ],
};

function check(report: RunResult, ...texts: string[]) {
  return checkAssertions(report, parseAssertions(texts));
}

describe('checkAssertions', () => {
  it('passes what holds and fails what does not, with the observed value', () => {
    const [loss, p99] = check(result, 'stateless.sessionLoss.rate == 0', 'stateful.latency.p99 < 50');
    expect(loss).toMatchObject({ ok: true, observed: 0, design: 'stateless', path: 'sessionLoss.rate' });
    expect(p99).toMatchObject({ ok: false, observed: 98.765, expected: 50, op: '<' });
    expect(p99!.reason).toBeUndefined();
    expect(assertionsFailed([loss!])).toBe(false);
    expect(assertionsFailed([loss!, p99!])).toBe(true);
  });

  it('reads nested figures: a kind of consistency error, a step, a server, a dotted step name', () => {
    const outcomes = check(
      rich,
      'stateful.consistency.byKind.stale-read == 0',
      'stateful.latencyByStep.add.p99 < 20',
      'stateful.requests.byServer.server-1 > 600',
      'stateful.latencyByStep.cart.view.p99 <= 3',
    );
    expect(outcomes.map((o) => [o.ok, o.observed])).toEqual([[false, 2], [true, 12.5], [true, 611], [true, 3]]);
  });

  it('reads a kind of error or a server that never showed up as 0', () => {
    const [kind, server] = check(result, 'stateless.consistency.byKind.lost-update == 0', 'stateless.requests.byServer.server-9 == 0');
    expect(kind).toMatchObject({ ok: true, observed: 0 });
    expect(server).toMatchObject({ ok: true, observed: 0 });
  });

  it('fails a recovery that never came, as never', () => {
    const [recovery] = check(rich, 'stateful.phases.0.recoveryMs < 2000');
    expect(recovery).toMatchObject({ ok: false, observed: Infinity });
    expect(renderAssertions([recovery!])).toBe('✗ stateful.phases.0.recoveryMs < 2000: observed never (∞)\n');
  });

  it('fails, with a reason and without throwing, what it cannot read', () => {
    const outcomes = check(
      rich,
      'stateless-naive.latency.p99 < 50',
      'stateful.latency.p98 < 50',
      'stateful.latency < 50',
      'stateful.balancer == 1',
      'stateful.phases.3.recoveryMs < 1',
      'stateful.latency.p99.x < 1',
    );
    expect(outcomes.every((o) => !o.ok && o.observed === undefined)).toBe(true);
    expect(outcomes.map((o) => o.reason)).toEqual([
      'no run of design `stateless-naive` in the report (designs: `stateful`, `stateless`)',
      'no field `latency.p98` (`latency` has count, mean, p50, p90, p99, p999, max)',
      '`latency` is a group of fields, not a number; its figures are latency.count, latency.mean, latency.p50, ' +
        'latency.p90, latency.p99, latency.p999, latency.max',
      '`balancer` is text (`sticky`), not a number',
      'no entry `phases.3` (`phases` has 1)',
      '`latency.p99` is a number and has no field `x`',
    ]);
    expect(check({ ...result, runs: [] }, 'stateful.rebinds == 0')[0]!.reason).toBe('the report holds no run');
  });

  it('with repeats, holds only if every run of the design holds, and shows the worst', () => {
    const repeats: RunResult = {
      ...result,
      runs: [40, 73.2, 12].map((p99, repeat) => ({ ...stateful, repeat, latency: { ...stateful.latency, p99 } })),
    };
    const [fails, holdsAll] = check(repeats, 'stateful.latency.p99 < 50', 'stateful.latency.p99 < 80');
    expect(fails).toMatchObject({ ok: false, observed: 73.2, observedByRun: [40, 73.2, 12], reason: '1 of 3 runs fail' });
    expect(holdsAll).toMatchObject({ ok: true, observed: 73.2 });
    expect(renderAssertions([fails!, holdsAll!])).toBe(
      '✗ stateful.latency.p99 < 50: observed 73.2 (1 of 3 runs fail: 40, 73.2, 12)\n' +
        '✓ stateful.latency.p99 < 80: observed 73.2 (all 3 runs hold: 40, 73.2, 12)\n',
    );
  });
});

describe('renderAssertions', () => {
  it('writes one line per assertion, ✓ or ✗, with what was observed or why not', () => {
    const text = renderAssertions(check(
      result,
      'stateful.latency.p99 < 50',
      'stateless.sessionLoss.rate==0',
      'stateful.sessionLoss.rate < 1%',
      'stateful.latency.p98 < 50',
    ));
    expect(text).toBe([
      '✗ stateful.latency.p99 < 50: observed 98.765',
      '✓ stateless.sessionLoss.rate == 0: observed 0',
      '✗ stateful.sessionLoss.rate < 1%: observed 8.98%',
      '✗ stateful.latency.p98 < 50: no field `latency.p98` (`latency` has count, mean, p50, p90, p99, p999, max)',
      '',
    ].join('\n'));
  });

  it('colours only when asked', () => {
    const outcomes = check(result, 'stateful.latency.p99 < 50');
    expect(renderAssertions(outcomes)).not.toContain('\u001b[');
    expect(renderAssertions(outcomes, { color: true })).toContain('\u001b[31m✗');
  });
});
