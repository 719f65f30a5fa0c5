import { describe, expect, it } from 'vitest';
import { compare, parseThresholds, renderComparison } from '../../../src/compare/index.js';
import type { Comparison } from '../../../src/compare/index.js';
import { comparisonTable } from '../../../src/compare/render.js';
import { repeats, report, result, stateful, stateless, tweak } from './fixture.js';

const ANSI = new RegExp(`${String.fromCharCode(27)}\\[`);

/** The cells of the row for `path` (`metric`: the column heads) in the table model of `design`. */
function cells(comparison: Comparison, design: string, path: string): string[] {
  const gated = comparison.rows.some((r) => r.threshold);
  const model = comparisonTable(comparison.rows.filter((r) => r.design === design), comparison.confidence, gated);
  if (path === 'metric') return [...model.head];
  const row = model.rows.find((cells) => cells[0]!.text.split('\n')[0] === path);
  if (row === undefined) throw new Error(`no row ${design} ${path}`);
  return row.map((cell) => cell.text);
}

/** The prose of `text` with the lines wrapped to 80 columns joined again. */
const unwrap = (text: string) => text.replace(/ ·\n {2}(?=\S)/g, ' · ').replace(/\n {2}(?=\S)/g, ' ');

const regressed: Comparison = compare(
  result,
  report([tweak(stateful, { p99: 130, lossRate: 0.095 }), stateless]),
  parseThresholds(['latency.p99=+10%', 'sessionLoss.rate=+0']),
);

describe('renderComparison', () => {
  const plain = renderComparison(regressed, { color: false });

  it('puts base and head side by side with the change, the threshold and the verdict', () => {
    expect(unwrap(plain).split('\n').slice(0, 3)).toEqual([
      'statebench compare',
      'base: pizza · stateful, stateless · 50 users · 10.0s · seed 42 · faults crash server-1 @ 4.0s · 2026-11-28T09:30:00.123Z',
      'head: pizza · stateful, stateless · 50 users · 10.0s · seed 42 · faults crash server-1 @ 4.0s · 2026-11-28T09:30:00.123Z',
    ]);
    expect(plain).toContain('stateful · 1 run → 1 run');
    expect(cells(regressed, 'stateful', 'metric')).toEqual(['metric', 'base', 'head', 'Δ', 'Δ%', 'threshold', 'verdict']);
    expect(cells(regressed, 'stateful', 'latency.p99')).toEqual(['latency.p99', '98.77', '130.00', '+31.24', '+31.6%', '+10%', '✗ regression']);
    expect(cells(regressed, 'stateful', 'sessionLoss.rate')).toEqual(['sessionLoss.rate', '8.98%', '9.50%', '+0.52 pp', '+5.8%', '+0', '✗ regression']);
    expect(cells(regressed, 'stateless', 'latency.p99')).toEqual(['latency.p99', '7.89', '7.89', '0', '0%', '+10%', '✓ ok']);
    expect(cells(regressed, 'stateful', 'journeys.completed')).toEqual(['journeys.completed', '368', '368', '0', '0%', '', '']);
  });

  it('lists the regressions and ends with how many', () => {
    const tail = plain.trimEnd().split('\n').slice(-3);
    expect(tail).toEqual([
      '✗ stateful sessionLoss.rate: 8.98% → 9.50% (+0.52 pp, +5.8%), allowed +0',
      '✗ stateful latency.p99: 98.77 → 130.00 (+31.24, +31.6%), allowed +10%',
      '✗ 2 regressions',
    ]);
  });

  it('shows the interval with repeats, and says when a rise is only noise', () => {
    const noisy = compare(repeats(stateful, [10, 14, 9, 13, 11]), repeats(stateful, [12, 10, 15, 11, 13]), parseThresholds(['latency.p99=+5%']));
    const text = renderComparison(noisy, { color: false });
    expect(text).toContain('stateful · 5 runs → 5 runs');
    const row = cells(noisy, 'stateful', 'latency.p99');
    expect(row[5]).toMatch(/^\[-\d+\.\d\d, \+\d+\.\d\d\]$/);
    expect(row.slice(6)).toEqual(['+5%', '~ noise']);
    expect(unwrap(text)).toMatch(/~ stateful latency.p99: 11.40 → 12.20 \(\+0.80, \+7.0%\), allowed \+5%, but within the noise, 95% CI of Δ \[/);
    expect(text.trimEnd().split('\n').at(-1)).toBe('✓ no regression (1 figure checked against thresholds)');
  });

  it('says so when nothing was gated, and lists what could not be checked', () => {
    expect(renderComparison(compare(result, result, []), { color: false }).trimEnd().split('\n').at(-1))
      .toBe('no threshold given: nothing to fail');
    const unchecked = renderComparison(compare(result, result, parseThresholds(['latency.p98=+1%'])), { color: false });
    expect(unchecked).toContain('✗ cannot check `latency.p98=+1%` for stateful: base: no field `latency.p98`');
    expect(unchecked.trimEnd().split('\n').at(-1)).toBe('✗ 2 thresholds not checked');
  });

  it('marks a figure without a threshold that got worse, but does not fail on it', () => {
    const ungated = compare(result, report([tweak(stateful, { p99: 130, p50: 1 }), stateless]), parseThresholds(['sessionLoss.rate=+0']));
    expect(cells(ungated, 'stateful', 'latency.p99').slice(-2)).toEqual(['', 'worse']);
    expect(cells(ungated, 'stateful', 'latency.p50').slice(-2)).toEqual(['', '✓ improved']);
    expect(ungated.regressions).toBe(0);
  });

  it('colours only when asked', () => {
    expect(plain).not.toMatch(ANSI);
    expect(renderComparison(regressed, { color: true })).toMatch(ANSI);
  });
});
