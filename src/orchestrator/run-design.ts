import { join } from 'node:path';
import { request } from 'undici';
import { startBalancer } from '../balancer/client.js';
import type { PlannedFault } from '../chaos/plan.js';
import type { RedisHandle } from '../fleet/redis.js';
import type { SqliteHandle } from '../fleet/sqlite.js';
import { armFaults } from './arm-faults.js';
import type { RunConfig, StrategyName } from '../config/types.js';
import { createClock } from '../driver/clock.js';
import { loadModelOf, runLoad } from '../driver/load-model.js';
import { judgeSaturation, sampleSaturation } from '../metrics/saturation.js';
import { conformanceError, probe } from '../conformance/index.js';
import { InternalError } from '../errors.js';
import { Fleet } from '../fleet/fleet.js';
import { sampleMemory } from '../metrics/memory.js';
import { Recorder } from '../metrics/recorder.js';
import type { DesignName, DesignRun, FaultRecord } from '../result.js';
import { storeOf } from '../designs/index.js';
import type { TargetDefinition } from '../fleet/target.js';
import type { Scenario, ScenarioFindings, ScenarioRun } from '../scenarios/types.js';
import type { OnEvent } from './events.js';

export interface DesignContext {
  readonly config: RunConfig;
  readonly scenario: Scenario;
  readonly design: DesignName;
  readonly logDir: string;
  /** The store of stateless designs; statebench's own can be faulted. */
  readonly redis?: RedisHandle;
  /** This fleet's own SQLite file, for a design on `store: sqlite`. */
  readonly sqlite?: SqliteHandle;
  /** The run's fault plan, the same for every design. */
  readonly plan: readonly PlannedFault[];
  /** Unique per run and design, so runs sharing a Redis never see each other's keys. */
  readonly keyPrefix: string;
  readonly signal: AbortSignal;
  readonly onEvent: OnEvent;
}

const PROGRESS_EVERY_MS = 1000;
const NO_CONSISTENCY_CHECK = { errors: 0, byKind: {} };

/** A scenario's own latencies (e.g. chat delivery) join the per-step figures and histograms. */
function extraLatency(
  snapshot: { latencyByStep: DesignRun['latencyByStep']; histograms: DesignRun['histograms'] },
  extra: NonNullable<ScenarioFindings['latency']>,
) {
  const latencyByStep = { ...snapshot.latencyByStep };
  const histograms = { ...snapshot.histograms };
  for (const [name, { summary, histogram }] of Object.entries(extra)) {
    latencyByStep[name] = summary;
    histograms[name] = histogram;
  }
  return { latencyByStep, histograms };
}

/** The strategy a design is deployed with: the user's, or what `auto` means for it. */
export function strategyFor(scenario: Scenario, design: TargetDefinition, choice: RunConfig['balancer']): StrategyName {
  return choice === 'auto' ? scenario.autoBalancer(design) : choice;
}

/**
 * One design's run: its fleet, its balancer, the load and the fault schedule; then the
 * figures. Whatever happens, the fleet and the balancer are stopped before it returns.
 */
