import { describe, expect, it } from 'vitest';
import { escapeHtml } from '../../../src/report/html/escape.js';
import { percentileAt, percentileCurve, spreadLabels } from '../../../src/report/html/percentile-chart.js';
import { countTicks, el, linePath, linearScale, niceTicks, plural, text, title } from '../../../src/report/html/svg.js';
import { barsFrom, faultWindows, timelineChart } from '../../../src/report/html/timeline-chart.js';
import { loadReport, REPORT_NAMES } from '../../fixtures/reports/load.js';

describe('svg helpers', () => {
  it('scales linearly, a flat domain to the range start', () => {
    const x = linearScale([0, 10], [100, 200]);
    expect([x(0), x(5), x(10)]).toEqual([100, 150, 200]);
    expect(linearScale([3, 3], [10, 20])(3)).toBe(10);
    expect(linearScale([0, 1], [300, 100])(0.25)).toBe(250);
  });

  it('picks round ticks from 0 past the maximum', () => {
    expect(niceTicks(43, 5)).toEqual([0, 10, 20, 30, 40, 50]);
    expect(niceTicks(40, 4)).toEqual([0, 10, 20, 30, 40]);
    expect(niceTicks(0.9, 3)).toEqual([0, 0.5, 1]);
    expect(niceTicks(0)).toEqual([0, 0.2, 0.4, 0.6, 0.8, 1]);
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 1, 2, 3]);
    expect(countTicks(7)).toEqual([0, 2, 4, 6, 8]);
  });

  it('writes paths, elements and text, escaping attributes and text', () => {
    expect(linePath([[0, 0], [1.26, 2.34]])).toBe('M0,0 L1.3,2.3');
    expect(linePath([])).toBe('');
    expect(el('rect', { x: 1, y: undefined, 'data-fault-window': 'a"b' })).toBe('<rect x="1" data-fault-window="a&quot;b"/>');
    expect(text(1, 2, '<b>')).toBe('<text x="1" y="2">&lt;b&gt;</text>');
    expect(title('a & b')).toBe('<title>a &amp; b</title>');
    expect(escapeHtml(`<a href='x'>&</a>`)).toBe('&lt;a href=&#39;x&#39;&gt;&amp;&lt;/a&gt;');
    expect([plural(1, 'request', 'requests'), plural(1234, 'request', 'requests')]).toEqual(['1 request', '1,234 requests']);
  });

  it('spreads labels apart within bounds, keeping their order', () => {
    expect(spreadLabels([100, 105, 300], 28, 0, 400)).toEqual([100, 128, 300]);
    expect(spreadLabels([395, 390], 28, 0, 400)).toEqual([400, 372]);
  });
});

describe('percentileCurve', () => {
  it('maps the log scale to percentiles: 0%, 90%, 99%, 99.9%', () => {
    expect([0, 1, 2, 3].map((x) => percentileAt(x))).toEqual([0, 90, 99, 99.9].map((p) => expect.closeTo(p, 9)));
  });

  it.each(REPORT_NAMES)('reads %s\'s overall histogram at the same percentiles as its summary', (name) => {
    for (const run of loadReport(name).runs) {
      const curve = percentileCurve(run);
      const at = (x: number) => curve.find((p) => Math.abs(p.x - x) < 1e-9)!.ms;
      expect(curve.length).toBeGreaterThan(50);
      expect(at(1)).toBeCloseTo(run.latency.p90, 3);
      expect(at(2)).toBeCloseTo(run.latency.p99, 3);
      expect(at(3)).toBeCloseTo(run.latency.p999, 3);
      expect(curve.every((p, i) => i === 0 || p.ms >= curve[i - 1]!.ms)).toBe(true);
    }
  });
});

describe('faultWindows', () => {
  it('gives each fired fault its window; a crash has almost no length', () => {
    const [stateful] = loadReport('pizza-crash').runs;
    const [crash] = faultWindows(stateful!);
    expect(crash!.label).toBe('crash server-1');
    expect(crash!.startMs).toBe(stateful!.faults[0]!.firedAtMs);
    expect(crash!.endMs - crash!.startMs).toBeLessThan(100);
    const [pause] = faultWindows(loadReport('chat-pause').runs[0]!);
    expect(pause!.endMs - pause!.startMs).toBeCloseTo(1000, -2);
  });

  it('leaves out a fault that did not fire', () => {
    const [run] = loadReport('pizza-crash').runs;
    expect(faultWindows({ ...run!, faults: run!.faults.map(({ firedAtMs: _f, ...f }) => f) })).toEqual([]);
  });
});

describe('timeline bars and fault lines', () => {
  it('draws the bars of the second a crash fired in to the right of its line', () => {
    const base = loadReport('pizza-crash').runs[0]!;
    const run = {
      ...base,
      faults: [{ kind: 'crash', target: 'server-1', label: 'crash server-1', atMs: 2400, firedAtMs: 2400 }],
      timeline: [0, 1, 2, 3, 4, 5].map((t) => ({ t, requests: 100, errors: t === 2 ? 3 : 0, lost: t === 2 ? 2 : 0, journeys: 10, completed: 10 })),
    };
    const chart = timelineChart(run, 0, 6000);
    const line = Number(/<line x1="([\d.]+)"[^>]*class="fault-edge"/.exec(chart)![1]);
    const barX = (what: string) => Number(new RegExp(`<rect x="([\\d.]+)"[^>]*><title>second 2: ${what}</title>`).exec(chart)![1]);
    expect(barX('3 request errors')).toBeGreaterThan(line);
    expect(barX('2 sessions lost')).toBeGreaterThan(barX('3 request errors'));
    expect(barsFrom([{ label: 'crash server-1', startMs: 2400, endMs: 2400 }], 2)).toBeCloseTo(0.4);
    expect(barsFrom([{ label: 'crash server-1', startMs: 2400, endMs: 2400 }], 3)).toBe(0);
  });
});
