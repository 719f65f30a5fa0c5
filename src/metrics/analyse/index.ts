/**
 * Every figure of a design run, each a pure function of its history (docs/NOTES.md, "The
 * run as a history"): run, then analyse. The orchestrator adds what the history does not
 * hold (arch, balancer, its per-backend counts, memory, faults as scheduled).
 */
import type { DesignRun, LoadModel } from '../../result.js';
import type { RunHistory } from '../history.js';
import { journeyCounts, requestCounts, type RequestCounts } from './counts.js';
import { latencyFigures, latencyIntervals } from './latency.js';
import { phaseFigures } from './phases.js';
import { timelinePoints } from './timeline.js';

export { errorBuckets, FINE_BUCKET_MS } from './buckets.js';
export { journeyCounts, requestCounts, type RequestCounts } from './counts.js';
export { latencyFigures, latencyIntervals } from './latency.js';
export { INSTANT_DURING_MS, phaseBounds, phaseFigures, type PhaseBounds } from './phases.js';
export { recoveryTime, type ErrorBucket, type RecoveryOptions } from './recovery.js';
export { spanCounts, spanFigures, type Span, type SpanCounts } from './spans.js';
export { timelinePoints } from './timeline.js';

/** The measured part of a `DesignRun`. */
export interface RunFigures {
  readonly journeys: DesignRun['journeys'];
  readonly sessionLoss: DesignRun['sessionLoss'];
  readonly requests: RequestCounts;
  readonly latency: DesignRun['latency'];
  readonly latencyByStep: DesignRun['latencyByStep'];
  readonly histograms: DesignRun['histograms'];
  readonly timeline: DesignRun['timeline'];
  readonly phases: NonNullable<DesignRun['phases']>;
  readonly intervals: NonNullable<DesignRun['intervals']>;
}

export interface AnalyseOptions {
  /** The load model: an open model's figures always carry `journeys.dropped`. @default 'closed' */
  readonly model?: LoadModel;
}

/** Every figure of a history, for a load that lasted `durationMs`. */
export function analyse(history: RunHistory, durationMs: number, options: AnalyseOptions = {}): RunFigures {
  return {
    ...journeyCounts(history, options.model ?? 'closed'),
    requests: requestCounts(history),
    ...latencyFigures(history),
    timeline: timelinePoints(history, durationMs),
    phases: phaseFigures(history, durationMs),
    intervals: latencyIntervals(history),
  };
}
