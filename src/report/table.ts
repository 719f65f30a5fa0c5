/**
 * The terminal tables of a run: designs as columns, metrics as rows, verdicts coloured,
 * then one plain sentence per design. Pure: a result in, a string out; the CLI prints it.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { DesignRun, RunResult } from '../result.js';
import { byDesign, repeatsOf } from './merge.js';
import { PLACEMENT_NOTE } from './phases.js';
import { drawTable, paint, TERMINAL_WIDTH, wrapText } from './draw.js';
import { formatPlannedFault, formatInt, formatPercent, formatSeconds, ratio } from './format.js';
import { comparisonRows, judgedBySessions, SMALL_RATE, verdict as tone } from './rows.js';
import { modelNote, saturationNote, usersText } from './load-notes.js';
import type { Row } from './rows.js';

/** Options of `renderTable`. */
export interface TableOptions {
  /** Colour verdicts with ANSI codes. When false the output holds no escape code at all. */
  readonly color: boolean;
}

export { SMALL_RATE };

/** The header above the table: what ran, with which seed, for how long, and what broke. */
function header(result: RunResult, c: ChalkInstance): string[] {
  const faults = result.faults.length === 0 ? 'none' : result.faults.map(formatPlannedFault).join(', ');
  return [
    `${c.bold(`statebench · ${result.scenario}`)} · seed ${result.seed} · ${formatSeconds(result.durationMs)}` +
      ` · ${usersText(result)}`,
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
 * Renders `result` as tables (designs as columns, metrics as rows): the run's figures,
 * then one table per fault, headed by the fault, so that every line fits 80 columns. A
 * header above and a one-line summary per design below, wrapped to the same width.
 */
export function renderTable(full: RunResult, options: TableOptions): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  // Repeats of a design (--repeat N) are one column: counts added, histograms merged.
  const repeats = repeatsOf(full);
  const result = byDesign(full);
  const runs = result.runs;
  const groups = comparisonRows(runs);
  const align: ('left' | 'right')[] = ['left', ...runs.map(() => 'right' as const)];
  const draw = (title: string, rows: readonly (readonly Row[])[]) => drawTable({
    head: [title, ...runs.map((run) => run.arch)],
    groups: rows.map((group) => group.map((r) => [{ text: c.dim(r.label), tone: 'plain' as const }, ...r.cells])),
    align,
  }, c);

  const lines = [...header(result, c), ...(repeats > 1 ? [`${c.dim('repeats:')} ${repeats} runs per design, merged below`] : []), ''];
  lines.push(...draw('', groups.filter((group) => group[0]?.fault === undefined)));
  for (const group of groups.filter((g) => g[0]?.fault !== undefined)) lines.push('', ...draw(group[0]!.fault!, [group]));
  if (runs.some((run) => (run.phases?.length ?? 0) > 0)) lines.push(...wrapText(c.dim(`b/d/a: before / during / after each fault. ${PLACEMENT_NOTE}`)));
  lines.push(...wrapText(c.dim(modelNote(runs))));
  lines.push('');
  const sessions = judgedBySessions(runs);
  for (const run of runs) {
    lines.push(...wrapText(summary(run, sessions, c)));
    const saturated = saturationNote(run);
    if (saturated) lines.push(...wrapText(`  ${c.red('warning:')} ${saturated}`, TERMINAL_WIDTH, 4));
    for (const note of run.notes ?? []) lines.push(...wrapText(`  ${c.dim('note:')} ${note}`, TERMINAL_WIDTH, 4));
  }
  return `${lines.join('\n')}\n`;
}
