import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../config/types.js';
import { InternalError } from '../errors.js';
import { provideRedis, type RedisHandle } from '../fleet/redis.js';
import { checkOpenFiles, openFilesDemand } from '../fleet/open-files.js';
import { provideSqlite } from '../fleet/sqlite.js';
import { settleStores } from '../fleet/store-choice.js';
import { REPORT_SCHEMA, type RunResult } from '../result.js';
import { SCENARIOS } from '../scenarios/index.js';
import { checkCommands } from '../designs/command.js';
import { findBinary } from '../proxy/index.js';
import { storeOf } from '../designs/index.js';
import type { OnEvent } from './events.js';
import { runDesign } from './run-design.js';
import { withScope } from './scope.js';
import { inTurns } from './turns.js';
import { planFaults } from '../chaos/plan.js';
import { plannedRecord } from '../chaos/scheduler.js';
import { loadExeca } from '../chaos/faults/exec.js';
import { phase } from './phase-log.js';

export interface RunOptions {
  /** Aborting stops the load at once and tears everything down; `run` then rejects. */
  readonly signal?: AbortSignal;
  readonly onEvent?: OnEvent;
  /** When the run started; injected so a test can fix the report's file name. */
  readonly now?: () => Date;
  /** Where `--store auto` looks for `redis-server` (PATH). @default process.env */
  readonly env?: NodeJS.ProcessEnv;
}

/**
 * The config with `--store` settled (`auto` decided) and every design on its store. Run
 * once before a series of runs (the matrix), so `auto` decides, and says so, once.
 */
export async function settleRunStore(config: RunConfig, options: Pick<RunOptions, 'env' | 'onEvent'> = {}): Promise<RunConfig> {
  const settled = await settleStores(config.store, config.targets, { ...(config.redisUrl ? { redisUrl: config.redisUrl } : {}), ...(options.env ? { env: options.env } : {}) });
  if (settled.note) options.onEvent?.({ type: 'store', store: settled.store, note: settled.note });
  return { ...config, store: settled.store, targets: settled.designs };
}

/**
 * Runs every design of the config one after the other, with the same seed and the same
 * fault schedule, and returns the plain-JSON result. It never prints and never exits:
 * the caller renders and decides.
 */
export async function run(given: RunConfig, options: RunOptions = {}): Promise<RunResult> {
  const scenario = SCENARIOS[given.scenario];
  if (!scenario) throw new InternalError(`unknown scenario ${given.scenario}`);
  checkCommands(given.designs.flatMap((name) => given.targets[name] ?? []));
  checkOpenFiles(openFilesDemand(given), given.users);
  // A missing proxy binary is an exit 3 before any fleet starts.
  if (given.proxy !== 'builtin') findBinary(given.proxy);
  const signal = options.signal ?? new AbortController().signal;
  // Every sleeping user listens for the abort: one listener per user is expected.
  setMaxListeners(0, signal);
  const onEvent = options.onEvent ?? (() => {});
  phase('run');
  const config = await settleRunStore(given, { ...options, onEvent });
  // With --start-at, the report is dated by the shared start, so shards align on it.
  const startedAt = config.startAtMs === undefined ? (options.now ?? (() => new Date()))().toISOString() : new Date(config.startAtMs).toISOString();
  const logDir = resolve(config.outDir, 'logs', `${startedAt.replace(/[:.]/g, '-')}-${config.scenario}`);
  mkdirSync(logDir, { recursive: true });
  const runId = randomBytes(4).toString('hex');

  // The run's Redis lives as long as the run; each design's SQLite file, as long as its design.
  return withScope(async (scope) => {
    // Redis starts while the first fleet does; no load starts before it is ready (`first`).
    const redisReady: Promise<RedisHandle | undefined> = config.designs.some((name) => storeOf(config.targets[name] ?? { store: 'none' }).redis)
      ? provideRedis({ ...(config.redisUrl ? { url: config.redisUrl } : {}), logDir, signal })
      : Promise.resolve(undefined);
    scope.defer(async () => (await redisReady.catch(() => undefined))?.close());
    const first = redisReady.then((redis) => {
      if (redis) onEvent({ type: 'redis', url: redis.url, owned: redis.owned });
      phase('redis ready');
    });
    // One plan, drawn from the seed, for every design: the same faults at the same times.
    const plan = planFaults(config.faults, { seed: config.seed, durationMs: config.durationMs, servers: config.servers });
    // A lock holder waits ready beside each SQLite fleet, so a store-pause acts when it fires.
    const pausesStore = plan.some((fault) => fault.kind === 'store-pause');
    if (plan.some((fault) => fault.kind === 'exec')) await loadExeca();
    const rounds = Array.from({ length: config.repeat }, (_, index) => index + 1);
    const steps = rounds.flatMap((round) => config.designs.map((name) => [round, name] as const));
    const runs = await inTurns(
      steps.length,
      { first, signal },
      (index, turn) => {
        const [repeat, design] = steps[index]!;
        const designLogDir = config.repeat > 1 ? join(logDir, `repeat-${repeat}`) : logDir;
        return withScope(async (designScope) => {
          turn.signal.throwIfAborted();
          // Each fleet its own file, in its log folder: SQLite has no key prefixes to share one.
          const sqlite = config.targets[design] && storeOf(config.targets[design]).sqlite
            ? designScope.use(await provideSqlite({ dir: join(designLogDir, design), standby: pausesStore }), (provided) => provided.close())
            : undefined;
          // A design on Redis deploys once Redis is up (the others need not wait for it).
          const store = config.targets[design] && storeOf(config.targets[design]).redis ? await redisReady : undefined;
          const measured = await runDesign({
            config,
            scenario,
            design,
            logDir: designLogDir,
            ...(store ? { redis: store } : {}),
            ...(sqlite ? { sqlite } : {}),
            plan,
            keyPrefix: `sb:${runId}:${design}:${repeat}:`,
            signal: turn.signal,
            onEvent,
            turn,
          });
          return config.repeat > 1 ? { ...measured, repeat } : measured;
        });
      },
      (designRun) => onEvent({ type: 'design-end', design: designRun.arch, run: designRun }),
    );
    return {
      schema: REPORT_SCHEMA,
      scenario: config.scenario,
      seed: config.seed,
      durationMs: config.durationMs,
      users: config.users,
      ...(config.tabs > 1 ? { tabs: config.tabs } : {}),
      startedAt,
      faults: plan.map(plannedRecord),
      runs,
      ...(config.shard ? { shard: { index: config.shard.index, count: config.shard.count, faultsFrom: config.shard.faultsFrom } } : {}),
    };
  });
}
