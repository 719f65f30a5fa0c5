import { describe, expect, it } from 'vitest';
import { formatInt, formatMs, formatPercent } from '../../../src/report/format.js';
import { escapeHtml, renderHtml } from '../../../src/report/html/index.js';
import { reporterFor } from '../../../src/report/index.js';
import { summarize } from '../../../src/report/summary.js';
import type { RunResult } from '../../../src/result.js';
import { loadReport, REPORT_NAMES } from '../../fixtures/reports/load.js';
import { result as handWritten } from './fixture.js';

/** Every match of `pattern` (global) in `text`. */
const all = (text: string, pattern: RegExp) => [...text.matchAll(pattern)];

/** The markup of each `<svg>` whose `data-chart` is `chart`. */
const charts = (html: string, chart: string) => all(html, new RegExp(`<svg[^>]*data-chart="${chart}"[\\s\\S]*?</svg>`, 'g')).map((m) => m[0]);

/** The text cells of the comparison row labelled `label`. */
function row(html: string, label: string): string[] {
  const match = new RegExp(`<tr><th scope="row"[^>]*>${label}</th>(.*?)</tr>`).exec(html);
  if (!match) throw new Error(`no row ${label}`);
  return all(match[1]!, /<td[^>]*>(.*?)<\/td>/g).map((m) => m[1]!);
}

