/**
 * The timeline of one design, second by second: requests per second on top; below,
 * request errors and what the scenario is judged by (lost sessions, or the consistency
 * errors its checker found, at the time each happened), with each fault's window shaded
 * across both (a crash, which has no length, as a marked band).
 */
import type { DesignRun, FaultRecord, TimelinePoint } from '../../result.js';
import { formatInt } from '../format.js';
import { hasChecker } from '../phases.js';
import { designColor } from './style.js';
import { countTicks, el, linePath, linearScale, niceTicks, plural, svg, text, title, xAxis, yAxis } from './svg.js';
import type { Frame } from './svg.js';

/** A fault's window on the timeline, in ms from the start of the load. */
export interface FaultWindow {
  readonly label: string;
  readonly startMs: number;
  readonly endMs: number;
}

/** The windows of the faults that fired in `run`, in firing order. */
export function faultWindows(run: DesignRun): FaultWindow[] {
  return run.faults
    .filter((f): f is FaultRecord & { firedAtMs: number } => f.firedAtMs !== undefined)
    .map((f) => ({
      label: f.label ?? (f.target === '-' ? f.kind : `${f.kind} ${f.target}`),
      startMs: f.firedAtMs,
      endMs: Math.max(f.firedAtMs, f.endedAtMs ?? f.firedAtMs),
    }));
}

const WIDTH = 1240;
const ERROR_COLOR = '#dc2626';
const LOST_COLOR = '#111111';

/** The second series of the lower panel: lost sessions, or consistency errors for a checked scenario. */
interface Harm {
  readonly count: (p: TimelinePoint) => number;
  readonly words: readonly [string, string];
  /** Its legend, a line per entry (the margin is narrow). */
  readonly legend: readonly string[];
  readonly none: string;
}

const LOST: Harm = {
  count: (p) => p.lost,
  words: ['session lost', 'sessions lost'],
  legend: ['lost sessions/s'],
  none: 'no request error, no lost session',
};
const INCONSISTENT: Harm = {
  count: (p) => p.consistency ?? 0,
  words: ['consistency error', 'consistency errors'],
  legend: ['consistency', 'errors/s'],
  none: 'no request error, no consistency error',
};

const harmOf = (runs: readonly DesignRun[]): Harm => (hasChecker(runs) ? INCONSISTENT : LOST);
/** A window narrower than this (a crash) is drawn this wide, so it shows. */
const MIN_BAND = 14;
const CHAR_PX = 11;

/** The shaded windows and their labels; labels that would collide go on a second row. */
function faultLayer(windows: readonly FaultWindow[], x: (s: number) => number, top: number, bottom: number): string {
  const rowEnds = [-Infinity, -Infinity];
  return windows.map((w) => {
    const x0 = x(w.startMs / 1000);
    const width = Math.max(MIN_BAND, x(w.endMs / 1000) - x0);
    const left = width === MIN_BAND ? x0 - MIN_BAND / 2 : x0;
    const caption = `${w.label} @ ${(w.startMs / 1000).toFixed(1)} s`;
    const labelWidth = caption.length * CHAR_PX;
    const anchorEnd = x0 + labelWidth > WIDTH - 10;
    const from = anchorEnd ? x0 - labelWidth : x0;
    const rowIndex = from > rowEnds[0]! ? 0 : 1;
    rowEnds[rowIndex] = from + labelWidth + 16;
    return el('rect', {
      x: left, y: top, width, height: bottom - top, class: 'fault', 'data-fault-window': w.label,
    }, title(`${w.label}: ${(w.startMs / 1000).toFixed(2)} s – ${(w.endMs / 1000).toFixed(2)} s`)) +
      el('line', { x1: x0, x2: x0, y1: top - 4, y2: bottom, class: 'fault-edge' }) +
      text(anchorEnd ? x0 - 6 : x0 + 6, 24 + rowIndex * 26, caption, {
        class: 'fault-label', 'text-anchor': anchorEnd ? 'end' : 'start',
      });
  }).join('');
}

/**
 * Where the bars of second `t` start, as a fraction of the second: after the line of the
 * last fault that fired in it, or at its start.
 */
export function barsFrom(windows: readonly FaultWindow[], t: number): number {
  const inSecond = windows.map((w) => w.startMs / 1000 - t).filter((f) => f >= 0 && f < 1);
  return Math.min(0.9, Math.max(0, ...inSecond));
}

