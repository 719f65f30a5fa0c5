import { randomBytes } from 'node:crypto';
import { storeOf } from '../designs/index.js';
import { Fleet } from '../fleet/fleet.js';
import { provideRedis, type RedisHandle } from '../fleet/redis.js';
import { provideSqlite, type SqliteHandle } from '../fleet/sqlite.js';
import type { TargetDefinition } from '../fleet/target.js';
import { probe } from './index.js';
import type { ConformanceCheck } from './types.js';

export interface CheckDesignOptions {
  /** The Redis for a design that needs one; absent: a private `redis-server` (see provideRedis). */
  readonly redisUrl?: string;
  /** Where the server's (and a private Redis's) log goes. */
  readonly logDir: string;
  readonly signal?: AbortSignal;
  /** Per request of the probe. @default 10000 */
  readonly timeoutMs?: number;
}

export interface DesignCheck {
  readonly label: string;
  readonly server: { readonly id: string; readonly url: string; readonly logFile: string };
  readonly checks: readonly ConformanceCheck[];
}

/**
 * Starts ONE server of `definition` (and its Redis when it needs one), probes it for
 * `scenario`'s protocol and stops everything, however it ended. A server that will not
 * start, or a Redis that is not there, rejects with an EnvironmentError; a server that
 * answers wrongly resolves with its failed checks (see `conformanceError`).
 */
export async function checkDesign(scenario: string, definition: TargetDefinition, options: CheckDesignOptions): Promise<DesignCheck> {
  const { logDir, signal } = options;
  let redis: RedisHandle | undefined;
  let sqlite: SqliteHandle | undefined;
  let fleet: Fleet | undefined;
  try {
    if (storeOf(definition).redis) redis = await provideRedis({ ...(options.redisUrl ? { url: options.redisUrl } : {}), logDir, ...(signal ? { signal } : {}) });
    if (storeOf(definition).sqlite) sqlite = await provideSqlite({ dir: logDir });
    fleet = await Fleet.start({
      definition,
      servers: 1,
      logDir,
      ...(redis ? { redisUrl: redis.url } : {}),
      ...(sqlite ? { storePath: sqlite.path } : {}),
      // Its own keys, so a probe never meets a run's data in a shared Redis.
      keyPrefix: `sb:check:${randomBytes(4).toString('hex')}:`,
      ...(signal ? { signal } : {}),
    });
    const server = fleet.servers[0]!;
    const checks = await probe(scenario, server.url, {
      serverId: server.id,
      healthPath: definition.healthPath,
      ...(options.timeoutMs === undefined ? {} : { timeoutMs: options.timeoutMs }),
      ...(signal ? { signal } : {}),
    });
    return { label: `${scenario}/${definition.name}`, server: { id: server.id, url: server.url, logFile: server.logFile }, checks };
  } finally {
    await fleet?.close();
    await redis?.close();
    await sqlite?.close();
  }
}
