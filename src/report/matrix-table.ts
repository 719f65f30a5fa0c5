/**
 * The matrix as a teacher projects it: a row per design and balancer setting, columns for
 * what the fault cost. One row model (`matrixView`), rendered for the
 * terminal, Markdown and HTML, so a figure or a verdict cannot differ between them.
 * Pure: a result in, a string out.
 */
import { modelOf } from './load-notes.js';
import { Chalk } from 'chalk';
import type { MatrixResult, MatrixVariant } from '../orchestrator/matrix.js';
import type { DesignRun } from '../result.js';
import { drawTable, wrapText } from './draw.js';
import { formatInt, formatMs, formatPercent, formatPlannedFault, ratio } from './format.js';
import { escapeHtml } from './html/escape.js';
import { STYLE } from './html/style.js';
import { htmlCell } from './html/table.js';
import { escapeMarkdown, MARK } from './markdown.js';
import { judgedBySessions, verdict } from './rows.js';
import type { Cell } from './rows.js';

/**
 * The figures a matrix shows, labelled as a run's table labels them. Session loss shows
 * for a scenario judged by sessions, consistency errors for one judged by a checker, and
 * either whenever a run has one other than 0 (as `comparisonRows` decides).
 */
const COLUMNS: readonly MatrixColumn[] = [
  { label: 'session loss', bySessions: true, cell: (run) => ({ text: formatPercent(run.sessionLoss.rate), tone: verdict(run.sessionLoss.journeys, run.sessionLoss.rate) }), figure: (run) => run.sessionLoss.journeys },
  { label: 'consistency errors', bySessions: false, cell: (run) => ({ text: formatInt(run.consistency.errors), tone: run.consistency.errors === 0 ? 'good' : 'bad' }), figure: (run) => run.consistency.errors },
  {
    label: 'request errors',
    cell: (run) => {
      const { errors, total } = run.requests;
      const rate = ratio(errors, total);
      return { text: errors === 0 ? '0' : `${formatInt(errors)} (${formatPercent(rate)})`, tone: verdict(errors, rate) };
    },
  },
  { label: 'latency p99 (ms)', cell: (run) => ({ text: run.latency.count > 0 ? formatMs(run.latency.p99) : '—', tone: 'plain' }) },
  { label: 'recovery', cell: (run) => recoveryCellOf(run) },
];

interface MatrixColumn {
  readonly label: string;
  /** Shown only for a scenario judged by sessions (true) or by a checker (false), unless `figure` is not 0. */
  readonly bySessions?: boolean;
  readonly figure?: (run: DesignRun) => number;
  readonly cell: (run: DesignRun) => Cell;
}

/** One row of the matrix: a design under one balancer setting, a cell per column. */
export interface MatrixRow {
  readonly design: string;
  readonly balancer: string;
  readonly cells: readonly Cell[];
}

/** The matrix's row model: the figure columns shown (after design and balancer), and the rows. */
export interface MatrixView {
  readonly columns: readonly string[];
  readonly rows: readonly MatrixRow[];
}

/** The longest recovery of a run's faults: seconds, "none" when it never recovered. */
export function recoveryText(run: DesignRun): string {
  return recoveryCellOf(run).text;
}

/** The longest recovery, toned as a run's recovery row: none bad, 0 s good, any other small. */
function recoveryCellOf(run: DesignRun): Cell {
  const phases = run.phases ?? [];
  if (phases.length === 0) return { text: '—', tone: 'plain' };
  if (phases.some((phase) => phase.recoveryMs === null)) return { text: 'none', tone: 'bad' };
  const longest = Math.max(...phases.map((phase) => phase.recoveryMs ?? 0));
  return { text: `${(longest / 1000).toFixed(1)} s`, tone: longest === 0 ? 'good' : 'small' };
}

/** How a balancer setting reads: `sticky, redispatch off`, or the strategy alone where redispatch does not apply. */
export function variantLabel(variant: MatrixVariant): string {
  return variant.strategy === 'sticky' || variant.strategy === 'hash'
    ? `${variant.strategy}, redispatch ${variant.redispatch ? 'on' : 'off'}`
    : variant.strategy;
}

/** Every design of every cell, grouped by design (stable: balancer settings keep their order). */
export function matrixView(matrix: MatrixResult): MatrixView {
  const entries = matrix.cells.flatMap(({ variant, result }) => result.runs.map((run) => ({ variant, run })));
  const runs = entries.map((e) => e.run);
  const sessions = judgedBySessions(runs);
  const columns = COLUMNS.filter((column) =>
    column.bySessions === undefined || column.bySessions === sessions || runs.some((run) => (column.figure?.(run) ?? 0) !== 0));
  const rows = entries.map(({ variant, run }): MatrixRow => ({
    design: run.arch,
    balancer: variantLabel(variant),
    cells: columns.map((column) => column.cell(run)),
  }));
  return { columns: columns.map((column) => column.label), rows: rows.sort((a, b) => a.design.localeCompare(b.design)) };
}

