/**
 * The Markdown report, GitHub-flavoured and compact, for a pull request comment or a CI
 * job summary: a header line, the plain-words summary, one table of the key rows
 * (designs as columns, verdicts marked), and the latency per step folded away.
 */
import { byDesign } from './merge.js';
import type { DesignRun, RunResult } from '../result.js';
import { formatMs, formatPlannedFault, formatSeconds } from './format.js';
import { comparisonRows, rowLabel } from './rows.js';
import type { Cell } from './rows.js';
import { PLACEMENT_NOTE } from './phases.js';
import { modelNote, usersText } from './load-notes.js';
import { summarize } from './summary.js';

/** How a verdict is marked where there is no colour. */
export const MARK: Record<Cell['tone'], string> = { good: '✅ ', small: '⚠️ ', bad: '❌ ', plain: '' };

/** `text` safe inside a GFM table cell or a line: no pipe, no markup, no line break. */
export function escapeMarkdown(text: string): string {
  return text
    // Only what could start an entity or a tag is neutralised, so "<0.1%" stays readable.
    .replace(/&(?=#?\w+;)/g, '&amp;')
    .replace(/<(?=[A-Za-z/!?])/g, '&lt;')
    .replace(/([\\|`*_[\]])/g, '\\$1')
    .replace(/\r?\n/g, ' ');
}

function tableLine(cells: readonly string[]): string {
  return `| ${cells.join(' | ')} |`;
}

/** A GFM table: a header, its separator (labels left, figures right), then the rows. */
function table(header: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [
    tableLine(header.map(escapeMarkdown)),
    tableLine(header.map((_, i) => (i === 0 ? ':---' : '---:'))),
    ...rows.map((cells) => tableLine(cells)),
  ];
}

function keyTable(runs: readonly DesignRun[]): string[] {
  const rows = comparisonRows(runs).flat().filter((row) => row.key);
  return table(['', ...runs.map((r) => r.arch)],
    rows.map((row) => [escapeMarkdown(rowLabel(row).trim()), ...row.cells.map((c) => `${MARK[c.tone]}${escapeMarkdown(c.text)}`)]));
}

/** Latency per step, p50 / p99 (ms), steps as rows, designs as columns. */
function stepTable(runs: readonly DesignRun[]): string[] {
  const steps = [...new Set(runs.flatMap((r) => Object.keys(r.latencyByStep)))].sort();
  return table(['step', ...runs.map((r) => `${r.arch} p50 / p99 (ms)`)], steps.map((step) => [
    escapeMarkdown(step),
    ...runs.map((r) => {
      const s = r.latencyByStep[step];
      return s && s.count > 0 ? `${formatMs(s.p50)} / ${formatMs(s.p99)}` : '—';
    }),
  ]));
}

/**
 * The run as GitHub-flavoured Markdown: a header line, the summary sentences, the key
 * rows of the comparison as one table, and a collapsed `<details>` with per-step latency.
 */
export function renderMarkdown(full: RunResult): string {
  // Repeats of a design (--repeat N) are one column, merged exactly.
  const result = byDesign(full);
  const faults = result.faults.length === 0 ? 'no fault' : result.faults.map(formatPlannedFault).join(', ');
  const lines = [
    `### statebench · ${escapeMarkdown(result.scenario)} · seed ${result.seed} · ${formatSeconds(result.durationMs)} · ` +
      `${escapeMarkdown(usersText(result))} · ${escapeMarkdown(faults)}`,
    '',
    ...summarize(result).flatMap((sentence) => [escapeMarkdown(sentence), '']),
    ...keyTable(result.runs),
    '',
    ...(result.runs.some((run) => (run.phases?.length ?? 0) > 0) ? [escapeMarkdown(PLACEMENT_NOTE), ''] : []),
    escapeMarkdown(modelNote(result.runs)),
    '',
  ];
  if (result.runs.some((r) => Object.keys(r.latencyByStep).length > 0)) {
    lines.push('<details><summary>Latency per step</summary>', '', ...stepTable(result.runs), '', '</details>', '');
  }
  return lines.join('\n');
}
