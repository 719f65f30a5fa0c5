/**
 * Assertion outcomes as lines for the terminal or a CI log:
 * `✗ stateful.latency.p99 < 50: observed 73.2` and `✓ stateless.sessionLoss.rate == 0: observed 0`.
 */
import { Chalk } from 'chalk';
import type { AssertionOutcome } from './check.js';

/** Options of `renderAssertions`. */
export interface AssertionRenderOptions {
  /**
   * Colour the marks with ANSI codes.
   * @default false
   */
  readonly color?: boolean;
}

/** One line per outcome, in order, each ending in a newline; empty for no outcome. */
export function renderAssertions(outcomes: readonly AssertionOutcome[], options: AssertionRenderOptions = {}): string {
  const c = new Chalk({ level: options.color ? 1 : 0 });
  return outcomes.map((o) => {
    const mark = o.ok ? c.green('✓') : c.red('✗');
    const claim = `${o.design}.${o.path} ${o.op} ${o.expectedText}`;
    return `${mark} ${claim}: ${detail(o)}\n`;
  }).join('');
}

function detail(o: AssertionOutcome): string {
  if (o.observed === undefined) return o.reason ?? 'no value';
  const percent = o.expectedText.endsWith('%');
  const observed = `observed ${formatValue(o.observed, percent)}`;
  if (o.observedByRun.length <= 1) return observed;
  const all = o.observedByRun.map((v) => (v === undefined ? '—' : formatValue(v, percent))).join(', ');
  const summary = o.reason ?? `all ${o.observedByRun.length} runs hold`;
  return `${observed} (${summary}: ${all})`;
}

/** A figure as read: at most 4 decimals, `never` for a recovery that did not happen. */
export function formatValue(value: number, percent = false): string {
  if (value === Infinity) return 'never (∞)';
  if (!Number.isFinite(value)) return String(value);
  const shown = percent ? value * 100 : value;
  return `${Number(shown.toFixed(4))}${percent ? '%' : ''}`;
}
