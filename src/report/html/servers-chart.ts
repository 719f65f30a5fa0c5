/**
 * Requests per server: one group of bars per server, one bar per design, each labelled
 * with its count. A crashed server's short bar is the crash, seen from the load.
 */
import type { DesignRun } from '../../result.js';
import { compareServerIds, formatInt } from '../format.js';
import { designColor } from './style.js';
import { el, linearScale, niceTicks, plural, svg, text, title, xAxis, yAxis } from './svg.js';
import type { Frame } from './svg.js';

const WIDTH = 1240;
const HEIGHT = 440;

/** Server ids in natural order, the balancer's own answers (if any) last. */
export function serverIds(runs: readonly DesignRun[]): string[] {
  const ids = [...new Set(runs.flatMap((r) => Object.keys(r.requests.byServer)))];
  return ids.filter((id) => id !== 'balancer').sort(compareServerIds).concat(ids.includes('balancer') ? ['balancer'] : []);
}

/** The grouped bar chart of requests answered per server, per design. */
export function serversChart(runs: readonly DesignRun[]): string {
  const ids = serverIds(runs);
  const frame: Frame = { left: 110, right: WIDTH - 20, top: 30, bottom: HEIGHT - 60 };
  const ticks = niceTicks(Math.max(0, ...runs.flatMap((r) => Object.values(r.requests.byServer))), 5);
  const y = linearScale([0, ticks[ticks.length - 1]!], [frame.bottom, frame.top]);
  const x = linearScale([0, Math.max(1, ids.length)], [frame.left, frame.right]);
  const group = x(1) - x(0);
  const barWidth = Math.min(110, (group * 0.8) / Math.max(1, runs.length));
  const bars = ids.map((id, g) => runs.map((run, i) => {
    const n = run.requests.byServer[id];
    if (n === undefined) return '';
    const x0 = x(g + 0.5) - (barWidth * runs.length) / 2 + i * barWidth;
    return el('rect', { x: x0 + 2, y: y(n), width: barWidth - 4, height: frame.bottom - y(n), fill: designColor(run.arch, i) },
      title(`${run.arch}, ${id}: ${plural(n, 'request', 'requests')}`)) +
      text(x0 + barWidth / 2, y(n) - 8, formatInt(n), { 'text-anchor': 'middle', class: 'value' });
  }).join('')).join('');
  const body = yAxis(frame, ticks, y, (v) => formatInt(v)) + bars +
    xAxis(frame, ids.map((_, g) => g + 0.5), x, (v) => {
      const id = ids[Math.floor(v)] ?? '';
      return id === 'balancer' ? 'balancer (itself)' : id;
    });
  return svg(WIDTH, HEIGHT, 'Requests answered per server, per design', body, { 'data-chart': 'servers' });
}
