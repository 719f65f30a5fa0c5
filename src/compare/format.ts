/**
 * How a comparison's figures read: rates as percentages (their changes in points),
 * counts as integers, the rest (milliseconds) with two decimals, a recovery that never
 * came as `never`. Deterministic, whatever the machine's locale.
 */

/** Whether the metric at `path` is a rate (a share of 1). */
function isRate(path: string): boolean {
  const last = path.split('.').at(-1) ?? '';
  return last === 'rate' || last.endsWith('Rate');
}

/** Whether the metric at `path` is a latency figure (ms, always shown with two decimals). */
function isLatency(path: string): boolean {
  return ['mean', 'p50', 'p90', 'p99', 'p999', 'max'].includes(path.split('.').at(-1) ?? '');
}

function number(value: number, decimals: number): string {
  return value.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

/** A figure of `path`: `8.98%`, `2,051`, `98.77` (ms), `never`; `—` for none. */
export function formatFigure(value: number | null, path: string): string {
  if (value === null) return '—';
  if (value === Infinity) return 'never';
  if (isRate(path)) return value === 0 ? '0%' : `${number(value * 100, 2)}%`;
  return Number.isInteger(value) && !isLatency(path) ? number(value, 0) : number(value, 2);
}

/** A change of `path`, signed: `+0.50 pp` for a rate, `+31.23`, `-5`; `—` for none. */
export function formatDelta(value: number | null, path: string): string {
  if (value === null) return '—';
  if (value === 0) return '0';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '-∞';
  const sign = value > 0 ? '+' : '-';
  const magnitude = Math.abs(value) * (isRate(path) ? 100 : 1);
  const unit = isRate(path) ? ' pp' : '';
  // A change too small for two decimals still shows it moved, and which way.
  if (magnitude < 0.005) return `${sign}<0.01${unit}`;
  const whole = Number.isInteger(magnitude) && !isLatency(path);
  return `${sign}${whole ? number(magnitude, 0) : number(magnitude, 2)}${unit}`;
}

/** A relative change: `+12.3%`, `-4.0%`, `0%`; `—` when it has no meaning (a base of 0). */
export function formatPct(value: number | null): string {
  if (value === null) return '—';
  if (value === 0) return '0%';
  if (!Number.isFinite(value)) return value > 0 ? '+∞' : '-∞';
  return `${value > 0 ? '+' : '-'}${number(Math.abs(value), 1)}%`;
}

/** An interval of a change: `[-1.23, +3.45]`. */
export function formatInterval(ci: readonly [number, number] | undefined, path: string): string {
  if (!ci) return '';
  return `[${formatDelta(ci[0], path)}, ${formatDelta(ci[1], path)}]`;
}
