/**
 * The entry of an atm server whose balances live in Redis. The stateless designs differ
 * only in how their store updates a balance, so each server file is this function called
 * with its store.
 */
import type { Redis } from 'ioredis';
import { parseArgsOrExit } from '../shared/args.js';
import { EXIT_ENVIRONMENT, serve, watchParent } from '../shared/lifecycle.js';
import { connectRedis, StoreUnreachableError, storeErrorReply } from '../shared/redis.js';
import { createAtmApp, type AtmArch } from './app.js';
import type { AtmStore } from './store.js';

export interface RedisAtmServerOptions {
  /** Reported by `/healthz`. */
  readonly arch: Exclude<AtmArch, 'stateful'>;
  /** Builds the store on a connected client, which the store then owns. */
  readonly createStore: (options: { readonly redis: Redis; readonly keyPrefix: string }) => AtmStore;
}

/**
 * Parses the flags, connects to Redis and serves until told to stop. Redis unreachable
 * at start is one stderr line and exit 3; bad flags exit 2.
 */
export async function serveAtmOnRedis({ arch, createStore }: RedisAtmServerOptions): Promise<void> {
  watchParent();
  const args = parseArgsOrExit({ requireRedis: true, requireSecret: false });
  const log = (line: string): void => void process.stderr.write(`${args.id}: ${line}\n`);

  let redis: Redis;
  try {
    redis = await connectRedis({ url: args.redisUrl ?? '', log });
  } catch (error) {
    if (!(error instanceof StoreUnreachableError)) throw error;
    log(error.message);
    process.exit(EXIT_ENVIRONMENT);
  }

  const store = createStore({ redis, keyPrefix: args.keyPrefix });
  const server = createAtmApp({
    id: args.id,
    arch,
    store,
    // Anything unexpected here is the store failing: refused (503) or unanswered (504).
    onError: storeErrorReply,
  });
  serve({ server, id: args.id, host: args.host, port: args.port, onClose: () => store.close() });
}
