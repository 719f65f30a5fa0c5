import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import type { FleetConfig } from '../config/types.js';
import { DEFAULTS } from '../config/defaults.js';
import { InternalError } from '../errors.js';
import { Fleet } from '../fleet/fleet.js';
import { findBinary, startProxy } from '../proxy/index.js';
import { provideRedis, type RedisHandle } from '../fleet/redis.js';
import { provideSqlite, type SqliteHandle } from '../fleet/sqlite.js';
import { settleStores } from '../fleet/store-choice.js';
import { SCENARIOS } from '../scenarios/index.js';
import { checkCommands } from '../designs/command.js';
import { storeOf } from '../designs/index.js';
import { strategyFor } from './deploy.js';
import { Scope } from './scope.js';

/** A fleet and its balancer, up and without load, for curl or another load tool. */
export interface StandaloneFleet {
  readonly balancer: { readonly strategy: string; readonly url: string };
  /** Each server, with its pid (for an `exec:kill` fault of a run that drives this fleet with `--url`). */
  readonly servers: readonly { readonly id: string; readonly url: string; readonly pid?: number; readonly logFile: string }[];
  readonly redisUrl?: string;
  /** Where the fleet keeps its state: `redis`, `sqlite` or `none`. */
  readonly store: string;
  /** The SQLite file the servers share (`store: sqlite`). */
  readonly storePath?: string;
  /** Said once when `--store auto` fell back to SQLite. */
  readonly note?: string;
  readonly logDir: string;
  close(): Promise<void>;
}

export async function startStandaloneFleet(config: FleetConfig, signal?: AbortSignal): Promise<StandaloneFleet> {
  const scenario = SCENARIOS[config.scenario];
  const settled = await settleStores(config.store, { [config.design]: config.target }, config.redisUrl ? { redisUrl: config.redisUrl } : {});
  const definition = settled.designs[config.design]!;
  if (!scenario) throw new InternalError(`no scenario ${config.scenario}`);
  checkCommands([definition]);
  if (config.proxy !== 'builtin') findBinary(config.proxy);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const logDir = resolve(DEFAULTS.outDir, 'logs', `${stamp}-${config.scenario}-fleet`);
  // Everything started is held until the caller's close(), or stopped at once on a failure.
  const scope = new Scope();
  try {
    let redis: RedisHandle | undefined;
    if (storeOf(definition).redis) {
      redis = await provideRedis({ ...(config.redisUrl ? { url: config.redisUrl } : {}), logDir, ...(signal ? { signal } : {}) });
      scope.defer(() => redis!.close());
    }
    let sqlite: SqliteHandle | undefined;
    if (storeOf(definition).sqlite) {
      sqlite = await provideSqlite({ dir: logDir });
      scope.defer(() => sqlite!.close());
    }
    const fleet = await Fleet.start({
      definition,
      servers: config.servers,
      logDir,
      ...(redis ? { redisUrl: redis.url } : {}),
      ...(sqlite ? { storePath: sqlite.path } : {}),
      keyPrefix: `sb:${randomBytes(4).toString('hex')}:`,
      ...(signal ? { signal } : {}),
    });
    scope.defer(() => fleet.close());
    const strategy = strategyFor(scenario, definition, config.balancer);
    const balancer = await startProxy({
      proxy: config.proxy,
      strategy,
      seed: config.seed,
      port: config.port,
      backends: fleet.servers.map((server) => ({ id: server.id, url: server.url })),
      healthPath: definition.healthPath,
      dir: logDir,
      ...(signal ? { signal } : {}),
    });
    scope.defer(() => balancer.close());
    return {
      balancer: { strategy, url: balancer.url },
      servers: fleet.servers.map((server) => ({ id: server.id, url: server.url, ...(server.pid === undefined ? {} : { pid: server.pid }), logFile: server.logFile })),
      ...(redis ? { redisUrl: redis.url } : {}),
      store: definition.store,
      ...(sqlite ? { storePath: sqlite.path } : {}),
      ...(settled.note ? { note: settled.note } : {}),
      logDir,
      close: () => scope.close(),
    };
  } catch (error) {
    await scope.close().catch(() => {});
    throw error;
  }
}
