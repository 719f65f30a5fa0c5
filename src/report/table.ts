/**
 * The terminal table of a run: designs as columns, metrics as rows, verdicts coloured,
 * then one plain sentence per design. Pure: a result in, a string out; the CLI prints it.
 */
import { Chalk } from 'chalk';
import type { ChalkInstance } from 'chalk';
import type { ArchRun, RunResult } from '../result.js';
import { byDesign, repeatsOf } from './merge.js';
import { phaseLabels, phaseLines, recoveryCell } from './phases.js';
import {
  compareServerIds, formatDollars, formatPlannedFault, formatInt, formatMs, formatPercent, formatSeconds, pad, ratio, visibleWidth,
} from './format.js';

/** Options of `renderTable`. */
export interface TableOptions {
  /** Colour verdicts with ANSI codes. When false the output holds no escape code at all. */
  readonly color: boolean;
}

/** How a verdict cell reads: good (green), small (yellow), bad (red), or no verdict. */
type Tone = 'good' | 'small' | 'bad' | 'plain';

interface Cell { readonly text: string; readonly tone: Tone }
interface Row { readonly label: string; readonly cells: readonly Cell[] }
/** Rows in groups; a rule is drawn between groups. */
type Section = readonly Row[];

/** Above this share of journeys or requests, a problem is no longer "small". */
export const SMALL_RATE = 0.01;

function tone(bad: number, rate: number): Tone {
  if (bad === 0) return 'good';
  return rate <= SMALL_RATE ? 'small' : 'bad';
}

const plain = (text: string): Cell => ({ text, tone: 'plain' });

function row(label: string, runs: readonly ArchRun[], cell: (run: ArchRun) => Cell): Row {
  return { label, cells: runs.map(cell) };
}

function sections(runs: readonly ArchRun[]): Section[] {
  const servers = [...new Set(runs.flatMap((r) => Object.keys(r.requests.byServer)))].sort(compareServerIds);
  const latency = (label: string, pick: (r: ArchRun) => number): Row =>
    row(`latency ${label} (ms)`, runs, (r) => plain(formatMs(pick(r))));
  return [
    [
      row('balancer', runs, (r) => plain(r.balancer)),
      row('servers', runs, (r) => plain(formatInt(r.servers))),
      row('sessions moved', runs, (r) => plain(formatInt(r.rebinds ?? 0))),
    ],
    [
      row('journeys started', runs, (r) => plain(formatInt(r.journeys.started))),
      row('journeys completed', runs, (r) => plain(formatInt(r.journeys.completed))),
      row('journeys lost', runs, (r) => ({
        text: formatInt(r.journeys.lost),
        tone: tone(r.sessionLoss.journeys, r.sessionLoss.rate),
      })),
      row('journeys failed', runs, (r) => plain(formatInt(r.journeys.failed))),
      row('session loss', runs, (r) => ({
        text: formatPercent(r.sessionLoss.rate),
        tone: tone(r.sessionLoss.journeys, r.sessionLoss.rate),
      })),
    ],
    [
      row('requests', runs, (r) => plain(formatInt(r.requests.total))),
      row('request errors', runs, (r) => {
        const { errors, total } = r.requests;
        const rate = ratio(errors, total);
        const text = errors === 0 ? '0' : `${formatInt(errors)} (${formatPercent(rate)})`;
        return { text, tone: tone(errors, rate) };
      }),
    ],
    [
      latency('p50', (r) => r.latency.p50),
      latency('p90', (r) => r.latency.p90),
      latency('p99', (r) => r.latency.p99),
      latency('p99.9', (r) => r.latency.p999),
      latency('max', (r) => r.latency.max),
      ...deliveryRows(runs),
    ],
    servers.map((id) =>
      row(id === 'balancer' ? 'answered by balancer' : `requests ${id}`, runs, (r) => {
        const n = r.requests.byServer[id];
        return plain(n === undefined ? '—' : formatInt(n));
      }),
    ),
    consistencyRows(runs),
    phaseRows(runs),
    memoryRows(runs),
  ].filter((s) => s.length > 0);
}

/** Chat: how long a message took from its sender to its recipient. */
function deliveryRows(runs: readonly ArchRun[]): Row[] {
  if (!runs.some((r) => r.latencyByStep.delivery)) return [];
  const ms = (pick: (s: ArchRun['latency']) => number) => (r: ArchRun) => {
    const delivery = r.latencyByStep.delivery;
    return plain(delivery && delivery.count > 0 ? formatMs(pick(delivery)) : '—');
  };
  return [
    row('delivery p50 (ms)', runs, ms((s) => s.p50)),
    row('delivery p99 (ms)', runs, ms((s) => s.p99)),
    row('delivery max (ms)', runs, ms((s) => s.max)),
  ];
}

