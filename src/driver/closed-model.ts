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
  /** `--shard i/n` (1-based): only this shard's users run (`scenario.shardOf`, else `i % count`). */
  readonly shard?: { readonly index: number; readonly count: number };
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
 * How long journeys under way at the end of the load may go on: one request timeout
 * plus one think time, enough for the step in flight and the pause before the next.
 */
export function graceMs(options: Pick<ClosedModelOptions, 'requestTimeoutMs' | 'thinkMs'>): number {
  return options.requestTimeoutMs + options.thinkMs;
}

/**
 * The closed model: `users` virtual users, each running journeys back to back until the
 * duration is over. A journey under way at the end is finished (a graceful stop, as
 * k6 does), but for at most `graceMs` more: then it is cancelled (its pauses end, it
 * sends no further step, the step in flight gets its own timeout) and counted as
 * failed, with a reason that says so. Every started journey has an outcome, so
 * `started = completed + lost + failed` holds (docs/cli.md).
 */
export async function runClosedModel(options: ClosedModelOptions): Promise<ClosedModelResult> {
  const examples: SessionLossExample[] = [];
  const traced: TraceEvent[] = [];
  const { clock, durationMs } = options;
  const grace = graceMs(options);
  // One cancel per user, pulled only for users still busy at the deadline: a chat
  // client lives as long as its user's signal, and a user who is done keeps its own.
  const busy = new Set<AbortController>();

  const runUser = async (index: number, cancel: AbortController) => {
    const signal = AbortSignal.any([options.signal, cancel.signal]);
    const name = `user-${index + 1}`;
    const tracing = options.trace === name;
    const http = new HttpSession({
      origin: options.origin,
      clock,
      recorder: options.recorder,
      timeoutMs: options.requestTimeoutMs,
      ...(options.scenario.countsAsError ? { countsAsError: options.scenario.countsAsError } : {}),
      ...(tracing ? { onResult: (spec: RequestSpec, result: StepResult) => traced.push(traceStep(spec, result)) } : {}),
    });
    try {
      for (let journey = 1; clock.now() < durationMs && !signal.aborted; journey++) {
        options.recorder.recordJourney('started', clock.now());
        if (tracing) traced.push({ type: 'journey-start', atMs: Math.round(clock.now()), journey });
        let outcome = await options.scenario.journey({
          index,
          name,
          journey,
          http,
          rng: createRng(deriveSeed(options.seed, index, journey)),
          clock,
          origin: options.origin,
          recorder: options.recorder,
          think: () => clock.sleep(options.thinkMs, signal),
          signal,
        });
        // A journey cut short by the deadline failed because it was cancelled, whatever
        // step it stopped at; a completion or a session loss it saw first still counts.
        if (cancel.signal.aborted && !options.signal.aborted && outcome.kind === 'failed') {
          outcome = {
            kind: 'failed',
            step: outcome.step === 'abort' ? 'cancel' : outcome.step,
            server: outcome.server,
            reason: `cancelled: still under way ${seconds(grace)} after the end of the load`,
            atMs: clock.now(),
          };
        }
        options.recorder.recordJourney(outcome.kind, clock.now());
        if (tracing) {
          const reason = outcome.kind === 'completed' ? {} : { reason: outcome.reason };
          traced.push({ type: 'journey-end', atMs: Math.round(clock.now()), journey, outcome: outcome.kind, ...reason });
        }
        if (outcome.kind === 'lost' && examples.length < MAX_EXAMPLES) {
          examples.push({ user: name, atMs: Math.round(outcome.atMs), step: outcome.step, server: outcome.server, reason: outcome.reason });
        }
        options.onJourney?.(outcome, name);
        // Someone whose visit failed does not start over in the same millisecond.
        if (outcome.kind === 'failed' && clock.now() < durationMs) await clock.sleep(options.thinkMs, signal);
      }
    } finally {
      await http.close();
    }
  };

  const everyone = new AbortController();
  const deadline = (async () => {
    await clock.sleep(durationMs + grace - clock.now(), AbortSignal.any([options.signal, everyone.signal]));
    if (everyone.signal.aborted || options.signal.aborted) return;
    for (const cancel of busy) cancel.abort();
  })();
  try {
    // Users start spread over the first think time, not in one burst at t=0 (nor after the load).
    await Promise.all(
      usersOf(options).map(async (index) => {
        const cancel = new AbortController();
        busy.add(cancel);
        try {
          await clock.sleep(Math.min((options.thinkMs * index) / options.users, durationMs), AbortSignal.any([options.signal, cancel.signal]));
          await runUser(index, cancel);
        } finally {
          busy.delete(cancel);
        }
      }),
    );
  } finally {
    everyone.abort();
    await deadline;
  }
  return { examples, ...(options.trace ? { trace: { user: options.trace, events: traced } } : {}) };
}

/** The user indices this process runs: all of them, or its shard's slice. */
function usersOf({ users, shard, scenario }: Pick<ClosedModelOptions, 'users' | 'shard' | 'scenario'>): number[] {
  const all = Array.from({ length: users }, (_, index) => index);
  if (!shard) return all;
  return all.filter((index) => (scenario.shardOf?.(index, shard.count) ?? index % shard.count) === shard.index - 1);
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
