import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html/index.js';
import { byDesign } from '../../../src/report/merge.js';
import { comparisonRows } from '../../../src/report/rows.js';
import type { RunResult } from '../../../src/result.js';
import { loadReport } from '../../fixtures/reports/load.js';

const storeRow = (result: RunResult) => comparisonRows(byDesign(result).runs).flat().find((row) => row.label === 'store');

describe('the store row', () => {
  it('names the store each design kept its state in, in the row model and the HTML', () => {
    const report = loadReport('pizza-crash');
    const stores: Record<string, string> = { stateful: 'none', stateless: 'sqlite' };
    const result = { ...report, runs: report.runs.map((run) => ({ ...run, store: stores[run.arch] ?? 'none' })) };
    expect(storeRow(result)?.cells.map((cell) => cell.text)).toEqual(byDesign(result).runs.map((run) => stores[run.arch]));
    expect(renderHtml(result)).toMatch(/<th scope="row"[^>]*>store<\/th>/);
  });

  it('says how often a design polls its store, when its health answer told', () => {
    const report = loadReport('chat-pause');
    const result = { ...report, runs: report.runs.map((run) => (run.arch === 'stateless' ? { ...run, store: 'sqlite', storePollMs: 50 } : { ...run, store: 'none' })) };
    const cells = storeRow(result)?.cells.map((cell) => cell.text);
    expect(cells).toEqual(byDesign(result).runs.map((run) => (run.arch === 'stateless' ? 'sqlite, polled 50 ms' : 'none')));
  });

  it('is left out for a report written before runs named their store', () => {
    const report = loadReport('pizza-crash');
    expect(report.runs.every((run) => run.store === undefined)).toBe(true);
    expect(storeRow(report)).toBeUndefined();
  });
});