/** The tallest second of every design, so their timelines share scales and compare at a glance. */
export interface TimelineScale {
  readonly requests: number;
  /** The most request errors, lost sessions or consistency errors in one second. */
  readonly problems: number;
}

/** The shared scale of the timelines of `runs`. */
export function timelineScale(runs: readonly DesignRun[]): TimelineScale {
  const points = runs.flatMap((r) => r.timeline);
  const harm = harmOf(runs);
  return {
    requests: Math.max(0, ...points.map((p) => p.requests)),
    problems: Math.max(0, ...points.map((p) => Math.max(p.errors, harm.count(p)))),
  };
}

/** The timeline chart of one design; `index` picks its colour, `scale` is shared by every design. */
export function timelineChart(run: DesignRun, index: number, durationMs: number, scale = timelineScale([run])): string {
  const windows = faultWindows(run);
  const top = windows.length > 1 ? 64 : 40;
  const a: Frame = { left: 100, right: WIDTH - 200, top, bottom: top + 170 };
  const b: Frame = { left: 100, right: WIDTH - 200, top: a.bottom + 60, bottom: a.bottom + 170 };
  const height = b.bottom + 70;
  const seconds = Math.max(1, run.timeline.length, Math.ceil(durationMs / 1000));
  const x = linearScale([0, seconds], [a.left, a.right]);
  const color = designColor(run.arch, index);

  const points = run.timeline;
  const reqTicks = niceTicks(scale.requests, 4);
  const yA = linearScale([0, reqTicks[reqTicks.length - 1]!], [a.bottom, a.top]);
  const requests = el('path', { d: linePath(points.map((p) => [x(p.t + 0.5), yA(p.requests)])), class: 'series', stroke: color }) +
    points.map((p) => el('circle', { cx: x(p.t + 0.5), cy: yA(p.requests), r: 5, fill: color },
      title(`second ${p.t}: ${plural(p.requests, 'request', 'requests')}`))).join('');

  const harm = harmOf([run]);
  const worst = Math.max(0, ...points.map((p) => Math.max(p.errors, harm.count(p))));
  const badTicks = countTicks(scale.problems, 3);
  const yB = linearScale([0, badTicks[badTicks.length - 1]!], [b.bottom, b.top]);
  const bar = (t: number, offset: number, n: number, fill: string, what: readonly [string, string]): string => {
    if (n === 0) return '';
    // In a second where a fault fired, the bars share the part after its line: outcomes are
    // placed when known, so a fault's errors come at or after it, and a bar left of the
    // line would read as errors before the fault.
    const from = barsFrom(windows, t);
    const slot = 1 - from;
    const x0 = x(t + from + offset * slot);
    const w = x(t + from + (offset + 0.35) * slot) - x0;
    return el('rect', { x: x0, y: yB(n), width: w, height: b.bottom - yB(n), fill }, title(`second ${t}: ${plural(n, ...what)}`)) +
      text(x0 + w / 2, yB(n) - 6, formatInt(n), { 'text-anchor': 'middle', class: 'value' });
  };
  const bars = worst === 0
    ? text((b.left + b.right) / 2, (b.top + b.bottom) / 2 + 8, harm.none, { 'text-anchor': 'middle', class: 'quiet' })
    : points.map((p) => bar(p.t, 0.12, p.errors, ERROR_COLOR, ['request error', 'request errors']) +
      bar(p.t, 0.53, harm.count(p), LOST_COLOR, harm.words)).join('');

  const tickEvery = seconds > 30 ? Math.ceil(seconds / 15 / 5) * 5 : seconds > 15 ? 2 : 1;
  const xTicks = Array.from({ length: Math.floor(seconds / tickEvery) + 1 }, (_, i) => i * tickEvery);
  const body = faultLayer(windows, x, a.top, b.bottom) +
    yAxis(a, reqTicks, yA, (v) => formatInt(v)) + requests +
    yAxis(b, badTicks, yB, (v) => formatInt(v)) + bars +
    xAxis(b, xTicks, x, (v) => `${v} s`) +
    text(a.right + 16, a.top + 30, 'requests/s', { class: 'label', fill: color }) +
    text(b.right + 16, b.top + 20, 'errors/s', { class: 'label', fill: ERROR_COLOR }) +
    harm.legend.map((line, i) => text(b.right + 16, b.top + 48 + i * 24, line, { class: 'label', fill: LOST_COLOR })).join('');
  return svg(WIDTH, height, `${run.arch}: requests, errors and ${harm.words[1]} per second`, body, {
    'data-chart': 'timeline', 'data-design': run.arch,
  });
}
