import type { Recorder } from '../metrics/recorder.js';
import type { SessionLossExample, TraceEvent, UserTrace } from '../result.js';
import type { JourneyOutcome, ScenarioRun } from '../scenarios/types.js';
import type { Clock } from './clock.js';
import { HttpSession, type RequestSpec, type StepResult } from './http-session.js';
import { createRng, deriveSeed } from './rng.js';

export interface ClosedModelOptions {
  readonly scenario: ScenarioRun;
  readonly origin: string;
  readonly users: number;
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
}

export interface ClosedModelResult {
  /** The first few sessions lost, for the report. */
  readonly examples: SessionLossExample[];
  /** The traced user's story, when one was asked for. */
  readonly trace?: UserTrace;
}

const MAX_EXAMPLES = 5;

/**
 * The closed model: `users` virtual users, each running journeys back to back until the
 * duration is over. A journey under way at the end is finished (a graceful stop, as
 * k6 does), so every started journey has an outcome.
 */
export async function runClosedModel(options: ClosedModelOptions): Promise<ClosedModelResult> {
  const examples: SessionLossExample[] = [];
  const traced: TraceEvent[] = [];
  const runUser = async (index: number) => {
    const name = `user-${index + 1}`;
    const tracing = options.trace === name;
    const http = new HttpSession({
      origin: options.origin,
      clock: options.clock,
      recorder: options.recorder,
      timeoutMs: options.requestTimeoutMs,
      ...(options.scenario.countsAsError ? { countsAsError: options.scenario.countsAsError } : {}),
      ...(tracing ? { onResult: (spec: RequestSpec, result: StepResult) => traced.push(traceStep(spec, result)) } : {}),
    });
    try {
      for (let journey = 1; options.clock.now() < options.durationMs && !options.signal.aborted; journey++) {
        options.recorder.recordJourney('started', options.clock.now());
        if (tracing) traced.push({ type: 'journey-start', atMs: Math.round(options.clock.now()), journey });
        const outcome = await options.scenario.journey({
          index,
          name,
          journey,
          http,
          rng: createRng(deriveSeed(options.seed, index, journey)),
          clock: options.clock,
          origin: options.origin,
          recorder: options.recorder,
          think: () => options.clock.sleep(options.thinkMs, options.signal),
          signal: options.signal,
        });
        options.recorder.recordJourney(outcome.kind, options.clock.now());
        if (tracing) {
          const reason = outcome.kind === 'completed' ? {} : { reason: outcome.reason };
          traced.push({ type: 'journey-end', atMs: Math.round(options.clock.now()), journey, outcome: outcome.kind, ...reason });
        }
        if (outcome.kind === 'lost' && examples.length < MAX_EXAMPLES) {
          examples.push({ user: name, atMs: Math.round(outcome.atMs), step: outcome.step, server: outcome.server, reason: outcome.reason });
        }
        options.onJourney?.(outcome, name);
        // Someone whose visit failed does not start over in the same millisecond.
        if (outcome.kind === 'failed') await options.clock.sleep(options.thinkMs, options.signal);
      }
    } finally {
      await http.close();
    }
  };
  // Users start spread over the first think time, not in one burst at t=0.
  await Promise.all(
    Array.from({ length: options.users }, async (_, index) => {
      await options.clock.sleep((options.thinkMs * index) / options.users, options.signal);
      await runUser(index);
    }),
  );
  return { examples, ...(options.trace ? { trace: { user: options.trace, events: traced } } : {}) };
}

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
