/**
 * HdrHistogram's interval log format (as HdrLogProcessing, HdrHistogramVisualizer and
 * jHiccup read it): one tagged line per second and design, from the run's interval
 * histograms. Pure: a result in, text out.
 */
import { HistogramLogWriter } from 'hdr-histogram-js';
import { decode } from '../metrics/histogram.js';
import type { RunResult } from '../result.js';

export function renderHdrLog(result: RunResult): string {
  let text = '';
  const writer = new HistogramLogWriter((chunk: string) => {
    text += chunk;
  });
  const startMs = Date.parse(result.startedAt);
  writer.outputComment(`statebench ${result.scenario}, seed ${result.seed}; values in microseconds; one tag per design`);
  writer.outputLogFormatVersion();
  writer.outputStartTime(startMs);
  writer.outputLegend();
  for (const [index, run] of result.runs.entries()) {
    const tag = result.runs.filter((other) => other.arch === run.arch).length > 1 ? `${run.arch}#${index}` : run.arch;
    for (const interval of run.intervals ?? []) {
      const histogram = decode(interval.histogram);
      histogram.tag = tag;
      writer.outputIntervalHistogram(histogram, interval.t, interval.t + 1, 1);
    }
  }
  return text;
}
