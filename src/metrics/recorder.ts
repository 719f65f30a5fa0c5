/**
 * The Recorder the driver feeds, one per design run. It only appends to the run's
 * history (history.ts): every request (step, server, intended and sent start, latency,
 * outcome, cause), every journey event, every fault window and every consistency
 * finding. `snapshot()` analyses that history (analyse/), so every figure is a pure
 * function of it and none depends on the order in which things were recorded.
 *
 * Each figure is placed by the time that answers its question: a request's latency
 * belongs to its intended start (no coordinated omission), its outcome (answered, error)
 * to the moment it was known, its intended start plus its latency. So a crash's errors
 * land at or after the crash, in the timeline, the phases and the recovery time alike.
 */
import type { LoadModel } from '../result.js';
import { analyse, type RunFigures } from './analyse/index.js';
import { History, type JourneyEvent, type RequestRecord } from './history.js';

export { NO_SERVER, type JourneyEvent, type Outcome, type RequestRecord } from './history.js';

/** The measured part of a `DesignRun`; the orchestrator adds arch, balancer, servers, etc. */
export type RecorderSnapshot = RunFigures;

/** Ends a fault window at `atMs` (ms since the start of the load); later calls do nothing. */
export type EndFaultWindow = (atMs: number) => void;

export interface RecorderOptions {
  /** The load model; an open model's snapshot always carries `journeys.dropped`. */
  readonly model?: LoadModel;
}

/** Records one design's run into its history. */
export class Recorder {
  /** Everything recorded so far; read it with the analysers. */
  readonly history = new History();
  readonly #model: LoadModel;
  #errors = 0;

  constructor(options: RecorderOptions = {}) {
    this.#model = options.model ?? 'closed';
  }

  /** Requests counted as errors so far, for progress lines. */
  get requestErrors(): number {
    return this.#errors;
  }

  /** Records one request; every figure of it is derived at `snapshot()`. */
  recordRequest(request: RequestRecord): void {
    this.history.addRequest(request);
    if (request.countsAsError ?? request.outcome !== 'ok') this.#errors += 1;
  }

  /** Records a journey starting, completing, losing its session, failing otherwise, or dropped. */
  recordJourney(event: JourneyEvent, atMs: number): void {
    this.history.addJourney(event, atMs);
  }

  /**
   * Records the consistency errors a scenario's checker found after the load, each at the
   * time it happened (ms since the start of the load), for the timeline and the phases.
   */
  recordConsistencyErrors(times: readonly number[]): void {
    this.history.addFindings(times);
  }

  /**
   * Records that a fault without a revert (e.g. "crash server-1") fired at `atMs`: a
   * zero-length window, the same as `recordFaultWindow(label, atMs)(atMs)`.
   */
  recordFault(atMs: number, label: string): void {
    this.recordFaultWindow(label, atMs)(atMs);
  }

  /**
   * Records that a fault (e.g. "pause server-2") fired at `startMs`; call the returned
   * `end(atMs)` when it is reverted, or `end(startMs)` for a fault without a revert. Both
   * times go on the timeline, the end as "<label> ends". A window never ended lasts to
   * the end of the load. The times are what matter, not when they are recorded.
   */
  recordFaultWindow(label: string, startMs: number): EndFaultWindow {
    const index = this.history.openFault(label, startMs);
    return (atMs) => this.history.closeFault(index, atMs);
  }

  /** Every figure of the history so far, as plain JSON, for a run that lasted `durationMs`. */
  snapshot(durationMs: number): RecorderSnapshot {
    return analyse(this.history, durationMs, { model: this.#model });
  }
}
