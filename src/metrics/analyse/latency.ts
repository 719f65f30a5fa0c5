/**
 * Latency of a history: every request's latency (from its intended start: no coordinated
 * omission), overall, per step, and per second of intended start for HdrHistogram
 * interval logs. Whatever the outcome, a request's latency counts.
 */
import type { DesignRun } from '../../result.js';
import { createLatencyHistogram, encode, merge, recordLatency, summarize, type Histogram } from '../histogram.js';
import type { RunHistory } from '../history.js';

/** The overall and per-step summaries, and their histograms (compressed, mergeable). */
export function latencyFigures(history: RunHistory): Pick<DesignRun, 'latency' | 'latencyByStep' | 'histograms'> {
  const bySteps = new Map<string, Histogram>();
  for (let row = 0; row < history.requestCount; row++) recordLatency(histogramOf(bySteps, history.step(row)), history.latencyUs(row));
  const steps = [...bySteps].sort(([a], [b]) => a.localeCompare(b));
  // Histograms merge exactly: the steps add up to the overall one.
  const overall = merge(bySteps.values());
  return {
    latency: summarize(overall),
    latencyByStep: Object.fromEntries(steps.map(([step, h]) => [step, summarize(h)])),
    histograms: {
      overall: encode(overall),
      // A step called "overall" keeps its summary but cannot shadow the overall histogram.
      ...Object.fromEntries(steps.filter(([step]) => step !== 'overall').map(([step, h]) => [step, encode(h)])),
    },
  };
}

/** One histogram per second of intended start (second 0 takes anything earlier), in order. */
export function latencyIntervals(history: RunHistory): NonNullable<DesignRun['intervals']> {
  const bySecond = new Map<number, Histogram>();
  for (let row = 0; row < history.requestCount; row++) {
    const second = Math.max(0, Math.floor(history.intendedMs(row) / 1000));
    recordLatency(histogramOf(bySecond, second), history.latencyUs(row));
  }
  return [...bySecond].sort(([a], [b]) => a - b).map(([t, h]) => ({ t, histogram: encode(h) }));
}

function histogramOf<K>(map: Map<K, Histogram>, key: K): Histogram {
  let histogram = map.get(key);
  if (histogram === undefined) {
    histogram = createLatencyHistogram();
    map.set(key, histogram);
  }
  return histogram;
}
