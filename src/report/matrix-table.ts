/**
 * The matrix as one table a teacher projects: a row per design and balancer setting,
 * columns for what the fault cost. One row model (`matrixRows`), rendered for the
 * terminal, Markdown and HTML, so a figure or a verdict cannot differ between them.
 * Pure: a result in, a string out.
 */
import { Chalk } from 'chalk';
import type { MatrixResult, MatrixVariant } from '../orchestrator/matrix.js';
import type { DesignRun } from '../result.js';
import { formatInt, formatMs, formatPercent, formatPlannedFault, pad, ratio, visibleWidth } from './format.js';
import { escapeHtml } from './html/escape.js';
import { STYLE } from './html/style.js';
import { escapeMarkdown } from './markdown.js';

const HEADERS = ['design', 'balancer', 'session loss', 'consistency', 'request errors', 'p99 (ms)', 'recovery'];
/** Columns holding names, not figures: aligned left, never judged. */
const LABELS = 2;
/** Columns from here on are shown without a good/bad verdict unless bad. */
const NEUTRAL_FROM = 5;

/** One row of the matrix: its cells as text, and which of them are bad. */
export interface MatrixRow {
  readonly cells: readonly string[];
  readonly bad: readonly boolean[];
}

/** The longest recovery of a run's faults: seconds, "none" when it never recovered. */
export function recoveryText(run: DesignRun): string {
  const phases = run.phases ?? [];
  if (phases.length === 0) return '—';
  if (phases.some((phase) => phase.recoveryMs === null)) return 'none';
  return `${(Math.max(...phases.map((phase) => phase.recoveryMs ?? 0)) / 1000).toFixed(1)} s`;
}

/** How a balancer setting reads: `sticky, redispatch off`, or the strategy alone where redispatch does not apply. */
export function variantLabel(variant: MatrixVariant): string {
  return variant.strategy === 'sticky' || variant.strategy === 'hash'
    ? `${variant.strategy}, redispatch ${variant.redispatch ? 'on' : 'off'}`
    : variant.strategy;
}

/** Every design of every cell, grouped by design (stable: balancer settings keep their order). */
export function matrixRows(matrix: MatrixResult): MatrixRow[] {
  const rows: MatrixRow[] = [];
  for (const { variant, result } of matrix.cells) {
    for (const run of result.runs) {
      const errorRate = ratio(run.requests.errors, run.requests.total);
      rows.push({
        cells: [
          run.arch,
          variantLabel(variant),
          formatPercent(run.sessionLoss.rate),
          formatInt(run.consistency.errors),
          run.requests.errors === 0 ? '0' : `${formatInt(run.requests.errors)} (${formatPercent(errorRate)})`,
          formatMs(run.latency.p99),
          recoveryText(run),
        ],
        bad: [false, false, run.sessionLoss.journeys > 0, run.consistency.errors > 0, run.requests.errors > 0, false, recoveryText(run) === 'none'],
      });
    }
  }
  return rows.sort((a, b) => a.cells[0]!.localeCompare(b.cells[0]!));
}

function faultsText(matrix: MatrixResult): string {
  const first = matrix.cells[0]?.result;
  return first && first.faults.length > 0 ? first.faults.map(formatPlannedFault).join(', ') : 'none';
}

function settingsText(matrix: MatrixResult): string {
  return `seed ${matrix.seed} · ${(matrix.durationMs / 1000).toFixed(1)}s · ${formatInt(matrix.users)} users`;
}

/** The matrix for a terminal: a box table, bad cells red, good verdicts green. */
export function renderMatrix(matrix: MatrixResult, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const rows = matrixRows(matrix);
  const widths = HEADERS.map((header, i) => Math.max(visibleWidth(header), ...rows.map((row) => visibleWidth(row.cells[i]!))));
  const line = (cells: string[]) => `│ ${cells.join(' │ ')} │`;
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const out = [
    c.bold(`statebench matrix · ${matrix.scenario}`) + ` · ${settingsText(matrix)}`,
    `${c.dim('faults:')} ${faultsText(matrix)}`,
    '',
    rule('┌', '┬', '┐'),
    line(HEADERS.map((header, i) => c.bold(pad(header, widths[i]!, i < LABELS ? 'left' : 'right')))),
    rule('├', '┼', '┤'),
  ];
  let previous = rows[0]?.cells[0];
  for (const row of rows) {
    if (row.cells[0] !== previous) out.push(rule('├', '┼', '┤'));
    previous = row.cells[0];
    out.push(line(row.cells.map((cell, i) => {
      const padded = pad(cell, widths[i]!, i < LABELS ? 'left' : 'right');
      if (i < LABELS) return padded;
      return row.bad[i] ? c.red(padded) : i >= NEUTRAL_FROM ? padded : c.green(padded);
    })));
  }
  out.push(rule('└', '┴', '┘'));
  return `${out.join('\n')}\n`;
}

/** The matrix as GitHub-flavoured Markdown, bad cells marked ❌ (a CI job summary). */
export function renderMatrixMarkdown(matrix: MatrixResult): string {
  const rows = matrixRows(matrix);
  const line = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
  const body = rows.map((row) => line(row.cells.map((cell, i) => `${row.bad[i] ? '❌ ' : ''}${escapeMarkdown(cell)}`)));
  return [
    `### statebench matrix · ${escapeMarkdown(matrix.scenario)}`,
    '',
    `${settingsText(matrix)} · faults: ${escapeMarkdown(faultsText(matrix))}`,
    '',
    line(HEADERS),
    line(HEADERS.map((_, i) => (i < LABELS ? ':---' : '---:'))),
    ...body,
    '',
  ].join('\n');
}

/** The matrix as one self-contained HTML page (inline CSS, no script), bad cells marked ✗. */
export function renderMatrixHtml(matrix: MatrixResult): string {
  const rows = matrixRows(matrix);
  const head = HEADERS.map((h) => `<th>${escapeHtml(h)}</th>`).join('');
  const line = (row: MatrixRow) => `<tr>${row.cells.map((cell, i) => {
    if (i < LABELS) return `<th scope="row">${escapeHtml(cell)}</th>`;
    return row.bad[i] ? `<td class="bad">✗ ${escapeHtml(cell)}</td>` : `<td>${escapeHtml(cell)}</td>`;
  }).join('')}</tr>`;
  // A body per design, as the terminal draws a rule between designs.
  const designs = [...new Set(rows.map((row) => row.cells[0]!))];
  const body = designs.map((design) => `<tbody>\n${rows.filter((row) => row.cells[0] === design).map(line).join('\n')}\n</tbody>`).join('\n');
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