export async function runDesign(context: DesignContext): Promise<DesignRun> {
  const { config, scenario, design, signal } = context;
  const definition = config.targets[design];
  if (!definition) throw new InternalError(`the run has no target definition for design ${design}`);
  const strategy = strategyFor(scenario, definition, config.balancer);
  const store = storeOf(definition);
  const fleet = await Fleet.start({
    definition,
    servers: config.servers,
    logDir: join(context.logDir, design),
    ...(context.redis ? { redisUrl: context.redis.url } : {}),
    ...(context.sqlite ? { storePath: context.sqlite.path } : {}),
    keyPrefix: context.keyPrefix,
    signal,
  });
  let balancer: Awaited<ReturnType<typeof startBalancer>> | undefined;
  let scenarioRun: ScenarioRun | undefined;
  try {
    // The balancer starts while the first server is probed: neither waits for the other,
    // and whichever fails, the balancer (if it started) is closed below like any other.
    const probing = Promise.all([
      conform(scenario.name, design, definition, fleet, signal),
      pollInterval(fleet.servers[0]!.url + definition.healthPath, config.requestTimeoutMs),
    ]);
    const starting = startBalancer({
      strategy,
      seed: config.seed,
      backends: fleet.servers.map((server) => ({ id: server.id, url: server.url })),
      healthPath: definition.healthPath,
      requestTimeoutMs: config.requestTimeoutMs,
      redispatch: config.redispatch,
      hashMode: config.hashMode,
      logFile: join(context.logDir, design, 'balancer.log'),
      signal,
    });
    const [probed, started] = await Promise.allSettled([probing, starting]);
    if (started.status === 'fulfilled') balancer = started.value;
    if (probed.status === 'rejected') throw probed.reason;
    if (started.status === 'rejected') throw started.reason;
    balancer = started.value;
    const [warnings, storePollMs] = probed.value;
    context.onEvent({ type: 'design-start', design, balancer: strategy, balancerUrl: balancer.url });

    scenarioRun = scenario.prepare({ users: config.users, seed: config.seed, jointShare: config.jointShare });
    const recorder = new Recorder({ model: loadModelOf(config) });
    const clock = createClock();
    const memory = sampleMemory(() => ({
      balancer: balancer?.pid,
      ...(context.redis?.pid === undefined ? {} : { redis: context.redis.pid }),
      ...Object.fromEntries(fleet.servers.map((server) => [server.id, server.isAlive() ? server.pid : undefined])),
    }));
    const schedule = armFaults({
      plan: context.plan,
      design,
      clock,
      recorder,
      fleet,
      balancer,
      // Store faults act on the store statebench provides (its own Redis, or the fleet's SQLite file), and only on designs that use it.
      ...(store.redis && context.redis?.faults ? { store: context.redis.faults } : {}),
      ...(store.sqlite && context.sqlite ? { store: context.sqlite.faults } : {}),
      onEvent: context.onEvent,
    });
    let journeys = 0;
    let lost = 0;
    let failed = 0;
    const progress = setInterval(
      () => context.onEvent({ type: 'progress', design, elapsedMs: clock.now(), journeys, lost, failed, errors: recorder.requestErrors }),
      PROGRESS_EVERY_MS,
    );
    let examples;
    let trace;
    let memoryMb;
    let driverLoad;
    const saturation = sampleSaturation();
    try {
      ({ examples, trace } = await runLoad(config, {
        scenario: scenarioRun,
        origin: balancer.url,
        durationMs: config.durationMs,
        thinkMs: config.thinkMs,
        seed: config.seed,
        requestTimeoutMs: config.requestTimeoutMs,
        clock,
        recorder,
        signal,
        ...(config.trace ? { trace: config.trace } : {}),
        onJourney: (outcome) => {
          schedule.journeyCompleted();
          journeys++;
          if (outcome.kind === 'lost') lost++;
          if (outcome.kind === 'failed') failed++;
        },
      }));
    } finally {
      clearInterval(progress);
      driverLoad = saturation.stop();
      memoryMb = memory.stop();
      await schedule.stop();
    }
    signal.throwIfAborted();
    const live = fleet.servers.filter((server) => server.isAlive());
    const findings: ScenarioFindings = scenarioRun.finish
      ? await scenarioRun.finish({ servers: live, origin: balancer.url, clock, timeoutMs: config.requestTimeoutMs, signal })
      : { consistency: NO_CONSISTENCY_CHECK };
    const stats = await balancer.stats();
    recorder.recordConsistencyErrors(findings.errorTimesMs ?? []);
    const snapshot = recorder.snapshot(config.durationMs);
    return {
      arch: design,
      model: loadModelOf(config),
      balancer: strategy,
      servers: config.servers,
      store: definition.store,
      ...(storePollMs === undefined ? {} : { storePollMs }),
      ...snapshot,
      consistency: findings.consistency,
      ...(findings.latency ? extraLatency(snapshot, findings.latency) : {}),
      requests: { ...snapshot.requests, byBackend: stats.byBackend },
      rebinds: stats.rebinds,
      memoryMb,
      saturation: judgeSaturation(driverLoad, stats.saturation),
      logs: { ...fleet.logs(), balancer: join(context.logDir, design, 'balancer.log') },
      examples,
      ...(trace ? { trace } : {}),
      faults: schedule.records(),
      notes: [...warnings, ...pollNote(storePollMs), ...notesOn(schedule.records(), store.redis || store.sqlite ? definition.store : undefined)],
    };
  } finally {
    scenarioRun?.close?.();
    // Stats are read: the balancer and the fleet stop together (both are asked before either is awaited).
    await Promise.all([balancer?.close(), fleet.close()]);
  }
}

/**
 * Before the load, one server of the fleet is asked the scenario's protocol directly
 * (docs/conformance.md): a target that does not speak it must never produce a run full of
 * noise, so a failed required check is an EnvironmentError (exit 3) listing each check.
 * What is only advisory becomes a note of the run.
 */
async function conform(scenario: string, design: string, definition: TargetDefinition, fleet: Fleet, signal: AbortSignal): Promise<string[]> {
  const server = fleet.servers[0]!;
  const checks = await probe(scenario, server.url, { serverId: server.id, healthPath: definition.healthPath, signal });
  const error = conformanceError(`${scenario}/${design}`, checks);
  if (error) throw error;
  return checks.filter((check) => !check.ok).map((check) => `protocol warning: ${check.name} (expected ${check.expected}, got ${check.got})`);
}

const STORE_CRASHED: Readonly<Record<string, string>> = { redis: 'the store (Redis) was killed', sqlite: 'the store (SQLite) had its file deleted' };

/** `pollMs` of the health answer, when the design says how often it polls its store. */
async function pollInterval(healthUrl: string, timeoutMs: number): Promise<number | undefined> {
  try {
    const response = await request(healthUrl, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const body = (await response.body.json()) as { pollMs?: unknown };
    return typeof body?.pollMs === 'number' && body.pollMs >= 0 ? body.pollMs : undefined;
  } catch {
    return undefined;
  }
}

function pollNote(pollMs: number | undefined): string[] {
  return pollMs === undefined ? [] : [`the servers poll their store every ${pollMs} ms for what other servers wrote: delivery between servers waits up to that long`];
}

/** What the report should say in words about the faults (a store that came back empty). */
function notesOn(faults: readonly FaultRecord[], store: string | undefined): string[] {
  return faults
    .filter((fault) => fault.kind === 'store-crash' && fault.firedAtMs !== undefined)
    .map((fault) =>
      store
        ? `${STORE_CRASHED[store] ?? `the store (${store}) crashed`} at ${(fault.firedAtMs! / 1000).toFixed(1)} s and came back empty: it lost its state`
        : `store-crash at ${(fault.firedAtMs! / 1000).toFixed(1)} s did not touch this design: it keeps no state in a store`,
    );
}
