/**
 * The one row model of a run's comparison: designs as columns, metrics as rows, each cell
 * with its verdict. The terminal table and the HTML show every row, the Markdown the
 * `key` rows, so a label, a figure or a verdict cannot differ between them. A row shows
 * only where it means something for the scenario: session rows for a scenario judged by
 * sessions (pizza), checker rows for one judged by a checker (atm, chat).
 */
import type { DesignRun } from '../result.js';
import { compareServerIds, formatDollars, formatInt, formatMs, formatPercent, ratio } from './format.js';
import { hasChecker, phaseLabels, phaseLines, recoveryCell } from './phases.js';
import { CAUSE_LABELS, modelOf } from './load-notes.js';
import { CPU_PERCENT_LIMIT, LOOP_DELAY_P99_LIMIT_MS } from '../metrics/saturation.js';
import type { RequestCause } from '../result.js';

/** Above this share of journeys or requests, a problem is no longer "small". */
export const SMALL_RATE = 0.01;

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
  /**
   * The fault window a phase row belongs to, e.g. `crash server-1`. The terminal heads a
   * table per fault with it; a view of one table writes it before the label (`rowLabel`).
   */
  readonly fault?: string;
}

/** A row's label in a view with no heading per fault: `crash server-1: recovery`. */
export function rowLabel(row: Row): string {
  return row.fault === undefined ? row.label : `${row.fault}: ${row.label}`;
}

/** Good when nothing went wrong, small when at most 1% did, bad beyond. */
export function verdict(bad: number, rate: number): Tone {
  if (bad === 0) return 'good';
  return rate <= SMALL_RATE ? 'small' : 'bad';
}

const plain = (text: string): Cell => ({ text, tone: 'plain' });

function row(label: string, key: boolean, runs: readonly DesignRun[], cell: (run: DesignRun) => Cell): Row {
  return { label, key, cells: runs.map(cell) };
}

/** Whether the runs are judged by their sessions (pizza) rather than by a checker (atm, chat). */
export function judgedBySessions(runs: readonly DesignRun[]): boolean {
  return !hasChecker(runs);
}

/** Latency figures read "—" when no request was measured: a run with none has no p99, not a p99 of 0. */
function ms(summary: DesignRun['latency'] | undefined, pick: (s: DesignRun['latency']) => number): Cell {
  return plain(summary && summary.count > 0 ? formatMs(pick(summary)) : '—');
}

/**
 * The comparison of `runs`, in groups (a rule is drawn between groups): setup, journeys,
 * requests, latency, requests per server, consistency, memory, fault phases (a group per
 * fault, its rows marked with the fault). Rows that do
 * not apply to the scenario, and empty groups, are left out; a row that would hide a
 * figure other than 0 is always kept.
 */
export function comparisonRows(runs: readonly DesignRun[]): Row[][] {
  const sessions = judgedBySessions(runs);
  const applies = (bySessions: boolean, figure: (r: DesignRun) => number) => bySessions || runs.some((r) => figure(r) !== 0);
  const latency = (label: string, key: boolean, pick: (s: DesignRun['latency']) => number) =>
    row(`latency ${label} (ms)`, key, runs, (r) => ms(r.latency, pick));
  const servers = [...new Set(runs.flatMap((r) => Object.keys(r.requests.byServer)))].sort(compareServerIds);
  const groups: Row[][] = [
    [
      row('load model', false, runs, (r) => plain(modelOf(r))),
      row('balancer', false, runs, (r) => plain(r.balancer)),
      row('servers', false, runs, (r) => plain(formatInt(r.servers))),
      ...(runs.some((r) => r.store !== undefined) ? [row('store', false, runs, (r) => plain(r.store === undefined ? '—' : `${r.store}${r.storePollMs === undefined ? '' : `, polled ${r.storePollMs} ms`}`))] : []),
      ...(applies(sessions, (r) => r.rebinds ?? 0) ? [row('sessions moved', false, runs, (r) => plain(formatInt(r.rebinds ?? 0)))] : []),
    ],
    [
      row('journeys started', true, runs, (r) => plain(formatInt(r.journeys.started))),
      row('journeys completed', false, runs, (r) => plain(formatInt(r.journeys.completed))),
      ...(applies(sessions, (r) => r.journeys.lost)
        ? [row('journeys lost', false, runs, (r) => ({ text: formatInt(r.journeys.lost), tone: verdict(r.sessionLoss.journeys, r.sessionLoss.rate) }))]
        : []),
      row('journeys failed', false, runs, (r) => plain(formatInt(r.journeys.failed))),
      ...(runs.some((r) => r.journeys.dropped !== undefined)
        ? [row('journeys dropped', true, runs, (r) => {
          const dropped = r.journeys.dropped;
          if (dropped === undefined) return plain('—');
          return { text: formatInt(dropped), tone: verdict(dropped, ratio(dropped, r.journeys.started + dropped)) };
        })]
        : []),
      ...(applies(sessions, (r) => r.sessionLoss.journeys)
        ? [row('session loss', true, runs, (r) => ({ text: formatPercent(r.sessionLoss.rate), tone: verdict(r.sessionLoss.journeys, r.sessionLoss.rate) }))]
        : []),
    ],
    [
      row('requests', false, runs, (r) => plain(formatInt(r.requests.total))),
      row('request errors', true, runs, (r) => {
        const { errors, total } = r.requests;
        const rate = ratio(errors, total);
        return { text: errors === 0 ? '0' : `${formatInt(errors)} (${formatPercent(rate)})`, tone: verdict(errors, rate) };
      }),
      ...causeRows(runs),
    ],
    [
      latency('p50', true, (s) => s.p50),
      latency('p90', false, (s) => s.p90),
      latency('p99', true, (s) => s.p99),
      latency('p99.9', false, (s) => s.p999),
      latency('max', false, (s) => s.max),
      ...deliveryRows(runs),
    ],
    servers.map((id) =>
      row(id === 'balancer' ? 'answered by balancer' : `requests ${id}`, false, runs, (r) => {
        const n = r.requests.byServer[id];
        return plain(n === undefined ? '—' : formatInt(n));
      })),
    applies(!sessions, (r) => r.consistency.errors) ? consistencyRows(runs) : [],
    memoryRows(runs),
    saturationRows(runs),
    // Last, as the terminal draws a table per fault below the run's.
    ...phaseRows(runs),
  ];
  return groups.filter((group) => group.length > 0);
}

