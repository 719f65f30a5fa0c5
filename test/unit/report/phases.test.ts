import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html/index.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { phaseLines, recoveryCell } from '../../../src/report/phases.js';
import { renderTable } from '../../../src/report/table.js';
import type { DesignRun, PhaseFigures, RunResult, SpanFigures } from '../../../src/result.js';
import { result } from './fixture.js';

const NO_LATENCY = { count: 0, mean: 0, p50: 0, p90: 0, p99: 0, p999: 0, max: 0 };

function span(fromMs: number, toMs: number, requests: number, latencyCount: number, p99 = 12.5): SpanFigures {
  const seconds = (toMs - fromMs) / 1000;
  return {
    fromMs, toMs, requests, errors: 0, errorRate: 0, lost: 0,
    throughput: seconds <= 0 ? 0 : requests / seconds,
    latency: latencyCount === 0 ? NO_LATENCY : { ...NO_LATENCY, count: latencyCount, p50: 1, p99, max: p99 },
  };
}

/** A store crash of 2 ms: a window no request started or ended in. */
const storeCrash: PhaseFigures = {
  label: 'store-crash', startMs: 4000, endMs: 4002, recoveryMs: 0,
  before: span(0, 4000, 400, 400), during: span(4000, 4002, 0, 0), after: span(4002, 10_000, 600, 600),
};

function withPhase(phase: PhaseFigures): RunResult {
  const runs: DesignRun[] = result.runs.map((run) => ({ ...run, phases: [phase] }));
  return { ...result, runs };
}

describe('no false zeros in the fault phases', () => {
  it('shows — for every figure of a window without traffic, in the terminal, HTML and Markdown alike', () => {
    const lines = phaseLines(withPhase(storeCrash).runs, 0);
    expect(lines.map((line) => [line.label, line.texts[0]])).toEqual([
      ['p99 ms b/d/a', '12.50 / — / 12.50'],
      ['errors b/d/a', '0% / — / 0%'],
      ['req/s b/d/a', '100 / — / 100'],
      ['lost b/d/a', '0 / — / 0'],
    ]);
    const table = renderTable(withPhase(storeCrash), { color: false });
    const faultTable = table.slice(table.indexOf('│ store-crash '));
    expect(faultTable).toMatch(/│ p99 ms b\/d\/a +│ +12\.50 \/ — \/ 12\.50 │/);
    expect(faultTable).toMatch(/│ req\/s b\/d\/a +│ +100 \/ — \/ 100 │/);
    expect(table).not.toMatch(/0\.00 \/|\/ 0 \//);
    expect(renderHtml(withPhase(storeCrash))).toContain('<td>12.50 / — / 12.50</td>');
  });

  it('keeps a true zero: requests meant to start in a pause but none answered is 0 req/s, with their p99', () => {
    const pause: PhaseFigures = { ...storeCrash, label: 'pause server-1', endMs: 6000, during: span(4000, 6000, 0, 40, 2000) };
    const [p99, errors, throughput] = phaseLines(withPhase(pause).runs, 0);
    expect(p99!.texts[0]).toBe('12.50 / 2,000.00 / 12.50');
    // No answer, so no error rate; but the fleet served nothing for 2 s: that 0 is true.
    expect(errors!.texts[0]).toBe('0% / — / 0%');
    expect(throughput!.texts[0]).toBe('100 / 0 / 100');
  });

  it('shows — for the latency of a run that measured no request', () => {
    const idle = { ...result, runs: result.runs.map((run) => ({ ...run, latency: NO_LATENCY })) };
    expect(renderTable(idle, { color: false })).toMatch(/│ latency p99 \(ms\) +│ +— │ +— │/);
    expect(renderMarkdown(idle)).toMatch(/\| latency p99 \(ms\) \| — \| — \|/);
  });
});

describe('recovery of merged repeats', () => {
  it('reads as the median with its range, and plainly without one', () => {
    expect(recoveryCell(storeCrash)).toEqual({ text: '0 s', tone: 'good' });
    expect(recoveryCell({ ...storeCrash, recoveryMs: 600, recoveryRange: { minMs: 400, maxMs: 900, repeats: 3 } }))
      .toEqual({ text: '0.6 s (0.4 s–0.9 s)', tone: 'small' });
    expect(recoveryCell({ ...storeCrash, recoveryMs: null, recoveryRange: { minMs: 400, maxMs: null, repeats: 2 } }))
      .toEqual({ text: 'none (0.4 s–none)', tone: 'bad' });
    expect(recoveryCell({ ...storeCrash, recoveryMs: 500, recoveryRange: { minMs: 500, maxMs: 500, repeats: 2 } }).text).toBe('0.5 s');
  });
});

describe('fault phases of a checked run that also lost sessions (pizza with tabs)', () => {
  const crash: PhaseFigures = {
    label: 'crash server-1', startMs: 4000, endMs: 4000, recoveryMs: 300,
    before: { ...span(0, 4000, 400, 400), consistencyErrors: 2 },
    during: { ...span(4000, 5000, 100, 100), lost: 3, consistencyErrors: 0 },
    after: { ...span(5000, 10_000, 500, 500), consistencyErrors: 1 },
  };
  const checked = (lost: number): DesignRun[] => result.runs.map((run) => ({
    ...run,
    phases: [crash],
    sessionLoss: { journeys: lost, rate: lost / 100 },
    consistency: { errors: 3, byKind: { 'lost-item': 3, 'phantom-item': 0 } },
  }));

  it('shows lost sessions beside consistency errors when a session was lost, and consistency alone when none was', () => {
    expect(phaseLines(checked(3), 0).map((line) => [line.label, line.texts[0]]).slice(3)).toEqual([
      ['lost b/d/a', '0 / 3 / 0'],
      ['consistency b/d/a', '2 / 0 / 1'],
    ]);
    expect(phaseLines(checked(0), 0).map((line) => line.label).slice(3)).toEqual(['consistency b/d/a']);
  });
});
