/**
 * A comparison for the terminal or a CI log: per design, a table of base and head side
 * by side with the change, its interval and the verdict; then the regressions, what
 * could not be checked, and a one-line summary. Pure: a comparison in, a string out.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import { pad, visibleWidth } from '../report/format.js';
import type { Comparison, ComparisonRow } from './compare.js';
import { formatDelta, formatFigure, formatInterval, formatPct } from './format.js';

/** Options of `renderComparison`. */
export interface ComparisonRenderOptions {
  /** Colour verdicts and changes with ANSI codes. When false the output holds no escape code. */
  readonly color: boolean;
}

/** The whole comparison as text, ending in a newline. */
export function renderComparison(comparison: Comparison, options: ComparisonRenderOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const { base, head, rows } = comparison;
  const side = (r: Comparison['base']) => `${r.settings} · ${r.startedAt}`;
  const lines = [c.bold('statebench compare'), `${c.dim('base:')} ${side(base)}`, `${c.dim('head:')} ${side(head)}`];
  const gated = rows.some((r) => r.threshold);
  for (const design of [...new Set(rows.map((r) => r.design))]) {
    const own = rows.filter((r) => r.design === design);
    const first = own[0]!;
    lines.push('', `${c.bold(design)} ${c.dim(`· ${runs(first.baseRuns)} → ${runs(first.headRuns)}`)}`);
    lines.push(...table(own, comparison.confidence, gated, c));
  }
  lines.push('', ...footer(comparison, c));
  return `${lines.join('\n')}\n`;
}

function runs(n: number): string {
  return n === 1 ? '1 run' : `${n} runs`;
}

function table(rows: readonly ComparisonRow[], confidence: number, gated: boolean, c: ChalkInstance): string[] {
  const withCi = rows.some((r) => r.ci);
  const header = ['metric', 'base', 'head', 'Δ', 'Δ%'];
  if (withCi) header.push(`${Math.round(confidence * 100)}% CI of Δ`);
  if (gated) header.push('threshold', 'verdict');
  const body = rows.map((r) => {
    const cells = [
      r.note ? `${r.path} ${c.dim(`(${r.note})`)}` : r.path,
      formatFigure(r.base, r.path),
      formatFigure(r.head, r.path),
      tint(r, formatDelta(r.delta, r.path), c),
      tint(r, formatPct(r.deltaPct), c),
    ];
    if (withCi) cells.push(formatInterval(r.ci, r.path));
    if (gated) cells.push(r.threshold?.limitText ?? '', verdict(r, c));
    return cells;
  });
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((cells) => visibleWidth(cells[i]!))));
  const align = (i: number) => (i === 0 || i >= header.length - (gated ? 2 : 0) ? 'left' : 'right');
  const line = (cells: readonly string[]) => `│ ${cells.map((cell, i) => pad(cell, widths[i]!, align(i))).join(' │ ')} │`;
  const rule = (l: string, m: string, r: string) => `${l}${widths.map((w) => '─'.repeat(w + 2)).join(m)}${r}`;
  return [rule('┌', '┬', '┐'), line(header), rule('├', '┼', '┤'), ...body.map(line), rule('└', '┴', '┘')];
}

/** A change in red when it went the worse way, green the better way. */
function tint(row: ComparisonRow, text: string, c: ChalkInstance): string {
  if (row.delta === null || row.delta === 0) return text;
  const up = row.worse === 'higher' ? row.delta > 0 : row.delta < 0;
  return up ? c.red(text) : c.green(text);
}

function verdict(row: ComparisonRow, c: ChalkInstance): string {
  switch (row.verdict) {
    case 'regression': return c.red.bold('✗ regression');
    case 'noise': return c.yellow('~ noise');
    case 'improved': return c.green('✓ improved');
    case 'ok': return row.threshold ? '✓ ok' : worse(row) ? c.yellow('worse') : '';
  }
}

/** Without a threshold: whether it clearly went the worse way (all its interval, with one). */
function worse(row: ComparisonRow): boolean {
  if (row.delta === null) return false;
  const sign = row.worse === 'higher' ? 1 : -1;
  return row.ci ? Math.min(sign * row.ci[0], sign * row.ci[1]) > 0 : sign * row.delta > 0;
}

/** What a regression or a noisy row was, in one line. */
function explain(row: ComparisonRow, confidence: number): string {
  const change = `${formatFigure(row.base, row.path)} → ${formatFigure(row.head, row.path)} ` +
    `(${formatDelta(row.delta, row.path)}${row.deltaPct === null || row.deltaPct === 0 ? '' : `, ${formatPct(row.deltaPct)}`})`;
  const limit = row.threshold ? `allowed ${row.threshold.limitText}` : '';
  const ci = row.ci ? `, ${Math.round(confidence * 100)}% CI of Δ ${formatInterval(row.ci, row.path)}` : '';
  const what = row.verdict === 'noise' ? `${limit}, but within the noise${ci}` : `${limit}${ci}`;
  return `${row.design} ${row.path}: ${change}, ${what}`;
}

function footer(comparison: Comparison, c: ChalkInstance): string[] {
  const { rows, regressions, problems, notes, confidence } = comparison;
  const lines = [
    ...rows.filter((r) => r.verdict === 'regression').map((r) => `${c.red('✗')} ${explain(r, confidence)}`),
    ...rows.filter((r) => r.verdict === 'noise').map((r) => `${c.yellow('~')} ${explain(r, confidence)}`),
    ...problems.map((p) => `${c.red('✗')} ${p}`),
    ...notes.map((n) => `${c.dim('note:')} ${n}`),
  ];
  const checked = rows.filter((r) => r.threshold).length;
  const failed = regressions + problems.length;
  if (failed > 0) {
    const parts = [
      regressions > 0 ? `${regressions} regression${regressions === 1 ? '' : 's'}` : '',
      problems.length > 0 ? `${problems.length} threshold${problems.length === 1 ? '' : 's'} not checked` : '',
    ].filter((p) => p !== '');
    lines.push(c.red.bold(`✗ ${parts.join(', ')}`));
  } else if (checked > 0) {
    lines.push(c.green(`✓ no regression (${checked} figure${checked === 1 ? '' : 's'} checked against thresholds)`));
  } else {
    lines.push('no threshold given: nothing to fail');
  }
  return lines;
}