/** Chat: how long a message took from its sender to its recipient. */
function deliveryRows(runs: readonly DesignRun[]): Row[] {
  if (!runs.some((r) => r.latencyByStep.delivery)) return [];
  const delivery = (label: string, pick: (s: DesignRun['latency']) => number) =>
    row(`delivery ${label} (ms)`, false, runs, (r) => ms(r.latencyByStep.delivery, pick));
  return [delivery('p50', (s) => s.p50), delivery('p99', (s) => s.p99), delivery('max', (s) => s.max)];
}

/** The checker's verdicts: the total (a key row), each kind it reports, and the money. */
function consistencyRows(runs: readonly DesignRun[]): Row[] {
  const count = (n: number): Cell => ({ text: formatInt(n), tone: n === 0 ? 'good' : 'bad' });
  const kinds = [...new Set(runs.flatMap((r) => Object.keys(r.consistency.byKind)))];
  const rows = [
    row('consistency errors', true, runs, (r) => count(r.consistency.errors)),
    ...kinds.map((kind) => row(`  ${kind}`, false, runs, (r) => count(r.consistency.byKind[kind] ?? 0))),
  ];
  const money = (label: string, key: boolean, pick: (r: DesignRun) => number | undefined) =>
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
 * What each fault cost, before / during / after its window, and how long until the error
 * rate was back to its pre-fault level (a key row), a group per fault. Faults are the same
 * in every design, so the n-th window of each run lines up.
 */
function phaseRows(runs: readonly DesignRun[]): Row[][] {
  return phaseLabels(runs).map((fault, i) => [
    ...phaseLines(runs, i).map((line): Row => ({ label: line.label, key: false, cells: line.texts.map(plain), fault })),
    { ...row('recovery', true, runs, (r) => recoveryCell(r.phases?.[i])), fault },
  ]);
}

/** Requests without a definite answer by why, a row per cause any design met. */
function causeRows(runs: readonly DesignRun[]): Row[] {
  const causes = Object.keys(CAUSE_LABELS) as RequestCause[];
  return causes
    .filter((cause) => runs.some((r) => (r.requests.indeterminateBy?.[cause] ?? 0) > 0))
    .map((cause) => row(`  ${CAUSE_LABELS[cause]}`, false, runs, (r) => plain(formatInt(r.requests.indeterminateBy?.[cause] ?? 0))));
}

/** statebench's own delay and CPU: red past the threshold of src/metrics/saturation.ts. */
function saturationRows(runs: readonly DesignRun[]): Row[] {
  if (!runs.some((r) => r.saturation)) return [];
  const figure = (value: number | undefined, limit: number): Cell =>
    value === undefined ? plain('—') : { text: value.toFixed(value >= 100 ? 0 : 1), tone: value > limit ? 'bad' : 'good' };
  const rows = [
    row('driver loop delay p99 (ms)', false, runs, (r) => figure(r.saturation?.driver.eventLoopDelayP99Ms, LOOP_DELAY_P99_LIMIT_MS)),
    row('driver CPU (% of a core)', false, runs, (r) => figure(r.saturation?.driver.cpuPercent, CPU_PERCENT_LIMIT)),
  ];
  if (runs.some((r) => r.saturation?.balancer)) {
    rows.push(
      row('balancer loop delay p99 (ms)', false, runs, (r) => figure(r.saturation?.balancer?.eventLoopDelayP99Ms, LOOP_DELAY_P99_LIMIT_MS)),
      row('balancer CPU (% of a core)', false, runs, (r) => figure(r.saturation?.balancer?.cpuPercent, CPU_PERCENT_LIMIT)),
    );
  }
  return rows;
}

/** Peak memory: statebench's own process, the balancer, and the fleet's servers together. */
function memoryRows(runs: readonly DesignRun[]): Row[] {
  if (!runs.some((r) => r.memoryMb)) return [];
  const mb = (value: number | undefined): Cell => plain(value === undefined ? '—' : value.toFixed(1));
  const servers = (r: DesignRun) => {
    const peaks = Object.entries(r.memoryMb ?? {}).filter(([label]) => label.startsWith('server-'));
    return peaks.length === 0 ? undefined : peaks.reduce((sum, [, value]) => sum + value, 0);
  };
  return [
    row('memory driver (MiB)', false, runs, (r) => mb(r.memoryMb?.driver)),
    row('memory balancer (MiB)', false, runs, (r) => mb(r.memoryMb?.balancer)),
    row('memory servers (MiB)', false, runs, (r) => mb(servers(r))),
  ];
}
