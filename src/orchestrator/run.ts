import { randomBytes } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { RunConfig } from '../config/types.js';
import { InternalError } from '../errors.js';
import { provideRedis, type RedisHandle } from '../fleet/redis.js';
import { REPORT_SCHEMA, type DesignRun, type RunResult } from '../result.js';
import { SCENARIOS } from '../scenarios/index.js';
import { checkCommands } from '../designs/command.js';
import { storeOf } from '../designs/index.js';
import type { OnEvent } from './events.js';
import { runDesign } from './run-design.js';
import { planFaults } from '../chaos/plan.js';
import { plannedRecord } from '../chaos/scheduler.js';

export interface RunOptions {
  /** Aborting stops the load at once and tears everything down; `run` then rejects. */
  readonly signal?: AbortSignal;
  readonly onEvent?: OnEvent;
  /** When the run started; injected so a test can fix the report's file name. */
  readonly now?: () => Date;
}

/**
 * Runs every design of the config one after the other, with the same seed and the same
 * fault schedule, and returns the plain-JSON result. It never prints and never exits:
 * the caller renders and decides.
 */
export async function run(config: RunConfig, options: RunOptions = {}): Promise<RunResult> {
  const scenario = SCENARIOS[config.scenario];
  if (!scenario) throw new InternalError(`unknown scenario ${config.scenario}`);
  checkCommands(config.designs.flatMap((name) => config.targets[name] ?? []));
  const signal = options.signal ?? new AbortController().signal;
  // Every sleeping user listens for the abort: one listener per user is expected.
  setMaxListeners(0, signal);
  const onEvent = options.onEvent ?? (() => {});
  const startedAt = (options.now ?? (() => new Date()))().toISOString();
  const logDir = resolve(config.outDir, 'logs', `${startedAt.replace(/[:.]/g, '-')}-${config.scenario}`);
  mkdirSync(logDir, { recursive: true });
  const runId = randomBytes(4).toString('hex');

  let redis: RedisHandle | undefined;
  try {
    if (config.designs.some((name) => storeOf(config.targets[name] ?? { store: 'none' }).redis)) {
      redis = await provideRedis({ ...(config.redisUrl ? { url: config.redisUrl } : {}), logDir, signal });
      onEvent({ type: 'redis', url: redis.url, owned: redis.owned });
    }
    // One plan, drawn from the seed, for every design: the same faults at the same times.
    const plan = planFaults(config.faults, { seed: config.seed, durationMs: config.durationMs, servers: config.servers });
    const runs: DesignRun[] = [];
    const rounds = Array.from({ length: config.repeat }, (_, index) => index + 1);
    for (const [repeat, design] of rounds.flatMap((round) => config.designs.map((name) => [round, name] as const))) {
      signal.throwIfAborted();
      const measured = await runDesign({
        config,
        scenario,
        design,
        logDir: config.repeat > 1 ? join(logDir, `repeat-${repeat}`) : logDir,
        ...(redis ? { redis } : {}),
        plan,
        keyPrefix: `sb:${runId}:${design}:${repeat}:`,
        signal,
        onEvent,
      });
      const designRun = config.repeat > 1 ? { ...measured, repeat } : measured;
      onEvent({ type: 'design-end', design, run: designRun });
      runs.push(designRun);
    }
    return {
      schema: REPORT_SCHEMA,
      scenario: config.scenario,
      seed: config.seed,
      durationMs: config.durationMs,
      users: config.users,
      startedAt,
      faults: plan.map(plannedRecord),
      runs,
    };
  } finally {
    await redis?.close();
  }
}
