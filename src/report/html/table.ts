/**
 * The comparison table of the HTML report: designs as columns, metrics as rows, every
 * verdict cell coloured and marked with a symbol (so it reads without colour too).
 */
import type { DesignRun } from '../../result.js';
import { escapeHtml } from './escape.js';
import { comparisonRows, rowLabel } from '../rows.js';
import type { Cell } from '../rows.js';
import { designColor } from './style.js';

const SYMBOL: Record<Cell['tone'], string> = { good: '✓ ', small: '! ', bad: '✗ ', plain: '' };

/** A cell as `<td>`, its verdict as a class and a symbol (so it reads without colour too). */
export function htmlCell(c: Cell): string {
  const cls = c.tone === 'plain' ? '' : ` class="${c.tone}"`;
  return `<td${cls}>${SYMBOL[c.tone]}${escapeHtml(c.text)}</td>`;
}

/** The design's name with its colour swatch, as used in headers and legends. */
export function designLabel(run: DesignRun, index: number): string {
  return `<span class="swatch" style="background:${designColor(run.arch, index)}"></span>${escapeHtml(run.arch)}`;
}

/** The comparison of `runs` as an HTML `<table>`, one `<tbody>` per group of rows. */
export function comparisonTable(runs: readonly DesignRun[]): string {
  const head = `<thead><tr><th></th>${runs.map((r, i) => `<th scope="col">${designLabel(r, i)}</th>`).join('')}</tr></thead>`;
  const bodies = comparisonRows(runs).map((group) =>
    `<tbody>${group.map((row) =>
      `<tr><th scope="row"${row.label.startsWith(' ') ? ' class="sub"' : ''}>${escapeHtml(rowLabel(row).trim())}</th>${row.cells.map(htmlCell).join('')}</tr>`).join('\n')}</tbody>`);
  return `<table class="compare">${head}\n${bodies.join('\n')}</table>`;
}
