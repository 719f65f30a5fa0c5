/**
 * The Recorder the driver feeds, one per design run: every request (step, server,
 * intended start, latency, outcome) and every journey's fate. `snapshot()` turns it
 * into the measured part of an `DesignRun` (docs/NOTES.md).
 *
 * Each figure is placed by the time that answers its question: a request's latency
 * belongs to its intended start (no coordinated omission), its outcome (answered, error)
 * to the moment it was known, its intended start plus its latency. So a crash's errors
 * land at or after the crash, in the timeline, the phases and the recovery time alike.
 */
import type { DesignRun, LoadModel, RequestCause } from '../result.js';
import { ErrorTimeline } from './error-timeline.js';
import { createLatencyHistogram, encode, recordLatency, summarize } from './histogram.js';
import type { Histogram } from './histogram.js';
import { computePhases, INSTANT_DURING_MS } from './phases.js';
import type { FaultWindow } from './phases.js';
import { SpanStore } from './spans.js';
import { Timeline } from './timeline.js';

/** How a request ended: a definite yes, a definite no, or sent with no answer (Jepsen's `:info`). */
export type Outcome = 'ok' | 'fail' | 'indeterminate';

/**
 * What became of a journey. `dropped` (open model): an arrival that found no free virtual
 * user; it never started.
 */
export type JourneyEvent = 'started' | 'completed' | 'lost' | 'failed' | 'dropped';

/** Server id recorded when no `x-server-id` came back (no answer, or the balancer's own 502). */
export const NO_SERVER = '-';

/** One request as the driver saw it. */
export interface RequestRecord {
  /** Journey step, e.g. `login`, `add`, `checkout`. */
  readonly step: string;
  /** The `x-server-id` of the answer, or `'-'` when there was none. */
  readonly server: string;
  /** When the request was meant to start, ms since the start of the load. */
  readonly atMs: number;
  /** When it actually left, ms since the start of the load (later than `atMs` when the driver was behind). */
  readonly sentAtMs?: number;
  /** From the intended start to the answer (or the give-up), in µs. */
  readonly latencyUs: number;
  /** Known at `atMs + latencyUs / 1000`: where the timeline, the phases and recovery count it. */
  readonly outcome: Outcome;
  /**
   * Whether it counts as a request error. A `401 unknown session` is a `fail` the driver
   * counts as a session loss instead, so it passes `false`.
   * @default outcome !== 'ok'
   */
  readonly countsAsError?: boolean;
  /** Why there was no definite answer (or the balancer's own error); absent when ok. */
  readonly cause?: RequestCause;
}

export interface RecorderOptions {
  /** The load model; an open model's snapshot always carries `journeys.dropped`. */
  readonly model?: LoadModel;
}

/** The measured part of an `DesignRun`; the orchestrator adds arch, balancer, servers, etc. */
export interface RecorderSnapshot {
  readonly journeys: DesignRun['journeys'];
  readonly sessionLoss: DesignRun['sessionLoss'];
  readonly requests: Omit<DesignRun['requests'], 'byBackend'>;
  readonly latency: DesignRun['latency'];
  readonly latencyByStep: DesignRun['latencyByStep'];
  readonly histograms: DesignRun['histograms'];
  readonly timeline: DesignRun['timeline'];
  readonly phases: NonNullable<DesignRun['phases']>;
  readonly intervals: NonNullable<DesignRun['intervals']>;
}

/** Ends a fault window at `atMs` (ms since the start of the load); later calls do nothing. */
export type EndFaultWindow = (atMs: number) => void;

/** Counts, histograms and the timeline of one design's run. */
export class Recorder {
  readonly #journeys = { started: 0, completed: 0, lost: 0, failed: 0, dropped: 0 };
  readonly #byOutcome = { ok: 0, fail: 0, indeterminate: 0 };
  readonly #byCause = new Map<RequestCause, number>();
  readonly #model: LoadModel;
  readonly #byServer = new Map<string, number>();
  readonly #overall = createLatencyHistogram();
  readonly #bySteps = new Map<string, Histogram>();
  readonly #timeline = new Timeline();
  readonly #fine = new ErrorTimeline();
  readonly #spans = new SpanStore();
  readonly #windows: FaultWindow[] = [];
  /** One histogram per second of intended start, for HdrHistogram interval logs. */
  readonly #intervals = new Map<number, Histogram>();
  #total = 0;
  #errors = 0;

  constructor(options: RecorderOptions = {}) {
    this.#model = options.model ?? 'closed';
  }

  /** Requests counted as errors so far, for progress lines. */
  get requestErrors(): number {
    return this.#errors;
  }

