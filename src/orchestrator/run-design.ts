import type { PlannedFault } from '../chaos/plan.js';
import type { RedisHandle } from '../fleet/redis.js';
import type { SqliteHandle } from '../fleet/sqlite.js';
import { armFaults } from './arm-faults.js';
import type { RunConfig, StrategyName } from '../config/types.js';
import { createClock } from '../driver/clock.js';
import { loadModelOf, runLoad } from '../driver/load-model.js';
import { judgeSaturation, sampleSaturation } from '../metrics/saturation.js';
import { sampleMemory } from '../metrics/memory.js';
import { Recorder } from '../metrics/recorder.js';
import type { DesignName, DesignRun } from '../result.js';
import type { TargetDefinition } from '../fleet/target.js';
import type { Scenario, ScenarioFindings, ScenarioRun } from '../scenarios/types.js';
import type { OnEvent } from './events.js';
import { connectExternal } from './external-fleet.js';
import { startOwnFleet } from './own-fleet.js';
import { execNotes } from '../chaos/faults/exec.js';

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
 * One design's run: its deployment (a fleet and balancer statebench starts, or a fleet run
 * elsewhere), the load and the fault schedule; then the figures. Whatever happens, what the
 * deployment holds is released before it returns.
 */
export async function runDesign(context: DesignContext): Promise<DesignRun> {
  const { config, scenario, design, signal } = context;
  const deployment = config.external ? await connectExternal(context, config.external) : await startOwnFleet(context);
  let scenarioRun: ScenarioRun | undefined;
  try {
    context.onEvent({ type: 'design-start', design, balancer: deployment.strategy, balancerUrl: deployment.origin });
    scenarioRun = scenario.prepare({ users: config.users, seed: config.seed, jointShare: config.jointShare, ...(config.shard ? { shard: config.shard } : {}) });
    // Shards begin together: each waits for the shared start, so their clocks line up.
    const lateMs = config.startAtMs === undefined ? 0 : await sleepUntil(config.startAtMs, signal);
    const recorder = new Recorder({ model: loadModelOf(config) });
    const clock = createClock();
    const memory = sampleMemory(() => deployment.pids());
    const schedule = armFaults({
      plan: context.plan,
      design,
      clock,
      recorder,
      context: deployment.faults,
      ...(config.shard && config.shard.faultsFrom !== config.shard.index ? { recordOnly: { firedByShard: config.shard.faultsFrom } } : {}),
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
        origin: deployment.origin,
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
    const findings: ScenarioFindings = scenarioRun.finish
      ? await scenarioRun.finish({ servers: await deployment.auditServers(), origin: deployment.origin, clock, timeoutMs: config.requestTimeoutMs, signal })
      : { consistency: NO_CONSISTENCY_CHECK };
    const stats = await deployment.stats();
    recorder.recordConsistencyErrors(findings.errorTimesMs ?? []);
    const snapshot = recorder.snapshot(config.durationMs);
    const faults = schedule.records();
    return {
      arch: design,
      model: loadModelOf(config),
      balancer: deployment.strategy,
      ...(deployment.proxy ? { proxy: deployment.proxy } : {}),
      servers: deployment.servers,
      ...(deployment.store === undefined ? {} : { store: deployment.store }),
      ...(deployment.storePollMs === undefined ? {} : { storePollMs: deployment.storePollMs }),
      ...snapshot,
      consistency: findings.consistency,
      ...(findings.latency ? extraLatency(snapshot, findings.latency) : {}),
      requests: { ...snapshot.requests, byBackend: stats.byBackend },
      rebinds: stats.rebinds,
      memoryMb,
      saturation: judgeSaturation(driverLoad, stats.saturation),
      logs: deployment.logs(),
      examples,
      ...(trace ? { trace } : {}),
      faults,
      notes: [...deployment.notes, ...deployment.notesOn(faults), ...execNotes(faults), ...lateNote(lateMs)],
    };
  } finally {
    scenarioRun?.close?.();
    await deployment.close();
  }
}

/** Waits until the wall clock reaches `atMs` (ms since the epoch); resolves with how late it is (0 when on time). */
async function sleepUntil(atMs: number, signal: AbortSignal): Promise<number> {
  const waitMs = atMs - Date.now();
  if (waitMs > 0) await createClock().sleep(waitMs, signal);
  signal.throwIfAborted();
  return Math.max(0, Date.now() - atMs);
}

/** A shard that began well after `--start-at` does not line up with the others: say so. */
function lateNote(lateMs: number): string[] {
  return lateMs > LATE_START_MS ? [`the load started ${(lateMs / 1000).toFixed(1)} s after --start-at: its timeline and fault windows are that much later than the other shards'`] : [];
}

/** Past this, a shard's late start shows in its second-by-second timeline. */
const LATE_START_MS = 1000;

