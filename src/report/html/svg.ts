/**
 * The small SVG toolkit the HTML report draws with: linear scales, nice ticks, paths and
 * elements as strings. No DOM, no dependency: a chart is a pure function of its data.
 */
import { escapeHtml } from './escape.js';

/** Maps a value of `domain` linearly onto `range` (pixels). A flat domain maps to the range's start. */
export function linearScale(domain: readonly [number, number], range: readonly [number, number]): (value: number) => number {
  const [d0, d1] = domain;
  const [r0, r1] = range;
  const span = d1 - d0;
  return (value) => (span === 0 ? r0 : r0 + ((value - d0) / span) * (r1 - r0));
}

/**
 * Round tick values from 0 to at least `max`, about `count` of them, stepping by 1, 2 or
 * 5 times a power of ten: `niceTicks(43, 5)` → `[0, 10, 20, 30, 40, 50]`.
 */
export function niceTicks(max: number, count = 5): number[] {
  const top = max > 0 && Number.isFinite(max) ? max : 1;
  const raw = top / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const ticks: number[] = [];
  for (let i = 0; i * step < top + step * 1e-9; i++) ticks.push(round(i * step));
  if (ticks[ticks.length - 1]! < top) ticks.push(round(ticks.length * step));
  return ticks;
}

/** Integer ticks only (counts per second): `niceTicks` with a step of at least 1. */
export function countTicks(max: number, count = 4): number[] {
  return niceTicks(Math.max(max, 1), Math.min(count, Math.max(max, 1)));
}

function round(n: number): number {
  return Number(n.toPrecision(12));
}

/** A coordinate with at most one decimal, so the markup stays short and stable. */
export function px(n: number): string {
  return String(Math.round(n * 10) / 10);
}

/** An SVG path through `points`: `M x,y L x,y …`; empty for no point. */
export function linePath(points: readonly (readonly [number, number])[]): string {
  return points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${px(x)},${px(y)}`).join(' ');
}

/** A count and its noun: `plural(1, 'request', 'requests')` → "1 request", 1234 → "1,234 requests". */
export function plural(n: number, one: string, many: string): string {
  return `${Math.round(n).toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Attribute values allowed on an element; `undefined` leaves the attribute out. */
export type Attrs = Record<string, string | number | undefined>;

/** One element as markup; attribute values are escaped, `children` are markup already. */
export function el(tag: string, attrs: Attrs, children = ''): string {
  const list = Object.entries(attrs)
    .filter(([, value]) => value !== undefined)
    .map(([name, value]) => ` ${name}="${escapeHtml(typeof value === 'number' ? px(value) : value!)}"`)
    .join('');
  return children === '' && tag !== 'text' && tag !== 'title' ? `<${tag}${list}/>` : `<${tag}${list}>${children}</${tag}>`;
}

/** A text label; `content` is plain text and is escaped. */
export function text(x: number, y: number, content: string, attrs: Attrs = {}): string {
  return el('text', { x, y, ...attrs }, escapeHtml(content));
}

/** A `<title>` (a tooltip, and what a screen reader says); `content` is plain text and is escaped. */
export function title(content: string): string {
  return el('title', {}, escapeHtml(content));
}

/** The plot area of a chart, in pixels. */
export interface Frame {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** Horizontal grid lines with their values on the left, for the y axis of `frame`. */
export function yAxis(frame: Frame, ticks: readonly number[], y: (v: number) => number, label: (v: number) => string): string {
  return ticks.map((tick) => {
    const at = y(tick);
    return el('line', { x1: frame.left, x2: frame.right, y1: at, y2: at, class: tick === 0 ? 'axis' : 'grid' }) +
      text(frame.left - 10, at + 7, label(tick), { 'text-anchor': 'end', class: 'tick' });
  }).join('');
}

/** Tick marks and their labels under the x axis of `frame`. */
export function xAxis(frame: Frame, ticks: readonly number[], x: (v: number) => number, label: (v: number) => string): string {
  return ticks.map((tick) => {
    const at = x(tick);
    return el('line', { x1: at, x2: at, y1: frame.bottom, y2: frame.bottom + 8, class: 'axis' }) +
      text(at, frame.bottom + 32, label(tick), { 'text-anchor': 'middle', class: 'tick' });
  }).join('');
}

/** A whole chart: an accessible `<svg>` with a `<title>`, scaled to its container's width. */
export function svg(width: number, height: number, name: string, body: string, attrs: Attrs = {}): string {
  return el('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', class: 'chart', ...attrs },
    title(name) + body);
}