  /** Records one request; its latency goes into the overall and its step's histogram whatever its outcome. */
  recordRequest(request: RequestRecord): void {
    const { step, server, atMs, latencyUs, outcome } = request;
    const isError = request.countsAsError ?? outcome !== 'ok';
    this.#total += 1;
    this.#byOutcome[outcome] += 1;
    if (request.cause !== undefined && outcome !== 'ok') this.#byCause.set(request.cause, (this.#byCause.get(request.cause) ?? 0) + 1);
    if (server !== NO_SERVER) this.#byServer.set(server, (this.#byServer.get(server) ?? 0) + 1);
    recordLatency(this.#overall, latencyUs);
    let stepHistogram = this.#bySteps.get(step);
    if (stepHistogram === undefined) {
      stepHistogram = createLatencyHistogram();
      this.#bySteps.set(step, stepHistogram);
    }
    recordLatency(stepHistogram, latencyUs);
    const doneMs = atMs + latencyUs / 1000;
    const second = Math.max(0, Math.floor(atMs / 1000));
    let interval = this.#intervals.get(second);
    if (interval === undefined) {
      interval = createLatencyHistogram();
      this.#intervals.set(second, interval);
    }
    recordLatency(interval, latencyUs);
    // Outcomes go where they were known; latency (the interval log above, the spans'
    // histograms) stays with the intended start.
    this.#timeline.add(doneMs, 'requests');
    if (isError) {
      this.#errors += 1;
      this.#timeline.add(doneMs, 'errors');
    }
    // Recovery watches every request that was not ok: a 401 that loses a session is not a
    // request error, but a fleet is not recovered while it still loses sessions.
    this.#fine.add(doneMs, outcome !== 'ok');
    this.#spans.addOutcome(doneMs, isError);
    this.#spans.addLatency(atMs, latencyUs);
  }

  /** Records a journey starting, completing, losing its session, failing otherwise, or dropped. */
  recordJourney(event: JourneyEvent, atMs: number): void {
    this.#journeys[event] += 1;
    if (event === 'started') this.#timeline.add(atMs, 'journeys');
    else if (event === 'completed') this.#timeline.add(atMs, 'completed');
    else if (event === 'lost') {
      this.#timeline.add(atMs, 'lost');
      this.#spans.addLost(atMs);
    }
  }

  /**
   * Records the consistency errors a scenario's checker found after the load, each at the
   * time it happened (ms since the start of the load), for the timeline and the phases.
   */
  recordConsistencyErrors(times: readonly number[]): void {
    for (const atMs of times) {
      this.#timeline.add(atMs, 'consistency');
      this.#spans.addConsistencyError(atMs);
    }
  }

  /**
   * Records that a fault without a revert (e.g. "crash server-1") fired at `atMs`: a
   * zero-length window, the same as `recordFaultWindow(label, atMs)(atMs)`.
   */
  recordFault(atMs: number, label: string): void {
    this.recordFaultWindow(label, atMs)(atMs);
  }

  /**
   * Records that a fault (e.g. "pause server-2") fired at `startMs`, when it fires; call
   * the returned `end(atMs)` when it is reverted, or `end(startMs)` for a fault without
   * a revert. Both times go on the timeline, the end as "<label> ends". A window never
   * ended lasts to the end of the load. Pass each time as it happens (the clock's now):
   * requests are routed to phases as they complete, their outcome by when it was known
   * and their latency by their intended start.
   */
  recordFaultWindow(label: string, startMs: number): EndFaultWindow {
    const start = Number.isFinite(startMs) ? Math.max(0, startMs) : 0;
    const index = this.#windows.push({ label, startMs: start }) - 1;
    this.#timeline.addFault(start, label);
    this.#spans.addBoundary(start);
    // Cut there now: if the window turns out to have zero length, this ends its `during`.
    this.#spans.addBoundary(start + INSTANT_DURING_MS);
    return (atMs) => {
      if (this.#windows[index]!.endMs !== undefined) return;
      const end = Number.isFinite(atMs) ? Math.max(start, atMs) : start;
      this.#windows[index] = { label, startMs: start, endMs: end };
      this.#spans.addBoundary(end);
      if (end > start) this.#timeline.addFault(end, `${label} ends`);
    };
  }

  /** Everything measured so far, as plain JSON, for a run that lasted `durationMs`. */
  snapshot(durationMs: number): RecorderSnapshot {
    const { dropped, ...journeys } = this.#journeys;
    const { started, lost } = journeys;
    const steps = [...this.#bySteps].sort(([a], [b]) => a.localeCompare(b));
    return {
      // `dropped` is an open-model figure: shown there even when 0, elsewhere only if it happened.
      journeys: this.#model === 'open' || dropped > 0 ? { ...journeys, dropped } : journeys,
      sessionLoss: { journeys: lost, rate: started === 0 ? 0 : round(lost / started, 4) },
      requests: {
        total: this.#total,
        errors: this.#errors,
        byServer: Object.fromEntries([...this.#byServer].sort(([a], [b]) => compareServerIds(a, b))),
        byOutcome: { ...this.#byOutcome },
        ...(this.#byCause.size === 0 ? {} : { indeterminateBy: Object.fromEntries([...this.#byCause].sort(([a], [b]) => a.localeCompare(b))) }),
      },
      latency: summarize(this.#overall),
      latencyByStep: Object.fromEntries(steps.map(([step, h]) => [step, summarize(h)])),
      histograms: {
        overall: encode(this.#overall),
        // A step called "overall" keeps its summary but cannot shadow the overall histogram.
        ...Object.fromEntries(steps.filter(([step]) => step !== 'overall').map(([step, h]) => [step, encode(h)])),
      },
      timeline: this.#timeline.points(durationMs),
      phases: computePhases(this.#windows, this.#spans, this.#fine.buckets(durationMs), durationMs),
      intervals: [...this.#intervals].sort(([a], [b]) => a - b).map(([t, h]) => ({ t, histogram: encode(h) })),
    };
  }
}

function round(x: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(x * f) / f;
}

/** Orders server ids naturally: server-2 before server-10. */
function compareServerIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
