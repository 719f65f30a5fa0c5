import { describe, expect, it } from 'vitest';
import { latencyFigures, latencyIntervals } from '../../../../src/metrics/analyse/latency.js';
import { decode, merge, summarize } from '../../../../src/metrics/histogram.js';
import { historyOf, type RequestRecord } from '../../../../src/metrics/history.js';

const request = (step: string, atMs: number, latencyMs: number, outcome: RequestRecord['outcome'] = 'ok'): RequestRecord => ({ step, server: 'server-1', atMs, latencyUs: latencyMs * 1000, outcome });

describe('latencyFigures', () => {
  it('keeps every request overall and per step, whatever its outcome, with mergeable histograms', () => {
    const history = historyOf({ requests: [request('login', 0, 1), request('add', 10, 3), request('add', 20, 5000, 'indeterminate'), request('overall', 30, 2)] });
    const figures = latencyFigures(history);
    expect(figures.latency.count).toBe(4);
    expect(figures.latency.max).toBeCloseTo(5000, -1);
    expect(Object.keys(figures.latencyByStep)).toEqual(['add', 'login', 'overall']);
    // A step called "overall" cannot shadow the overall histogram.
    expect(Object.keys(figures.histograms).sort()).toEqual(['add', 'login', 'overall']);
    expect(summarize(decode(figures.histograms.overall!))).toEqual(figures.latency);
    expect(summarize(merge(['add', 'login'].map((step) => decode(figures.histograms[step]!)))).count).toBe(3);
  });
});

describe('latencyIntervals', () => {
  it('gives one histogram per second of intended start, in order, only for seconds with requests', () => {
    const history = historyOf({ requests: [request('add', 2500, 1), request('add', -5, 1), request('add', 100, 4000), request('add', 2999, 1)] });
    const intervals = latencyIntervals(history);
    expect(intervals.map((i) => [i.t, decode(i.histogram).totalCount])).toEqual([
      [0, 2],
      [2, 2],
    ]);
  });
});
