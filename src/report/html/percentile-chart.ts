/**
 * Latency by percentile, HdrHistogram style: x is the percentile on a log scale of
 * 1/(1-p) (0%, 90%, 99%, 99.9%, 99.99%), y the latency in ms, one line per design,
 * read from each design's overall histogram at many percentiles.
 */
import { decode } from '../../metrics/histogram.js';
import type { DesignRun } from '../../result.js';
import { formatMs } from '../format.js';
import { designColor } from './style.js';
import { el, linePath, linearScale, niceTicks, svg, text, title, xAxis, yAxis } from './svg.js';
import type { Frame } from './svg.js';

/** A point of a percentile curve: `x` = log10(1/(1-p)), `ms` = latency at p. */
export interface CurvePoint {
  readonly x: number;
  readonly ms: number;
}

/** The x axis goes to 99.99%: x = 4. */
const MAX_X = 4;
const STEPS_PER_DECADE = 25;

/** `x` of the log scale back to a percentile (0..100): 0 → 0, 1 → 90, 2 → 99. */
export function percentileAt(x: number): number {
  return 100 * (1 - 10 ** -x);
}

/**
 * The latency curve of one design: its overall histogram read at percentiles evenly
 * spaced on the log scale. Without a histogram (an old or hand-written report), the
 * summary's p50/p90/p99/p99.9 stand in.
 */
export function percentileCurve(run: DesignRun): CurvePoint[] {
  const encoded = run.histograms.overall;
  if (encoded) {
    const histogram = decode(encoded);
    if (histogram.totalCount > 0) {
      const points: CurvePoint[] = [];
      for (let i = 0; i <= MAX_X * STEPS_PER_DECADE; i++) {
        const x = i / STEPS_PER_DECADE;
        points.push({ x, ms: histogram.getValueAtPercentile(percentileAt(x)) / 1000 });
      }
      return points;
    }
  }
  const { p50, p90, p99, p999, max } = run.latency;
  if (run.latency.count === 0) return [];
  return [{ x: 0, ms: 0 }, { x: Math.log10(2), ms: p50 }, { x: 1, ms: p90 }, { x: 2, ms: p99 }, { x: 3, ms: p999 }, { x: MAX_X, ms: max }];
}

/** Spreads label positions (sorted by y) at least `gap` apart, keeping them inside [top, bottom]. */
export function spreadLabels(ys: readonly number[], gap: number, top: number, bottom: number): number[] {
  const order = ys.map((y, i) => ({ y, i })).sort((a, b) => a.y - b.y);
  const placed = order.map((o) => o.y);
  for (let k = 0; k < placed.length; k++) placed[k] = Math.max(placed[k]!, k === 0 ? top : placed[k - 1]! + gap);
  for (let k = placed.length - 1; k >= 0; k--) {
    placed[k] = Math.min(placed[k]!, k === placed.length - 1 ? bottom : placed[k + 1]! - gap);
  }
  const out: number[] = new Array<number>(ys.length);
  order.forEach((o, k) => { out[o.i] = placed[k]!; });
  return out;
}

const WIDTH = 1240;
const HEIGHT = 520;
const TICK_LABELS = ['0%', '90%', '99%', '99.9%', '99.99%'];

/** The percentile chart of every design, each line labelled with its design's name at its end. */
export function percentileChart(runs: readonly DesignRun[]): string {
  const frame: Frame = { left: 100, right: WIDTH - 250, top: 56, bottom: HEIGHT - 80 };
  const curves = runs.map(percentileCurve);
  const top = Math.max(0, ...curves.flat().map((p) => p.ms));
  const ticks = niceTicks(top, 6);
  const x = linearScale([0, MAX_X], [frame.left, frame.right]);
  const y = linearScale([0, ticks[ticks.length - 1]!], [frame.bottom, frame.top]);
  const lines = curves.map((curve, i) => el('path', {
    d: linePath(curve.map((p) => [x(p.x), y(p.ms)])),
    class: 'series',
    stroke: designColor(runs[i]!.arch, i),
  }, title(`${runs[i]!.arch}: latency by percentile`)));
  const ends = curves.map((curve) => y(curve[curve.length - 1]?.ms ?? 0));
  const labelYs = spreadLabels(ends, 28, frame.top + 10, frame.bottom);
  const labels = runs.map((run, i) =>
    text(frame.right + 14, labelYs[i]! + 8, `${run.arch} ${curves[i]!.length > 0 ? '' : '(no data)'}`.trim(),
      { class: 'label', fill: designColor(run.arch, i) }));
  const body = yAxis(frame, ticks, y, (v) => formatMs(v).replace(/\.00$/, '')) +
    xAxis(frame, [0, 1, 2, 3, 4], x, (v) => TICK_LABELS[v] ?? '') +
    text((frame.left + frame.right) / 2, HEIGHT - 12, 'percentile (log scale: each step is ten times rarer)',
      { 'text-anchor': 'middle', class: 'axis-title' }) +
    text(12, 24, 'latency (ms)', { class: 'axis-title' }) +
    lines.join('') + labels.join('');
  return svg(WIDTH, HEIGHT, 'Latency by percentile, per design (ms)', body, { 'data-chart': 'percentiles' });
}
