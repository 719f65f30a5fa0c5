import { describe, expect, it } from 'vitest';
import { formatInt, formatMs } from '../../../src/report/format.js';
import { reporterFor } from '../../../src/report/index.js';
import { escapeMarkdown, renderMarkdown } from '../../../src/report/markdown.js';
import type { RunResult } from '../../../src/result.js';
import { loadReport, REPORT_NAMES } from '../../fixtures/reports/load.js';

/** The lines of the first GFM table in `md`. */
function firstTable(md: string): string[] {
  const lines = md.split('\n');
  const start = lines.findIndex((l) => l.startsWith('|'));
  const end = lines.findIndex((l, i) => i > start && !l.startsWith('|'));
  return lines.slice(start, end);
}

/** A table line split into cells (escaped pipes kept inside their cell). */
const cellsOf = (line: string) => line.slice(2, -2).split(/ (?<!\\)\| /);

/** The cells of the row labelled `label`. */
function row(table: readonly string[], label: string): string[] {
  const line = table.find((l) => cellsOf(l)[0] === label);
  if (!line) throw new Error(`no row ${label}`);
  return cellsOf(line).slice(1);
}

describe.each(REPORT_NAMES)('renderMarkdown(%s)', (name) => {
  const result = loadReport(name);
  const md = renderMarkdown(result);
  const table = firstTable(md);

  it('starts with a header line naming the scenario and seed, then the summary', () => {
    expect(md.split('\n')[0]).toMatch(new RegExp(`^### statebench · ${result.scenario} · seed ${result.seed} · `));
    expect(md.split('\n')[2]).toMatch(/^\S.*\.$/);
  });

  it('has one GFM table, designs as columns, with its separator row', () => {
    expect(cellsOf(table[0]!)).toEqual(['', ...result.runs.map((r) => r.arch)]);
    expect(table[1]).toMatch(/^\|( :?-{3,}:? \|)+$/);
    for (const line of table) expect(cellsOf(line)).toHaveLength(result.runs.length + 1);
  });

  it('holds the key figures of the report', () => {
    expect(row(table, 'journeys started')).toEqual(result.runs.map((r) => formatInt(r.journeys.started)));
    expect(row(table, 'latency p50 (ms)')).toEqual(result.runs.map((r) => formatMs(r.latency.p50)));
    expect(row(table, 'latency p99 (ms)')).toEqual(result.runs.map((r) => formatMs(r.latency.p99)));
    if (result.scenario === 'pizza') {
      expect(row(table, 'session loss').map((c) => c.startsWith('✅'))).toEqual(result.runs.map((r) => r.sessionLoss.journeys === 0));
    } else {
      expect(row(table, 'consistency errors')).toEqual(
        result.runs.map((r) => `${r.consistency.errors === 0 ? '✅' : '❌'} ${formatInt(r.consistency.errors)}`));
    }
    expect(row(table, 'request errors').map((c) => c.startsWith('✅'))).toEqual(result.runs.map((r) => r.requests.errors === 0));
    for (const [i, phase] of (result.runs[0]!.phases ?? []).entries()) {
      const recovery = (ms: number | null | undefined) =>
        (ms === null ? 'none' : ms === 0 ? '0 s' : `${((ms ?? 0) / 1000).toFixed(1)} s`);
      expect(row(table, `${escapeMarkdown(phase.label)}: recovery`).map((c) => c.replace(/^\S+ /, '')))
        .toEqual(result.runs.map((r) => recovery(r.phases?.[i]?.recoveryMs)));
    }
  });

  it('folds the latency per step into a <details>', () => {
    const details = md.slice(md.indexOf('<details>'), md.indexOf('</details>'));
    expect(details).toContain('<summary>Latency per step</summary>');
    for (const run of result.runs) {
      for (const [step, summary] of Object.entries(run.latencyByStep)) {
        expect(details).toContain(`| ${step} |`);
        expect(details).toContain(`${formatMs(summary.p50)} / ${formatMs(summary.p99)}`);
      }
    }
  });
});

describe('renderMarkdown', () => {
  it('keeps a label with a pipe or markup from breaking the table', () => {
    const source = loadReport('pizza-crash');
    const label = 'crash | <script>alert(1)</script>';
    const result: RunResult = { ...source, runs: source.runs.map((r) => ({ ...r, phases: r.phases?.map((p) => ({ ...p, label })) })) };
    const md = renderMarkdown(result);
    expect(md).not.toContain('<script');
    for (const line of firstTable(md)) expect(cellsOf(line)).toHaveLength(result.runs.length + 1);
    expect(md).toContain('crash \\| &lt;script>alert(1)&lt;/script>');
  });

  it('leaves plain figures readable: "<0.1%" stays as it is', () => {
    expect(escapeMarkdown('1 of 1,751 (<0.1%)')).toBe('1 of 1,751 (<0.1%)');
    expect(escapeMarkdown('a_b*c')).toBe('a\\_b\\*c');
  });

  it('is registered as `md`, saved as .md', () => {
    const result = loadReport('atm-all');
    expect(reporterFor('md').extension).toBe('md');
    expect(reporterFor('md').render(result, { color: true })).toBe(renderMarkdown(result));
  });
});