/**
 * What each fault cost, before / during / after its window, and how long until the
 * error rate was back to its pre-fault level. Faults are the same in every design, so
 * the n-th window of each run lines up.
 */
function phaseRows(runs: readonly ArchRun[]): Row[] {
  return phaseLabels(runs).flatMap((label, i) => [
    ...phaseLines(runs, i, label).map((line) => ({ label: line.label, cells: line.texts.map(plain) })),
    row(`${label}: recovery`, runs, (r) => recoveryCell(r.phases?.[i])),
  ]);
}

/** Peak memory: statebench's own process, the balancer, and the fleet's servers together. */
function memoryRows(runs: readonly ArchRun[]): Row[] {
  if (!runs.some((r) => r.memoryMb)) return [];
  const mb = (value: number | undefined): Cell => plain(value === undefined ? '—' : value.toFixed(1));
  const servers = (r: ArchRun) => {
    const peaks = Object.entries(r.memoryMb ?? {}).filter(([label]) => label.startsWith('server-'));
    return peaks.length === 0 ? undefined : peaks.reduce((sum, [, value]) => sum + value, 0);
  };
  return [
    row('memory driver (MiB)', runs, (r) => mb(r.memoryMb?.driver)),
    row('memory balancer (MiB)', runs, (r) => mb(r.memoryMb?.balancer)),
    row('memory servers (MiB)', runs, (r) => mb(servers(r))),
  ];
}

/** The consistency verdicts: the total, each kind a checker reports, and the money. */
function consistencyRows(runs: readonly ArchRun[]): Row[] {
  const verdict = (count: number): Cell => ({ text: formatInt(count), tone: count === 0 ? 'good' : 'bad' });
  const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.consistency.byKind)))];
  const rows = [
    row('consistency errors', runs, (r) => verdict(r.consistency.errors)),
    ...kinds.map((kind) => row(`  ${kind}`, runs, (r) => verdict(r.consistency.byKind[kind] ?? 0))),
  ];
  const money = (label: string, pick: (r: ArchRun) => number | undefined) =>
    row(label, runs, (r) => {
      const cents = pick(r) ?? 0;
      return { text: formatDollars(cents), tone: cents === 0 ? 'good' : 'bad' };
    });
  if (runs.some((r) => r.consistency.moneyMintedCents !== undefined)) {
    rows.push(money('money minted', (r) => r.consistency.moneyMintedCents));
    rows.push(money('money destroyed', (r) => r.consistency.moneyDestroyedCents));
  }
  return rows;
}

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

/** One plain sentence per design: what happened to its users. */
function summary(run: ArchRun, c: ChalkInstance): string {
  const { journeys, sessionLoss, requests, consistency } = run;
  const lossTone = tone(sessionLoss.journeys, sessionLoss.rate);
  const loss = sessionLoss.journeys === 0
    ? 'no session lost'
    : `${formatInt(sessionLoss.journeys)} of ${formatInt(journeys.started)} journeys ` +
      `(${formatPercent(sessionLoss.rate)}) lost their session`;
  const errorRate = ratio(requests.errors, requests.total);
  const errors = requests.errors === 0
    ? 'no request failed'
    : `${formatInt(requests.errors)} of ${formatInt(requests.total)} requests failed (${formatPercent(errorRate)})`;
  const kinds = Object.entries(consistency.byKind).filter(([, n]) => n > 0).map(([k, n]) => `${k} ${formatInt(n)}`);
  const consistencyText = consistency.errors === 0
    ? 'no consistency error'
    : `${formatInt(consistency.errors)} consistency errors${kinds.length > 0 ? ` (${kinds.join(', ')})` : ''}`;
  const unfired = run.faults.filter((fault) => fault.firedAtMs === undefined).map(formatPlannedFault);
  const unfiredText = unfired.length > 0 ? ` ${c.yellow(`${unfired.join(', ')} did not fire.`)}` : '';
  return `${c.bold(run.arch)}: ${paint(c, lossTone, loss)}, ` +
    `${paint(c, tone(requests.errors, errorRate), errors)}, ` +
    `${paint(c, consistency.errors === 0 ? 'good' : 'bad', consistencyText)}.${unfiredText}`;
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
  const groups = sections(runs);
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
  lines.push(rule('└', '┴', '┘'), '');
  for (const run of runs) {
    lines.push(summary(run, c));
    for (const note of run.notes ?? []) lines.push(`  ${c.dim('note:')} ${note}`);
  }
  return `${lines.join('\n')}\n`;
}
