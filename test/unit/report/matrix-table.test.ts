import { describe, expect, it } from 'vitest';
import { MATRIX_SCHEMA, type MatrixResult } from '../../../src/orchestrator/matrix.js';
import { matrixReporters, matrixRows, recoveryText, renderMatrix, renderMatrixHtml, renderMatrixMarkdown } from '../../../src/report/matrix-table.js';
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

  it('has a row per design and balancer setting, grouped by design', () => {
    const rows = text.split('\n').filter((line) => /^│ state/.test(line));
    expect(rows.map((row) => row.split('│')[1]!.trim() + ' / ' + row.split('│')[2]!.trim())).toEqual([
      'stateful / round-robin',
      'stateful / sticky, redispatch off',
      'stateless / round-robin',
      'stateless / sticky, redispatch off',
    ]);
    expect(text).toContain('faults: crash server-1 @ 4.0s');
  });

  it('shows session loss, errors, p99 and recovery per row', () => {
    const row = text.split('\n').find((line) => line.startsWith('│ stateful  │ round-robin'))!;
    expect(row).toContain('9.0%');
    expect(row).toContain('98.77');
    expect(row).toContain('0.0 s');
    expect(text.split('\n').find((line) => line.startsWith('│ stateful  │ sticky'))).toContain('none');
  });

  it('says — when a run had no fault, and the longest recovery when it had several', () => {
    expect(recoveryText(stateless)).toBe('—');
    expect(recoveryText({ ...stateless, phases: [phase(200), phase(1500)] })).toBe('1.5 s');
  });

  it('renders the same rows in Markdown, bad cells marked', () => {
    const md = renderMatrixMarkdown(matrix);
    expect(md).toContain('### statebench matrix · pizza');
    expect(md).toContain('seed 9 · 3.0s · 20 users · faults: crash server-1 @ 4.0s');
    const rows = md.split('\n').filter((line) => /^\| state/.test(line));
    expect(rows).toHaveLength(matrixRows(matrix).length);
    expect(rows[0]).toBe('| stateful | round-robin | ❌ 9.0% | 0 | ❌ 19 (0.9%) | 98.77 | 0.0 s |');
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
