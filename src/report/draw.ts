/**
 * Drawing for the terminal: tables through cli-table3 (which measures colour codes and
 * wide characters), a rule between groups of rows, and prose wrapped to the width. Every
 * terminal view is drawn here, so every one fits the same width (docs/NOTES.md, "## Reports").
 */
import Table from 'cli-table3';
import type { ChalkInstance } from 'chalk';
import type { Cell, Tone } from './rows.js';
import { visibleWidth } from './format.js';

/** The width every terminal view fits: a terminal's default, and what a pipe or CI log gets. */
export const TERMINAL_WIDTH = 80;

/** A cell's text coloured by its meaning: green good, amber small, bold red bad. */
export function paint(c: ChalkInstance, tone: Tone, text: string): string {
  if (tone === 'good') return c.green(text);
  if (tone === 'small') return c.yellow(text);
  if (tone === 'bad') return c.red.bold(text);
  return text;
}

/** What `drawTable` draws: a header row, then groups of rows with a rule between groups. */
export interface TableSpec {
  readonly head: readonly string[];
  readonly groups: readonly (readonly (readonly Cell[])[])[];
  /** Per column; figures are aligned right, names left. */
  readonly align: readonly ('left' | 'right')[];
}

// Rows inside a group draw no rule above them: cli-table3 drops a border line left empty.
const NO_RULE = { mid: '', 'left-mid': '', 'mid-mid': '', 'right-mid': '' } as const;

/**
 * The table as lines, cells coloured by their tone, headers bold. A table wider than
 * `width` keeps its first column (the labels) and shares the rest of the width among the
 * other columns, whose cells cli-table3 then wraps between words.
 */
export function drawTable(spec: TableSpec, c: ChalkInstance, width = TERMINAL_WIDTH): string[] {
  const lines = draw(spec, c, []);
  if (widestLine(lines) <= width || spec.head.length < 2) return lines;
  // A cell of several lines is as wide as its widest line.
  const measure = (text: string) => Math.max(...text.split('\n').map(visibleWidth));
  const natural = (i: number) => 2 + Math.max(measure(spec.head[i] ?? ''), ...spec.groups.flat().map((cells) => measure(cells[i]?.text ?? '')));
  const widths = spec.head.map((_, i) => natural(i));
  return draw(spec, c, [widths[0]!, ...share(widths.slice(1), width - (widths.length + 1) - widths[0]!)]);
}

/**
 * `available` columns shared among columns of `natural` widths: a column narrower than an
 * even share keeps its width, the others share what is left evenly (never below 3).
 */
function share(natural: readonly number[], available: number): number[] {
  const fixed = new Set<number>();
  let left = available;
  for (;;) {
    const open = natural.map((_, i) => i).filter((i) => !fixed.has(i));
    const even = Math.floor(left / Math.max(1, open.length));
    const fits = open.filter((i) => natural[i]! <= even);
    if (fits.length === 0 || open.length === fits.length) {
      return natural.map((w, i) => (fixed.has(i) || fits.includes(i) ? w : Math.max(3, even)));
    }
    for (const i of fits) {
      fixed.add(i);
      left -= natural[i]!;
    }
  }
}

function draw(spec: TableSpec, c: ChalkInstance, colWidths: number[]): string[] {
  const table = new Table({
    head: spec.head.map((h) => c.bold(h)),
    colAligns: [...spec.align],
    // Colour is chalk's job, so the output has no escape code when colour is off.
    style: { head: [], border: [] },
    ...(colWidths.length > 0 ? { colWidths, wordWrap: true } : {}),
  });
  for (const group of spec.groups) {
    group.forEach((cells, i) => {
      table.push(cells.map((cell) => ({ content: paint(c, cell.tone, cell.text), ...(i === 0 ? {} : { chars: NO_RULE }) })));
    });
  }
  return table.toString().split('\n');
}

/** The widest line of `lines`, in terminal columns. */
export function widestLine(lines: readonly string[]): number {
  return Math.max(0, ...lines.map(visibleWidth));
}

/**
 * `text` broken between words (or at each `separator`, which then ends its line) into lines
 * of at most `width` columns, the lines after the first indented by `indent` spaces (a
 * word longer than a line stays whole).
 */
export function wrapText(text: string, width = TERMINAL_WIDTH, indent = 2, separator = ' '): string[] {
  const glue = separator.trimEnd();
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(separator)) {
    const candidate = line === '' ? word : `${line}${separator}${word}`;
    const prefix = lines.length === 0 ? 0 : indent;
    if (line !== '' && prefix + visibleWidth(candidate) > width) {
      lines.push(`${line}${glue}`);
      line = word;
    } else {
      line = candidate;
    }
  }
  lines.push(line);
  return lines.map((l, i) => (i === 0 ? l : `${' '.repeat(indent)}${l}`));
}
