/**
 * A comparison for the terminal or a CI log: per design, a table of base and head side
 * by side with the change, its interval and the verdict; then the regressions, what
 * could not be checked, and a one-line summary. Pure: a comparison in, a string out.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import { drawTable, TERMINAL_WIDTH, widestLine, wrapText } from '../report/draw.js';
import type { Cell, Tone } from '../report/rows.js';
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
  // The settings break between their parts, so no part is split across lines.
  const settings = (label: string, r: Comparison['base']) => wrapText(`${c.dim(label)} ${side(r)}`, TERMINAL_WIDTH, 2, ' · ');
  const lines = [c.bold('statebench compare'), ...settings('base:', base), ...settings('head:', head)];
  const gated = rows.some((r) => r.threshold);
  for (const design of [...new Set(rows.map((r) => r.design))]) {
    const own = rows.filter((r) => r.design === design);
    const first = own[0]!;
    lines.push('', `${c.bold(design)} ${c.dim(`· ${runs(first.baseRuns)} → ${runs(first.headRuns)}`)}`);
    lines.push(...table(comparisonTable(own, comparison.confidence, gated), c));
  }
  lines.push('', ...footer(comparison, c).flatMap((line) => wrapText(line)));
  return `${lines.join('\n')}\n`;
}

function runs(n: number): string {
  return n === 1 ? '1 run' : `${n} runs`;
}

/** One design's comparison as a row model: the column heads, and a row of cells per metric. */
export interface ComparisonTable {
  readonly head: readonly string[];
  readonly rows: readonly (readonly Cell[])[];
}

/**
 * The rows of one design: metric (its fault on a second line), base, head, Δ, Δ%, with
 * repeats the interval of Δ, and with thresholds the limit and the verdict.
 */
export function comparisonTable(rows: readonly ComparisonRow[], confidence: number, gated: boolean): ComparisonTable {
  const withCi = rows.some((r) => r.ci);
  const head = ['metric', 'base', 'head', 'Δ', 'Δ%'];
  if (withCi) head.push(`${Math.round(confidence * 100)}% CI of Δ`);
  if (gated) head.push('threshold', 'verdict');
  return {
    head,
    rows: rows.map((r) => {
      const cells: Cell[] = [
        plain(r.note ? `${r.path}\n(${r.note})` : r.path),
        plain(formatFigure(r.base, r.path)),
        plain(formatFigure(r.head, r.path)),
        { text: formatDelta(r.delta, r.path), tone: changeTone(r) },
        { text: formatPct(r.deltaPct), tone: changeTone(r) },
      ];
      if (withCi) cells.push(plain(formatInterval(r.ci, r.path)));
      if (gated) cells.push(plain(r.threshold?.limitText ?? ''), verdict(r));
      return cells;
    }),
  };
}

/**
 * One design's table; when it would not fit the terminal, two tables: the figures
 * (metric, base, head, Δ, Δ%), then the judgement (metric, interval, threshold, verdict).
 */
function table(model: ComparisonTable, c: ChalkInstance): string[] {
  const align = (head: readonly string[]) => head.map((h) => (h === 'metric' || h === 'threshold' || h === 'verdict' ? 'left' as const : 'right' as const));
  const whole = drawTable({ head: model.head, groups: [model.rows], align: align(model.head) }, c, Infinity);
  if (widestLine(whole) <= TERMINAL_WIDTH || model.head.length <= 5) return drawTable({ head: model.head, groups: [model.rows], align: align(model.head) }, c);
  const part = (columns: readonly number[]) => {
    const head = columns.map((i) => model.head[i]!);
    return drawTable({ head, groups: [model.rows.map((cells) => columns.map((i) => cells[i]!))], align: align(head) }, c);
  };
  const rest = model.head.map((_, i) => i).filter((i) => i === 0 || i >= 5);
  return [...part([0, 1, 2, 3, 4]), ...part(rest)];
}

const plain = (text: string): Cell => ({ text, tone: 'plain' });

/** A change is bad when it went the worse way, good the better way. */
function changeTone(row: ComparisonRow): Tone {
  if (row.delta === null || row.delta === 0) return 'plain';
  const up = row.worse === 'higher' ? row.delta > 0 : row.delta < 0;
  return up ? 'bad' : 'good';
}

function verdict(row: ComparisonRow): Cell {
  switch (row.verdict) {
    case 'regression': return { text: '✗ regression', tone: 'bad' };
    case 'noise': return { text: '~ noise', tone: 'small' };
    case 'improved': return { text: '✓ improved', tone: 'good' };
    case 'ok': return row.threshold ? plain('✓ ok') : worse(row) ? { text: 'worse', tone: 'small' } : plain('');
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
