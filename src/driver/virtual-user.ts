/**
 * What the closed and the open model share: a virtual user (its browser, an HttpSession,
 * and its journeys one at a time, each recorded, traced and reported), and the graceful
 * stop at the end of the load. A model only decides when journeys start.
 */
import type { Recorder } from '../metrics/recorder.js';
import type { SessionLossExample, TraceEvent, UserTrace } from '../result.js';
import type { JourneyOutcome, ScenarioRun } from '../scenarios/types.js';
import type { Clock } from './clock.js';
import { HttpSession, type RequestSpec, type StepResult } from './http-session.js';
import type { JourneySchedule } from './journey-schedule.js';
import { createRng } from './rng.js';

/** The options every load model takes. */
export interface ModelOptions {
  readonly scenario: ScenarioRun;
  readonly origin: string;
  /** How long journeys start (the closed model's users start them, the open model's arrivals). */
  readonly durationMs: number;
  readonly thinkMs: number;
  readonly seed: number;
  readonly requestTimeoutMs: number;
  readonly clock: Clock;
  readonly recorder: Recorder;
  readonly signal: AbortSignal;
  /** Name of a user whose every step is kept (`--trace`). */
  readonly trace?: string;
  /** Called after every journey, e.g. for progress and "after N journeys" faults. */
  readonly onJourney?: (outcome: JourneyOutcome, user: string) => void;
  /** The local address each user's connections leave from, by user index; undefined: the system's choice. */
  readonly sourceAddress?: (userIndex: number) => string | undefined;
}

export interface ModelResult {
  /** The first few sessions lost, for the report. */
  readonly examples: SessionLossExample[];
  /** The traced user's story, when one was asked for. */
  readonly trace?: UserTrace;
}

const MAX_EXAMPLES = 5;

/**
 * How long journeys under way at the end of the load may go on: one request timeout
 * plus one think time, enough for the step in flight and the pause before the next.
 */
export function graceMs(options: Pick<ModelOptions, 'requestTimeoutMs' | 'thinkMs'>): number {
  return options.requestTimeoutMs + options.thinkMs;
}

/** What a run's users tell the report: the first sessions lost and the traced user's story. */
export class RunLog {
  readonly examples: SessionLossExample[] = [];
  readonly traced: TraceEvent[] = [];

  constructor(private readonly trace: string | undefined) {}

  result(): ModelResult {
    return { examples: this.examples, ...(this.trace ? { trace: { user: this.trace, events: this.traced } } : {}) };
  }
}

/**
 * The graceful stop (k6's): `load` starts journeys until the end of the load; a journey
 * still under way `graceMs` after it is cancelled through the `AbortController` its user
 * put in `busy` (its pauses end, it sends no further step, the step in flight gets its
 * own timeout). Resolves when `load` has.
 */
export async function withGracefulStop(
  options: Pick<ModelOptions, 'clock' | 'durationMs' | 'requestTimeoutMs' | 'thinkMs' | 'signal'>,
  load: (busy: Set<AbortController>) => Promise<void>,
): Promise<void> {
  const { clock, signal } = options;
  const busy = new Set<AbortController>();
  const everyone = new AbortController();
  const deadline = (async () => {
    await clock.sleep(options.durationMs + graceMs(options) - clock.now(), AbortSignal.any([signal, everyone.signal]));
    if (everyone.signal.aborted || signal.aborted) return;
    for (const cancel of busy) cancel.abort();
  })();
  try {
    await load(busy);
  } finally {
    everyone.abort();
    await deadline;
  }
}

/**
 * One virtual user: `user-<index + 1>`, one browser (an undici Client of its own and a
 * cookie jar) and one journey at a time. `cancel` ends its journeys at the deadline; a
 * chat client lives as long as the user's signal, so the signal is the user's, not a
 * journey's.
 */
export class VirtualUserRunner {
  readonly name: string;
  readonly signal: AbortSignal;
  readonly #http: HttpSession;
  readonly #tracing: boolean;
  readonly #localAddress: string | undefined;
  #schedule: JourneySchedule | undefined;
  #journeys = 0;

