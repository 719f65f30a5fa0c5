/**
 * The matrix as one table a teacher projects: a row per design and balancer setting,
 * columns for what the fault cost. Pure: a result in, a string out.
 */
import { Chalk } from 'chalk';
import type { MatrixResult } from '../orchestrator/matrix.js';
import type { ArchRun } from '../result.js';
import { formatInt, formatMs, formatPercent, formatPlannedFault, pad, ratio, visibleWidth } from './format.js';

const HEADERS = ['design', 'balancer', 'session loss', 'consistency', 'request errors', 'p99 (ms)', 'recovery'];

/** The longest recovery of a run's faults: seconds, "none" when it never recovered. */
export function recoveryText(run: ArchRun): string {
  const phases = run.phases ?? [];
  if (phases.length === 0) return '—';
  if (phases.some((phase) => phase.recoveryMs === null)) return 'none';
  return `${(Math.max(...phases.map((phase) => phase.recoveryMs ?? 0)) / 1000).toFixed(1)} s`;
}

export function renderMatrix(matrix: MatrixResult, options: { color: boolean }): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  const rows: { cells: string[]; bad: boolean[] }[] = [];
  for (const { variant, result } of matrix.cells) {
    for (const run of result.runs) {
      const balancer = variant.strategy === 'sticky' || variant.strategy === 'hash'
        ? `${variant.strategy}, redispatch ${variant.redispatch ? 'on' : 'off'}`
        : variant.strategy;
      const errorRate = ratio(run.requests.errors, run.requests.total);
      rows.push({
        cells: [
          run.arch,
          balancer,
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
  rows.sort((a, b) => a.cells[0]!.localeCompare(b.cells[0]!));
  const widths = HEADERS.map((header, i) => Math.max(visibleWidth(header), ...rows.map((row) => visibleWidth(row.cells[i]!))));
  const line = (cells: string[]) => `│ ${cells.join(' │ ')} │`;
  const rule = (l: string, m: string, r: string) => l + widths.map((w) => '─'.repeat(w + 2)).join(m) + r;
  const first = matrix.cells[0]?.result;
  const faults = first && first.faults.length > 0 ? first.faults.map(formatPlannedFault).join(', ') : 'none';
  const out = [
    c.bold(`statebench matrix · ${matrix.scenario}`) + ` · seed ${matrix.seed} · ${(matrix.durationMs / 1000).toFixed(1)}s · ${formatInt(matrix.users)} users`,
    `${c.dim('faults:')} ${faults}`,
    '',
    rule('┌', '┬', '┐'),
    line(HEADERS.map((header, i) => c.bold(pad(header, widths[i]!, i < 2 ? 'left' : 'right')))),
    rule('├', '┼', '┤'),
  ];
  let previous = rows[0]?.cells[0];
  for (const row of rows) {
    if (row.cells[0] !== previous) out.push(rule('├', '┼', '┤'));
    previous = row.cells[0];
    out.push(line(row.cells.map((cell, i) => {
      const padded = pad(cell, widths[i]!, i < 2 ? 'left' : 'right');
      if (i < 2) return padded;
      return row.bad[i] ? c.red(padded) : i >= 5 ? padded : c.green(padded);
    })));
  }
  out.push(rule('└', '┴', '┘'));
  return `${out.join('\n')}\n`;
}