/** The designs of `view` in order, each with its rows. */
function byDesignRows(view: MatrixView): [string, MatrixRow[]][] {
  const designs = [...new Set(view.rows.map((row) => row.design))];
  return designs.map((design) => [design, view.rows.filter((row) => row.design === design)]);
}

function faultsText(matrix: MatrixResult): string {
  const first = matrix.cells[0]?.result;
  return first && first.faults.length > 0 ? first.faults.map(formatPlannedFault).join(', ') : 'none';
}

function settingsText(matrix: MatrixResult): string {
  const run = matrix.cells[0]?.result.runs[0];
  const open = run !== undefined && modelOf(run) === 'open';
  const users = open ? `at most ${formatInt(matrix.users)} users · open model` : `${formatInt(matrix.users)} users · closed model`;
  return `seed ${matrix.seed} · ${(matrix.durationMs / 1000).toFixed(1)}s · ${users}`;
}

/**
 * The matrix for a terminal: a table per design, headed by it, a row per balancer setting,
 * cells coloured by their verdict; within 80 columns.
 */
export function renderMatrix(matrix: MatrixResult, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const view = matrixView(matrix);
  const out = [
    ...wrapText(c.bold(`statebench matrix · ${matrix.scenario}`) + ` · ${settingsText(matrix)}`),
    ...wrapText(`${c.dim('faults:')} ${faultsText(matrix)}`),
    '',
  ];
  for (const [i, [design, rows]] of byDesignRows(view).entries()) {
    out.push(...(i === 0 ? [] : ['']), ...drawTable({
      head: [design, ...view.columns],
      groups: [rows.map((row) => [{ text: row.balancer, tone: 'plain' as const }, ...row.cells])],
      align: ['left', ...view.columns.map(() => 'right' as const)],
    }, c));
  }
  return `${out.join('\n')}\n`;
}

/** The matrix as GitHub-flavoured Markdown, verdicts marked as in a run's (a CI job summary). */
export function renderMatrixMarkdown(matrix: MatrixResult): string {
  const view = matrixView(matrix);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const body = view.rows.map((row) =>
    line([escapeMarkdown(row.design), escapeMarkdown(row.balancer), ...row.cells.map((cell) => `${MARK[cell.tone]}${escapeMarkdown(cell.text)}`)]));
  const header = ['design', 'balancer', ...view.columns];
  return [
    `### statebench matrix · ${escapeMarkdown(matrix.scenario)}`,
    '',
    `${settingsText(matrix)} · faults: ${escapeMarkdown(faultsText(matrix))}`,
    '',
    line(header),
    line(header.map((_, i) => (i < 2 ? ':---' : '---:'))),
    ...body,
    '',
  ].join('\n');
}

/** The matrix as one self-contained HTML page (inline CSS, no script), verdicts marked as in a run's. */
export function renderMatrixHtml(matrix: MatrixResult): string {
  const view = matrixView(matrix);
  const head = ['design', 'balancer', ...view.columns].map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const line = (row: MatrixRow) =>
    `<tr><th scope="row">${escapeHtml(row.design)}</th><th scope="row">${escapeHtml(row.balancer)}</th>${row.cells.map(htmlCell).join('')}</tr>`;
  // A body per design, as the terminal draws a table per design.
  const body = byDesignRows(view).map(([, rows]) => `<tbody>\n${rows.map(line).join('\n')}\n</tbody>`).join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>statebench matrix · ${escapeHtml(matrix.scenario)}</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<h1>statebench matrix · ${escapeHtml(matrix.scenario)}</h1>
<p class="meta">${escapeHtml(settingsText(matrix))}</p>
<p class="meta"><strong>faults:</strong> ${escapeHtml(faultsText(matrix))}</p>
<table class="compare">
<thead><tr>${head}</tr></thead>
${body}
</table>
</main>
</body>
</html>
`;
}

/** The matrix's views by the names `--report` and `report --format` take, as for a run. */
export const matrixReporters = {
  table: { extension: 'txt', render: (matrix: MatrixResult, options: { color: boolean }) => renderMatrix(matrix, options) },
  json: { extension: 'json', render: (matrix: MatrixResult) => `${JSON.stringify(matrix, null, 2)}\n` },
  html: { extension: 'html', render: (matrix: MatrixResult) => renderMatrixHtml(matrix) },
  md: { extension: 'md', render: (matrix: MatrixResult) => renderMatrixMarkdown(matrix) },
} as const;
