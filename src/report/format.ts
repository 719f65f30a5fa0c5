/**
 * Number and text formatting shared by the human-readable reporters. Deterministic
 * (no locale of the machine leaks in), so a report reads the same everywhere.
 */
import stringWidth from 'string-width';
import type { FaultRecord } from '../result.js';

/** An integer with thousands separators: 12345 → "12,345". */
export function formatInt(n: number): string {
  return Math.round(n).toLocaleString('en-US');
}

/** Milliseconds with two decimals and thousands separators: 1234.5 → "1,234.50". */
export function formatMs(ms: number): string {
  return ms.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 });
}

/** A rate (0..1) as a percentage: 0 → "0%", 0.09 → "9.0%", 0.0004 → "<0.1%" (never a misleading "0.0%"). */
export function formatPercent(rate: number): string {
  if (rate === 0) return '0%';
  if (rate < 0.001) return '<0.1%';
  return `${(rate * 100).toFixed(1)}%`;
}

/** Milliseconds as seconds with one decimal: 4000 → "4.0s". */
export function formatSeconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)}s`;
}

/** A fault for humans: "crash server-1 @ 4.0s", with when it really fired if it differs. */
/** A fault as scheduled, e.g. `crash server-1 @ 4.0s` or `rolling after 200 journeys`. */
export function formatPlannedFault(fault: FaultRecord): string {
  const what = fault.label ?? (fault.target === '-' ? fault.kind : `${fault.kind} ${fault.target}`);
  if (fault.atMs !== undefined) return `${what} @ ${formatSeconds(fault.atMs)}`;
  if (fault.afterJourneys !== undefined) return `${what} after ${formatInt(fault.afterJourneys)} journeys`;
  return what;
}

/** A fault of one design's run, with when it really fired when that differs. */
export function formatFault(fault: FaultRecord): string {
  const planned = formatPlannedFault(fault);
  if (fault.firedAtMs === undefined) return `${planned} (did not fire)`;
  const fired = formatSeconds(fault.firedAtMs);
  return fault.atMs !== undefined && fired === formatSeconds(fault.atMs) ? planned : `${planned} (fired ${fired})`;
}

/** `part / whole`, 0 when `whole` is 0. */
export function ratio(part: number, whole: number): number {
  return whole === 0 ? 0 : part / whole;
}

/**
 * Columns a string takes on a terminal: colour codes take none, a wide character (CJK,
 * most emoji) two, as cli-table3 measures it (both use string-width).
 */
export function visibleWidth(text: string): number {
  return stringWidth(text);
}

/** Orders server ids naturally: server-2 before server-10. */
export function compareServerIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}

/** Cents as dollars, e.g. 123456 → `$1,234.56`. */
export function formatDollars(cents: number): string {
  const sign = cents < 0 ? '-' : '';
  const abs = Math.abs(Math.round(cents));
  return `${sign}$${formatInt(Math.floor(abs / 100))}.${String(abs % 100).padStart(2, '0')}`;
}