  constructor(
    private readonly options: ModelOptions,
    readonly index: number,
    private readonly log: RunLog,
    readonly cancel: AbortController,
  ) {
    this.name = `user-${index + 1}`;
    this.signal = AbortSignal.any([options.signal, cancel.signal]);
    this.#tracing = options.trace === this.name;
    const localAddress = options.sourceAddress?.(index);
    this.#localAddress = localAddress;
    this.#http = new HttpSession({
      origin: options.origin,
      clock: options.clock,
      recorder: options.recorder,
      timeoutMs: options.requestTimeoutMs,
      intendedStart: () => this.#schedule?.take(),
      ...(localAddress === undefined ? {} : { localAddress }),
      ...(options.scenario.countsAsError ? { countsAsError: options.scenario.countsAsError } : {}),
      ...(this.#tracing ? { onResult: (spec: RequestSpec, result: StepResult) => log.traced.push(traceStep(spec, result)) } : {}),
    });
  }

  /** Journeys this user has started. */
  get journeys(): number {
    return this.#journeys;
  }

  /**
   * Runs the user's next journey to its outcome, its randomness seeded by `rngSeed`; on
   * the open model's `schedule` when given (its steps then meant at their place in it),
   * else each step meant when sent (the closed model).
   */
  async journey(rngSeed: number, schedule?: JourneySchedule): Promise<JourneyOutcome> {
    const { clock, recorder } = this.options;
    const journey = ++this.#journeys;
    const { signal, cancel } = this;
    this.#schedule = schedule;
    recorder.recordJourney('started', clock.now());
    if (this.#tracing) this.log.traced.push({ type: 'journey-start', atMs: Math.round(clock.now()), journey });
    const thinkMs = this.options.thinkMs;
    let outcome = await this.options.scenario.journey({
      index: this.index,
      name: this.name,
      journey,
      http: this.#http,
      rng: createRng(rngSeed),
      clock,
      origin: this.options.origin,
      recorder,
      think: schedule ? () => schedule.think(signal) : () => clock.sleep(thinkMs, signal),
      signal,
      ...(this.#localAddress === undefined ? {} : { localAddress: this.#localAddress }),
    });
    this.#schedule = undefined;
    // A journey cut short by the deadline failed because it was cancelled, whatever
    // step it stopped at; a completion or a session loss it saw first still counts.
    if (cancel.signal.aborted && !this.options.signal.aborted && outcome.kind === 'failed') {
      outcome = {
        kind: 'failed',
        step: outcome.step === 'abort' ? 'cancel' : outcome.step,
        server: outcome.server,
        reason: `cancelled: still under way ${seconds(graceMs(this.options))} after the end of the load`,
        atMs: clock.now(),
      };
    }
    recorder.recordJourney(outcome.kind, clock.now());
    if (this.#tracing) {
      const reason = outcome.kind === 'completed' ? {} : { reason: outcome.reason };
      this.log.traced.push({ type: 'journey-end', atMs: Math.round(clock.now()), journey, outcome: outcome.kind, ...reason });
    }
    if (outcome.kind === 'lost' && this.log.examples.length < MAX_EXAMPLES) {
      this.log.examples.push({ user: this.name, atMs: Math.round(outcome.atMs), step: outcome.step, server: outcome.server, reason: outcome.reason });
    }
    this.options.onJourney?.(outcome, this.name);
    return outcome;
  }

  close(): Promise<void> {
    return this.#http.close();
  }
}

const seconds = (ms: number) => `${Number((ms / 1000).toFixed(3))}s`;

function traceStep(spec: RequestSpec, result: StepResult): TraceEvent {
  return {
    type: 'step',
    atMs: Math.round(result.sentAtMs),
    step: spec.step,
    method: spec.method,
    path: spec.path,
    ...(spec.body === undefined ? {} : { body: spec.body }),
    ...(result.status === undefined ? {} : { status: result.status }),
    outcome: result.outcome,
    server: result.server,
    latencyMs: Math.round(result.latencyUs / 10) / 100,
    ...(result.body === undefined ? {} : { answer: result.body }),
    ...(result.error === undefined ? {} : { error: result.error }),
  };
}
