/**
 * The terminal table of a run: designs as columns, metrics as rows, verdicts coloured,
 * then one plain sentence per design. Pure: a result in, a string out; the CLI prints it.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { DesignRun, RunResult } from '../result.js';
import { byDesign, repeatsOf } from './merge.js';
import { PLACEMENT_NOTE } from './phases.js';
import { formatPlannedFault, formatInt, formatPercent, formatSeconds, pad, ratio, visibleWidth } from './format.js';
import { comparisonRows, judgedBySessions, SMALL_RATE, verdict as tone } from './rows.js';
import type { Tone } from './rows.js';

/** Options of `renderTable`. */
export interface TableOptions {
  /** Colour verdicts with ANSI codes. When false the output holds no escape code at all. */
  readonly color: boolean;
}

export { SMALL_RATE };

function paint(c: ChalkInstance, t: Tone, text: string): string {
  if (t === 'good') return c.green(text);
  if (t === 'small') return c.yellow(text);
  if (t === 'bad') return c.red.bold(text);
  return text;
}

/** The header above the table: what ran, with which seed, for how long, and what broke. */
function header(result: RunResult, c: ChalkInstance): string[] {
  const faults = result.faults.length === 0 ? 'none' : result.faults.map(formatPlannedFault).join(', ');
  return [
    `${c.bold(`statebench · ${result.scenario}`)} · seed ${result.seed} · ${formatSeconds(result.durationMs)}` +
      ` · ${formatInt(result.users)} users`,
    `${c.dim('faults:')} ${faults}`,
  ];
}

/**
 * One plain sentence per design: what happened to its users, in the terms its table
 * uses (sessions for a scenario judged by sessions, consistency for a checked one).
 */
function summary(run: DesignRun, sessions: boolean, c: ChalkInstance): string {
  const { journeys, sessionLoss, requests, consistency } = run;
  const parts: string[] = [];
  if (sessions || sessionLoss.journeys > 0) {
    const loss = sessionLoss.journeys === 0
      ? 'no session lost'
      : `${formatInt(sessionLoss.journeys)} of ${formatInt(journeys.started)} journeys ` +
        `(${formatPercent(sessionLoss.rate)}) lost their session`;
    parts.push(paint(c, tone(sessionLoss.journeys, sessionLoss.rate), loss));
  }
  const errorRate = ratio(requests.errors, requests.total);
  const errors = requests.errors === 0
    ? 'no request failed'
    : `${formatInt(requests.errors)} of ${formatInt(requests.total)} requests failed (${formatPercent(errorRate)})`;
  parts.push(paint(c, tone(requests.errors, errorRate), errors));
  if (!sessions || consistency.errors > 0) {
    const kinds = Object.entries(consistency.byKind).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${formatInt(n)}`);
    const consistencyText = consistency.errors === 0
      ? 'no consistency error'
      : `${formatInt(consistency.errors)} consistency errors${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}`;
    parts.push(paint(c, consistency.errors === 0 ? 'good' : 'bad', consistencyText));
  }
  const unfired = run.faults.filter((fault) => fault.firedAtMs === undefined).map(formatPlannedFault);
  const unfiredText = unfired.length > 0 ? ` ${c.yellow(`${unfired.join(', ')} did not fire.`)}` : '';
  return `${c.bold(run.arch)}: ${parts.join(', ')}.${unfiredText}`;
}

/**
 * Renders `result` as a box-drawn table (designs as columns, metrics as rows) with a
 * header above and a one-line summary per design below. Numbers are right-aligned.
 */
export function renderTable(full: RunResult, options: TableOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  // Repeats of a design (--repeat N) are one column: counts added, histograms merged.
  const repeats = repeatsOf(full);
  const result = byDesign(full);
  const runs = result.runs;
  const groups = comparisonRows(runs);
  const allRows = groups.flat();
  const labelWidth = Math.max(0, ...allRows.map((r) => visibleWidth(r.label)));
  const widths = runs.map((run, i) =>
    Math.max(visibleWidth(run.arch), ...allRows.map((r) => visibleWidth(r.cells[i]?.text ?? ''))));
  const rule = (left: string, mid: string, right: string): string =>
    left + [labelWidth, ...widths].map((w) => '─'.repeat(w + 2)).join(mid) + right;
  const line = (label: string, cells: readonly string[]): string =>
    `│ ${pad(label, labelWidth, 'left')} │ ${cells.join(' │ ')} │`;

  const lines = [...header(result, c), ...(repeats > 1 ? [`${c.dim('repeats:')} ${repeats} runs per design, merged below`] : []), ''];
  lines.push(rule('┌', '┬', '┐'));
  lines.push(line('', runs.map((run, i) => c.bold(pad(run.arch, widths[i]!, 'right')))));
  for (const group of groups) {
    lines.push(rule('├', '┼', '┤'));
    for (const r of group) {
      const cells = r.cells.map((cell, i) => paint(c, cell.tone, pad(cell.text, widths[i]!, 'right')));
      lines.push(line(c.dim(r.label), cells));
    }
  }
  lines.push(rule('└', '┴', '┘'));
  if (runs.some((run) => (run.phases?.length ?? 0) > 0)) lines.push(c.dim(`b/d/a: before / during / after each fault. ${PLACEMENT_NOTE}`));
  lines.push('');
  const sessions = judgedBySessions(runs);
  for (const run of runs) {
    lines.push(summary(run, sessions, c));
    for (const note of run.notes ?? []) lines.push(`  ${c.dim('note:')} ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
