import { describe, expect, it } from 'vitest';
import { MATRIX_SCHEMA, type MatrixResult } from '../../../src/orchestrator/matrix.js';
import { matrixReporters, matrixView, recoveryText, renderMatrix, renderMatrixHtml, renderMatrixMarkdown } from '../../../src/report/matrix-table.js';
import type { DesignRun } from '../../../src/result.js';
import { result } from './fixture.js';

const [stateful, stateless] = result.runs as [DesignRun, DesignRun];
const phase = (recoveryMs: number | null) => {
  const span = { fromMs: 0, toMs: 1, requests: 1, errors: 0, errorRate: 0, throughput: 1, lost: 0, latency: stateful.latency };
  return { label: 'crash server-1', startMs: 4000, endMs: 4000, before: span, during: span, after: span, recoveryMs };
};

describe('renderMatrix', () => {
  const matrix: MatrixResult = {
    schema: MATRIX_SCHEMA,
    scenario: 'pizza',
    seed: 9,
    durationMs: 3000,
    users: 20,
    startedAt: result.startedAt,
    cells: [
      { variant: { strategy: 'round-robin', redispatch: true }, result: { ...result, runs: [{ ...stateful, phases: [phase(0)] }, { ...stateless, phases: [phase(600)] }] } },
      { variant: { strategy: 'sticky', redispatch: false }, result: { ...result, runs: [{ ...stateful, phases: [phase(null)] }, stateless] } },
    ],
  };
  const text = renderMatrix(matrix, { color: false });

  it('has a row per design and balancer setting, grouped by design, each design heading its table', () => {
    const view = matrixView(matrix);
    expect(view.rows.map((row) => `${row.design} / ${row.balancer}`)).toEqual([
      'stateful / round-robin',
      'stateful / sticky, redispatch off',
      'stateless / round-robin',
      'stateless / sticky, redispatch off',
    ]);
    expect(text.split('\n').filter((line) => /^│ state/.test(line)).map((line) => line.split('│')[1]!.trim())).toEqual(['stateful', 'stateless']);
    expect(text).toContain('faults: crash server-1 @ 4.0s');
  });

  it('shows the columns pizza is judged by, labelled as in a run, cells toned by their meaning', () => {
    const view = matrixView(matrix);
    expect(view.columns).toEqual(['session loss', 'request errors', 'latency p99 (ms)', 'recovery']);
    expect(view.rows[0]!.cells).toEqual([
      { text: '9.0%', tone: 'bad' }, { text: '19 (0.9%)', tone: 'small' }, { text: '98.77', tone: 'plain' }, { text: '0.0 s', tone: 'good' },
    ]);
    expect(view.rows[1]!.cells[3]).toEqual({ text: 'none', tone: 'bad' });
    expect(view.rows[2]!.cells[0]).toEqual({ text: '0%', tone: 'good' });
    expect(view.rows[2]!.cells[3]).toEqual({ text: '0.6 s', tone: 'small' });
  });

  it('says — when a run had no fault, and the longest recovery when it had several', () => {
    expect(recoveryText(stateless)).toBe('—');
    expect(recoveryText({ ...stateless, phases: [phase(200), phase(1500)] })).toBe('1.5 s');
  });

  it('renders the same rows in Markdown, bad cells marked', () => {
    const md = renderMatrixMarkdown(matrix);
    expect(md).toContain('### statebench matrix · pizza');
    expect(md).toContain('seed 9 · 3.0s · 20 users · closed model · faults: crash server-1 @ 4.0s');
    const rows = md.split('\n').filter((line) => /^\| state/.test(line));
    expect(rows).toHaveLength(matrixView(matrix).rows.length);
    expect(rows[0]).toBe('| stateful | round-robin | ❌ 9.0% | ⚠️ 19 (0.9%) | 98.77 | ✅ 0.0 s |');
    expect(rows[1]).toContain('❌ none');
  });

  it('renders the same rows as one HTML page, every text escaped', () => {
    const html = renderMatrixHtml({ ...matrix, scenario: '<b>pizza</b>' });
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toContain('<b>pizza</b>');
    expect(html).toContain('&lt;b&gt;pizza&lt;/b&gt;');
    expect(html.match(/<tr><th scope="row">/g)).toHaveLength(4);
    expect(html.match(/<tbody>/g)).toHaveLength(2);
    expect(html).toContain('<th scope="row">stateful</th><th scope="row">sticky, redispatch off</th><td class="bad">✗ 9.0%</td>');
    expect(html).not.toMatch(/<script|https?:/);
  });

  it('offers every format a run report has, the JSON being the matrix itself', () => {
    expect(Object.keys(matrixReporters).sort()).toEqual(['html', 'json', 'md', 'table']);
    expect(JSON.parse(matrixReporters.json.render(matrix))).toEqual(matrix);
    expect(matrixReporters.table.render(matrix, { color: false })).toBe(text);
  });
});
