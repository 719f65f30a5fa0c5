import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { renderHtml } from '../../../src/report/html/index.js';
import { byDesign } from '../../../src/report/merge.js';
import { renderMarkdown } from '../../../src/report/markdown.js';
import { comparisonRows, rowLabel } from '../../../src/report/rows.js';
import { renderTable } from '../../../src/report/table.js';
import type { RunResult } from '../../../src/result.js';
import { loadReport } from '../../fixtures/reports/load.js';

const SESSION_ROWS = ['sessions moved', 'journeys lost', 'session loss'];

/** The row labels of the terminal tables, in order; a fault's rows as `fault: label`, the fault heading its table. */
function tableLabels(result: RunResult): string[] {
  const labels: string[] = [];
  let heading = '';
  let top = false;
  for (const line of stripVTControlCharacters(renderTable(result, { color: false })).split('\n')) {
    if (line.startsWith('┌')) top = true;
    if (!line.startsWith('│ ')) continue;
    const label = line.split('│')[1]!.trim();
    if (top) heading = label;
    else labels.push(heading === '' ? label : `${heading}: ${label}`);
    top = false;
  }
  return labels;
}

/** The row labels of the HTML comparison, in order. */
function htmlLabels(result: RunResult): string[] {
  return [...renderHtml(result).matchAll(/<tr><th scope="row"[^>]*>(.*?)<\/th>/g)].map((m) => m[1]!.replace(/&amp;/g, '&'));
}

/** The row labels of the Markdown key table (its first), in order. */
function markdownLabels(result: RunResult): string[] {
  const lines = renderMarkdown(result).split('\n');
  const start = lines.findIndex((line) => line.startsWith('| '));
  const end = lines.findIndex((line, i) => i > start && !line.startsWith('| '));
  return lines.slice(start + 2, end).map((line) => line.slice(2).split(' | ')[0]!.replace(/\\(.)/g, '$1'));
}

const labels = (result: RunResult) => comparisonRows(byDesign(result).runs).flat().map((row) => rowLabel(row).trim());

describe('rows that apply to the scenario', () => {
  it('pizza shows its session rows and no consistency rows (it has no checker)', () => {
    const shown = labels(loadReport('pizza-crash'));
    for (const label of SESSION_ROWS) expect(shown).toContain(label);
    expect(shown).not.toContain('consistency errors');
  });

  it.each(['atm-all', 'chat-pause'] as const)('%s shows its checker rows and none of the session rows', (name) => {
    const shown = labels(loadReport(name));
    for (const label of SESSION_ROWS) expect(shown).not.toContain(label);
    expect(shown).toContain('consistency errors');
    expect(renderTable(loadReport(name), { color: false })).not.toMatch(/session lost/);
  });

  it('keeps a row that does not apply when it would hide a figure other than 0', () => {
    const atm = loadReport('atm-all');
    const moved = { ...atm, runs: atm.runs.map((run, i) => (i === 0 ? { ...run, rebinds: 3 } : run)) };
    expect(labels(moved)).toContain('sessions moved');
    expect(labels(moved)).not.toContain('session loss');
  });

  it.each(['pizza-crash', 'atm-all', 'chat-pause'] as const)('%s: terminal, HTML and Markdown render the same rows', (name) => {
    const result = loadReport(name);
    const rows = comparisonRows(byDesign(result).runs).flat();
    expect(tableLabels(result)).toEqual(rows.map((row) => rowLabel(row).trim()));
    expect(htmlLabels(result)).toEqual(rows.map((row) => rowLabel(row).trim()));
    expect(markdownLabels(result)).toEqual(rows.filter((row) => row.key).map((row) => rowLabel(row).trim()));
  });
});

describe('chat late arrivals', () => {
  const chat = loadReport('chat-pause');
  const withLate = {
    ...chat,
    runs: chat.runs.map((run, i) => ({ ...run, consistency: { ...run.consistency, late: { windowMs: 2000, messages: 7 * (i + 1), typing: 3 } } })),
  };

  it('counts them beside the checker rows, with no verdict (late is not lost), and not in an old report', () => {
    expect(labels(chat)).not.toContain('late messages (>2s)');
    const rows = comparisonRows(byDesign(withLate).runs).flat();
    const late = rows.find((row) => row.label === 'late messages (>2s)')!;
    expect(late.cells.map((cell) => cell.text)).toEqual(withLate.runs.map((_, i) => String(7 * (i + 1))));
    expect(late.cells.every((cell) => cell.tone === 'plain')).toBe(true);
    expect(rows.find((row) => row.label === 'late typing (>2s)')!.cells.map((cell) => cell.text)).toEqual(withLate.runs.map(() => '3'));
    expect(tableLabels(withLate)).toContain('late typing (>2s)');
  });
});
