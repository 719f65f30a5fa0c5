import type { Clock } from './clock.js';

/**
 * The open model's intended clock for one journey: wrk2's correction applied per step of
 * a dependent journey (docs/NOTES.md, "The open model").
 *
 * The journey's schedule is fixed at its arrival: step 1 is meant at the arrival, and
 * each think time moves the schedule on by the think time, so step k is meant at
 * `arrival + (k − 1) · think`. A think pause waits until the schedule's time, not a
 * fixed time after the answer: a journey on time sends each step at its place in the
 * schedule; a journey held up (a slow answer, a stall, a late driver) sends its next step
 * at once and stays behind until it has caught up. Each step's latency is measured from
 * its place in the schedule, so a stall shows in every later step of the journeys it
 * held up, by as much as they were still behind.
 *
 * Only the first request after the arrival or a think is on the schedule; a further one
 * in the same step (a retry after a 503) is meant when it is sent.
 */
export class JourneySchedule {
  #atMs: number;
  #due = true;

  constructor(
    arrivalMs: number,
    private readonly thinkMs: number,
    private readonly clock: Clock,
  ) {
    this.#atMs = arrivalMs;
  }

  /** When the next step is meant to start (ms since the start of the load). */
  get atMs(): number {
    return this.#atMs;
  }

  /** The intended start of a request being sent now: its step's place in the schedule, or undefined (now). */
  take(): number | undefined {
    if (!this.#due) return undefined;
    this.#due = false;
    return this.#atMs;
  }

  /** The pause before the next step: until the schedule's next time, at once if behind. */
  think(signal: AbortSignal): Promise<void> {
    this.#atMs += this.thinkMs;
    this.#due = true;
    return this.clock.sleep(this.#atMs - this.clock.now(), signal);
  }
}