describe.each(REPORT_NAMES)('renderHtml(%s)', (name) => {
  const result = loadReport(name);
  const html = renderHtml(result);

  it('is one whole page with its style inline and no script', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="en">/);
    expect(html.trimEnd()).toMatch(/<\/html>$/);
    expect(all(html, /<style>/g)).toHaveLength(1);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|<object|<embed/i);
  });

  it('fetches nothing: no URL of any kind', () => {
    expect(html).not.toMatch(/https?:/i);
    expect(html).not.toMatch(/(src|href|xlink:href)\s*=\s*["']?\/\//i);
    expect(html).not.toMatch(/@import/i);
    for (const [, target] of all(html, /url\(\s*['"]?([^)'"]*)/gi)) expect(target).toMatch(/^(#|data:)/);
    expect(html).toContain('default-src \'none\'');
  });

  it('names every design, as a column and as a timeline', () => {
    for (const run of result.runs) {
      expect(html).toContain(`</span>${run.arch}</th>`);
      expect(charts(html, 'timeline').filter((svg) => svg.includes(`data-design="${run.arch}"`))).toHaveLength(1);
    }
  });

  it('shows the figures of the report in the comparison, verdicts coloured', () => {
    expect(row(html, 'journeys started')).toEqual(result.runs.map((r) => formatInt(r.journeys.started)));
    expect(row(html, 'latency p50 \\(ms\\)')).toEqual(result.runs.map((r) => formatMs(r.latency.p50)));
    expect(row(html, 'latency p99 \\(ms\\)')).toEqual(result.runs.map((r) => formatMs(r.latency.p99)));
    if (result.scenario === 'pizza') {
      const loss = row(html, 'session loss');
      result.runs.forEach((r, i) => {
        expect(loss[i]).toBe(r.sessionLoss.journeys === 0 ? '✓ 0%' : `${r.sessionLoss.rate <= 0.01 ? '!' : '✗'} ${formatPercent(r.sessionLoss.rate)}`);
      });
      return;
    }
    expect(row(html, 'consistency errors')).toEqual(
      result.runs.map((r) => `${r.consistency.errors === 0 ? '✓' : '✗'} ${formatInt(r.consistency.errors)}`));
    const verdicts = /<tr><th scope="row">consistency errors<\/th>(.*?)<\/tr>/.exec(html)![1]!;
    expect(all(verdicts, /<td class="(good|bad)">/g).map((m) => m[1])).toEqual(
      result.runs.map((r) => (r.consistency.errors === 0 ? 'good' : 'bad')));
  });

  it('tells the summary in plain words', () => {
    for (const sentence of summarize(result)) expect(html).toContain(`<p>${escapeHtml(sentence)}</p>`);
  });

  it('shades one window per fired fault on each design\'s timeline', () => {
    const timelines = charts(html, 'timeline');
    result.runs.forEach((run, i) => {
      const fired = run.faults.filter((f) => f.firedAtMs !== undefined);
      expect(all(timelines[i]!, /<rect[^>]*data-fault-window="([^"]*)"/g).map((m) => m[1])).toEqual(fired.map((f) => f.label));
    });
    const firedTotal = result.runs.reduce((sum, run) => sum + run.faults.filter((f) => f.firedAtMs !== undefined).length, 0);
    expect(all(html, /data-fault-window=/g)).toHaveLength(firedTotal);
  });

  it('draws one percentile line per design and every second of each timeline', () => {
    const [percentiles] = charts(html, 'percentiles');
    expect(all(percentiles!, /<path [^>]*class="series"/g)).toHaveLength(result.runs.length);
    for (const label of ['0%', '90%', '99%', '99.9%', '99.99%']) expect(percentiles).toContain(`>${label}</text>`);
    charts(html, 'timeline').forEach((svg, i) => {
      expect(all(svg, /<circle /g)).toHaveLength(result.runs[i]!.timeline.length);
    });
  });

  it('plots what the scenario is judged by per second: lost sessions, or consistency errors', () => {
    const checked = result.runs.some((r) => Object.keys(r.consistency.byKind).length > 0);
    const [one, many] = checked ? ['consistency error', 'consistency errors'] : ['session lost', 'sessions lost'];
    charts(html, 'timeline').forEach((svg, i) => {
      const run = result.runs[i]!;
      expect(svg).toContain(checked ? '>consistency</text>' : '>lost sessions/s</text>');
      const bars = all(svg, new RegExp(`<title>second \\d+: ([\\d,]+) (?:${one}|${many})</title>`, 'g'));
      const plotted = bars.reduce((sum, m) => sum + Number(m[1]!.replaceAll(',', '')), 0);
      expect(plotted).toBe(checked ? run.consistency.errors : run.timeline.reduce((sum, p) => sum + p.lost, 0));
    });
    if (checked) expect(result.runs.some((r) => r.consistency.errors > 0)).toBe(true);
  });

  it('draws a bar per server and design, with its count', () => {
    const [servers] = charts(html, 'servers');
    for (const run of result.runs) {
      for (const [id, n] of Object.entries(run.requests.byServer)) {
        expect(servers).toContain(`<title>${escapeHtml(run.arch)}, ${escapeHtml(id)}: ${formatInt(n)} ${n === 1 ? 'request' : 'requests'}</title>`);
      }
    }
  });
});

describe('renderHtml', () => {
  it('escapes every text taken from the report', () => {
    const evil = '<script>alert("x")</script>';
    const source = loadReport('pizza-crash');
    const result: RunResult = {
      ...source,
      scenario: `pizza ${evil}`,
      faults: source.faults.map((f) => ({ ...f, label: evil })),
      runs: source.runs.map((run) => ({
        ...run,
        faults: run.faults.map((f) => ({ ...f, label: evil })),
        phases: run.phases?.map((p) => ({ ...p, label: evil })),
        notes: [evil],
        requests: { ...run.requests, byServer: { ...run.requests.byServer, [evil]: 1 } },
      })),
    };
    const html = renderHtml(result);
    expect(html).not.toContain('<script');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;');
    expect(all(html, /data-fault-window="&lt;script&gt;/g)).toHaveLength(result.runs.length);
  });

  it('draws a report without histograms from its percentiles', () => {
    const html = renderHtml(handWritten);
    expect(all(charts(html, 'percentiles')[0]!, /class="series"/g)).toHaveLength(2);
    expect(all(html, /data-fault-window="crash server-1"/g)).toHaveLength(2);
  });

  it('is registered as `html`, saved as .html', () => {
    const reporter = reporterFor('html');
    expect(reporter.extension).toBe('html');
    expect(reporter.render(handWritten, { color: true })).toBe(renderHtml(handWritten));
  });
});
