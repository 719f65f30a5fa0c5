import type { PlannedFault } from '../chaos/plan.js';
import type { RedisHandle } from '../fleet/redis.js';
import type { SqliteHandle } from '../fleet/sqlite.js';
import { armFaults } from './arm-faults.js';
import type { RunConfig } from '../config/types.js';
import { createClock } from '../driver/clock.js';
import { loadModelOf, runLoad } from '../driver/load-model.js';
import { judgeSaturation, sampleSaturation } from '../metrics/saturation.js';
import { sampleMemory, type MemoryFigures } from '../metrics/memory.js';
import { Recorder } from '../metrics/recorder.js';
import type { DesignName, DesignRun, FaultRecord, ProcessSaturation, SessionLossExample, UserTrace } from '../result.js';
import type { Scenario, ScenarioFindings } from '../scenarios/types.js';
import type { OnEvent } from './events.js';
import { deploy, type Deployment } from './deploy.js';
import { execNotes } from '../chaos/faults/exec.js';
import { phase } from './phase-log.js';

export { strategyFor } from './deploy.js';
import { withScope, type Scope } from './scope.js';
import type { Turn } from './turns.js';

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
  /** Its place among the run's designs (turns.ts): when it may start its load, and how it says its load ended. */
  readonly turn?: Pick<Turn, 'mayLoad' | 'loadEnded'>;
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

/**
 * One design's run, in three steps (docs/NOTES.md, "Scoped lifetimes"): deploy (the
 * fleet, then the balancer in front, each held by the scope), run (the load and the fault
 * schedule, recorded as one history), analyse (every figure, a pure function of that
 * history). Whatever happens, the scope stops what was started before this returns.
 * Between deploy and run, it waits for its turn: the design before it may still be
 * analysed and closing.
 */
export async function runDesign(context: DesignContext): Promise<DesignRun> {
  const { design } = context;
  phase(`${design}: deploy`);
  const run = await withScope(async (scope) => {
    scope.defer(() => phase(`${design}: closed`));
    const deployment = await deploy(scope, context);
    phase(`${design}: deployed`);
    await context.turn?.mayLoad;
    context.signal.throwIfAborted();
    phase(`${design}: its turn`);
    context.onEvent({ type: 'design-start', design, balancer: deployment.strategy, balancerUrl: deployment.origin });
    const load = await runAndRecord(scope, context, deployment);
    phase(`${design}: recorded`);
    const described = describeRun(context, deployment, load);
    phase(`${design}: analysed; closing`);
    return described;
  });
  return run;
}

/** What the load left: its history (in the recorder), and what only the run itself could see. */
interface Load {
  readonly recorder: Recorder;
  readonly findings: ScenarioFindings;
  readonly stats: Awaited<ReturnType<Deployment['stats']>>;
  /** How late the load started after `--start-at` (0 when on time, or without it). */
  readonly lateMs: number;
  readonly memoryMb: MemoryFigures;
  /** The driver's own event-loop delay and CPU during the load. */
  readonly driverLoad: ProcessSaturation;
  readonly examples: readonly SessionLossExample[];
  readonly trace: UserTrace | undefined;
  readonly faults: readonly FaultRecord[];
}

/**
 * The load and the fault schedule against a deployment, then the scenario's own checks:
 * all of it recorded into one history. The sampler, the schedule and the progress timer
 * live exactly as long as the load.
 */
