/**
 * The comparison as rows of verdict cells, independent of any markup: designs as
 * columns, metrics as rows. The HTML table shows every group; the Markdown table keeps
 * the `key` rows only.
 */
import type { ArchRun } from '../../result.js';
import { formatDollars, formatInt, formatMs, formatPercent, ratio } from '../format.js';
import { phaseLabels, phaseLines, recoveryCell } from '../phases.js';
import { SMALL_RATE } from '../table.js';

/** How a cell reads: good (green), small (amber), bad (red), or no verdict. */
export type Tone = 'good' | 'small' | 'bad' | 'plain';

/** One cell of the comparison. */
export interface Cell {
  readonly text: string;
  readonly tone: Tone;
}

/** One metric across the designs; `key` rows are the ones a compact view keeps. */
export interface Row {
  readonly label: string;
  readonly key: boolean;
  readonly cells: readonly Cell[];
}

/** Good when nothing went wrong, small when at most 1% did, bad beyond. */
export function verdict(bad: number, rate: number): Tone {
  if (bad === 0) return 'good';
  return rate <= SMALL_RATE ? 'small' : 'bad';
}

const plain = (text: string): Cell => ({ text, tone: 'plain' });

function row(label: string, key: boolean, runs: readonly ArchRun[], cell: (run: ArchRun) => Cell): Row {
  return { label, key, cells: runs.map(cell) };
}

/** "0", or "12 of 300 (4.0%)". */
function share(part: number, whole: number): string {
  return part === 0 ? '0' : `${formatInt(part)} of ${formatInt(whole)} (${formatPercent(ratio(part, whole))})`;
}

/**
 * The comparison of `runs`, in groups (a rule is drawn between groups): setup, journeys,
 * requests, latency, consistency, recovery. Empty groups are left out.
 */
export function comparisonRows(runs: readonly ArchRun[]): Row[][] {
  const latency = (label: string, key: boolean, pick: (r: ArchRun) => number) =>
    row(`latency ${label} (ms)`, key, runs, (r) => plain(formatMs(pick(r))));
  const groups: Row[][] = [
    [
      row('balancer', false, runs, (r) => plain(r.balancer)),
      row('servers', false, runs, (r) => plain(formatInt(r.servers))),
    ],
    [
      row('journeys', true, runs, (r) => plain(formatInt(r.journeys.started))),
      row('journeys completed', false, runs, (r) => plain(formatInt(r.journeys.completed))),
      row('journeys failed', false, runs, (r) => plain(formatInt(r.journeys.failed))),
      row('session loss', true, runs, (r) => ({
        text: share(r.sessionLoss.journeys, r.journeys.started),
        tone: verdict(r.sessionLoss.journeys, r.sessionLoss.rate),
      })),
    ],
    [
      row('requests', false, runs, (r) => plain(formatInt(r.requests.total))),
      row('request errors', true, runs, (r) => ({
        text: share(r.requests.errors, r.requests.total),
        tone: verdict(r.requests.errors, ratio(r.requests.errors, r.requests.total)),
      })),
    ],
    [
      latency('p50', true, (r) => r.latency.p50),
      latency('p90', false, (r) => r.latency.p90),
      latency('p99', true, (r) => r.latency.p99),
      latency('p99.9', false, (r) => r.latency.p999),
      latency('max', false, (r) => r.latency.max),
      ...deliveryRows(runs),
    ],
    consistencyRows(runs),
    recoveryRows(runs),
  ];
  return groups.filter((group) => group.length > 0);
}

/** Chat: send → receive latency of the messages. */
function deliveryRows(runs: readonly ArchRun[]): Row[] {
  if (!runs.some((r) => r.latencyByStep.delivery)) return [];
  const ms = (pick: (s: ArchRun['latency']) => number) => (r: ArchRun) => {
    const delivery = r.latencyByStep.delivery;
    return plain(delivery && delivery.count > 0 ? formatMs(pick(delivery)) : '—');
  };
  return [row('delivery p50 (ms)', false, runs, ms((s) => s.p50)), row('delivery p99 (ms)', false, runs, ms((s) => s.p99))];
}

/** The checker's verdicts: the total (a key row), each kind it reports, and the money. */
function consistencyRows(runs: readonly ArchRun[]): Row[] {
  const count = (n: number): Cell => ({ text: formatInt(n), tone: n === 0 ? 'good' : 'bad' });
  const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.consistency.byKind)))];
  const rows = [
    row('consistency errors', true, runs, (r) => count(r.consistency.errors)),
    ...kinds.map((kind) => row(`  ${kind}`, false, runs, (r) => count(r.consistency.byKind[kind] ?? 0))),
  ];
  const money = (label: string, key: boolean, pick: (r: ArchRun) => number | undefined) =>
    row(label, key, runs, (r) => {
      const cents = pick(r) ?? 0;
      return { text: formatDollars(cents), tone: cents === 0 ? 'good' : 'bad' };
    });
  if (runs.some((r) => r.consistency.moneyMintedCents !== undefined)) {
    rows.push(money('money minted', true, (r) => r.consistency.moneyMintedCents));
    rows.push(money('money destroyed', false, (r) => r.consistency.moneyDestroyedCents));
  }
  return rows;
}

/**
 * Per fault window (the n-th window of each run is the same fault): the recovery time,
 * a key row, then the figures before / during / after it.
 */
function recoveryRows(runs: readonly ArchRun[]): Row[] {
  return phaseLabels(runs).flatMap((label, i) => [
    row(`recovery: ${label}`, true, runs, (r) => recoveryCell(r.phases?.[i])),
    ...phaseLines(runs, i, label).map((line) => ({ label: line.label, key: false, cells: line.texts.map(plain) })),
  ]);
}