async function runAndRecord(scope: Scope, context: DesignContext, deployment: Deployment): Promise<Load> {
  const { config, scenario, design, signal } = context;
  const scenarioRun = scope.use(
    scenario.prepare({ users: config.users, seed: config.seed, jointShare: config.jointShare, tabs: config.tabs, ...(config.shard ? { shard: config.shard } : {}) }),
    (prepared) => prepared.close?.(),
  );
  // Shards begin together: each waits for the shared start, so their clocks line up.
  const lateMs = config.startAtMs === undefined ? 0 : await sleepUntil(config.startAtMs, signal);
  const recorder = new Recorder({ model: loadModelOf(config) });
  const clock = createClock();
  let memoryMb: MemoryFigures = {};
  let driverLoad: ProcessSaturation | undefined;
  let faults: readonly FaultRecord[] = [];
  const { examples, trace } = await withScope(async (during) => {
    const schedule = during.use(
      armFaults({
        plan: context.plan,
        design,
        clock,
        recorder,
        context: deployment.faults,
        // A shard that does not fire the faults records their windows (docs/remote.md).
        ...(config.shard && config.shard.faultsFrom !== config.shard.index ? { recordOnly: { firedByShard: config.shard.faultsFrom } } : {}),
        onEvent: context.onEvent,
      }),
      async (armed) => {
        await armed.stop();
        faults = armed.records();
      },
    );
    const memory = sampleMemory(() => deployment.pids());
    during.defer(() => (memoryMb = memory.stop()));
    const saturation = sampleSaturation();
    during.defer(() => (driverLoad = saturation.stop()));
    const seen = { journeys: 0, lost: 0, failed: 0 };
    const progress = setInterval(() => context.onEvent({ type: 'progress', design, elapsedMs: clock.now(), ...seen, errors: recorder.requestErrors }), PROGRESS_EVERY_MS);
    during.defer(() => clearInterval(progress));
    phase(`${design}: load`);
    return runLoad(config, {
      scenario: scenarioRun,
      origin: deployment.origin,
      durationMs: config.durationMs,
      thinkMs: config.thinkMs,
      seed: config.seed,
      requestTimeoutMs: config.requestTimeoutMs,
      clock,
      recorder,
      signal,
      ...(deployment.sourceAddress ? { sourceAddress: deployment.sourceAddress } : {}),
      ...(config.trace ? { trace: config.trace } : {}),
      onJourney: (outcome) => {
        schedule.journeyCompleted();
        seen.journeys++;
        if (outcome.kind === 'lost') seen.lost++;
        if (outcome.kind === 'failed') seen.failed++;
      },
    });
  });
  phase(`${design}: load over`);
  context.turn?.loadEnded();
  signal.throwIfAborted();
  const findings: ScenarioFindings = scenarioRun.finish
    ? await scenarioRun.finish({ servers: await deployment.auditServers(), origin: deployment.origin, clock, timeoutMs: config.requestTimeoutMs, signal })
    : { consistency: NO_CONSISTENCY_CHECK };
  phase(`${design}: audited`);
  const stats = await deployment.stats();
  recorder.recordConsistencyErrors(findings.errorTimesMs ?? []);
  // The load's scope has closed: its closers set the sampled figures.
  return { recorder, findings, stats, lateMs, memoryMb, driverLoad: driverLoad!, examples, trace, faults };
}

/** The design's result: its history analysed, with what the deployment and the run saw. Pure. */
function describeRun(context: DesignContext, deployment: Deployment, load: Load): DesignRun {
  const { config, design } = context;
  const { findings, stats, faults, trace } = load;
  const snapshot = load.recorder.snapshot(config.durationMs);
  return {
    arch: design,
    model: loadModelOf(config),
    balancer: deployment.strategy,
    proxy: deployment.proxy,
    servers: deployment.servers,
    ...(deployment.store === undefined ? {} : { store: deployment.store }),
    ...(deployment.storePollMs === undefined ? {} : { storePollMs: deployment.storePollMs }),
    ...snapshot,
    consistency: findings.consistency,
    ...(findings.latency ? extraLatency(snapshot, findings.latency) : {}),
    requests: { ...snapshot.requests, byBackend: stats.byBackend },
    rebinds: stats.rebinds,
    memoryMb: load.memoryMb,
    saturation: judgeSaturation(load.driverLoad, stats.saturation),
    logs: deployment.logs(),
    examples: load.examples,
    ...(trace ? { trace } : {}),
    faults,
    notes: [...deployment.notes, ...deployment.notesOn(faults), ...execNotes(faults), ...lateNote(load.lateMs)],
  };
}

/** Waits until the wall clock reaches `atMs` (ms since the epoch); resolves with how late it is (0 when on time). */
async function sleepUntil(atMs: number, signal: AbortSignal): Promise<number> {
  const waitMs = atMs - Date.now();
  if (waitMs > 0) await createClock().sleep(waitMs, signal);
  signal.throwIfAborted();
  return Math.max(0, Date.now() - atMs);
}

/** Past this, a shard's late start shows in its second-by-second timeline. */
const LATE_START_MS = 1000;

/** A shard that began well after `--start-at` does not line up with the others: say so. */
function lateNote(lateMs: number): string[] {
  return lateMs > LATE_START_MS ? [`the load started ${(lateMs / 1000).toFixed(1)} s after --start-at: its timeline and fault windows are that much later than the other shards'`] : [];
}
