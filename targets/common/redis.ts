/**
 * The Redis connection of a stateless target, tuned for a benchmark under chaos: a
 * request during a store outage must fail fast, never wait in a queue, and service must
 * resume on its own when the store is back. `storeErrorReply` says what failed.
 */
import { Redis, ReplyError } from 'ioredis';
import { json, type Reply } from './http.js';
import { StoreUnreachableError } from './stores.js';

/** ioredis's words for a command it refused to send: the store never saw it. */
const NOT_SENT = /Stream isn't writeable/;

/**
 * The answer to a request whose store command failed, told apart as a client must:
 * - `503 store unavailable`: the command never reached the store (no connection), or
 *   the store refused it: nothing was applied, so trying again is safe;
 * - `504 store did not answer in time`: the command was sent and no answer came (a
 *   timeout, the connection lost under it). A paused store runs it when it resumes, so
 *   the outcome is unknown, as for a gateway's 504; the driver counts it indeterminate.
 */
export function storeErrorReply(error: unknown): Reply {
  if (error instanceof ReplyError || (error instanceof Error && NOT_SENT.test(error.message))) {
    return json(503, { error: 'store unavailable' });
  }
  return json(504, { error: 'store did not answer in time' });
}

export { StoreUnreachableError };

export interface RedisConnectOptions {
  /** `redis://host:port`. */
  readonly url: string;
  /** Receives one line per change of the connection (lost, back), never one per retry. */
  readonly log: (line: string) => void;
  /**
   * Send the commands issued in one turn of the event loop in one write (ioredis's
   * auto-pipelining), for a server with thousands of clients: a write is a system call,
   * and a busy server issues hundreds of commands a turn. @default false
   */
  readonly autoPipelining?: boolean;
}

/** Connects to Redis; throws `StoreUnreachableError` when it cannot be reached. */
export async function connectRedis({ url, log, autoPipelining = false }: RedisConnectOptions): Promise<Redis> {
  const redis = new Redis(url, {
    enableAutoPipelining: autoPipelining,
    lazyConnect: true,
    connectTimeout: 1_000,
    commandTimeout: 2_000,
    maxRetriesPerRequest: 1,
    enableOfflineQueue: false,
    retryStrategy: (times) => Math.min(times * 100, 1_000),
  });
  // Report transitions only: a long outage must not flood the log with retries.
  let state: 'starting' | 'up' | 'down' = 'starting';
  let lastError = ''; // connect() only says "Connection is closed"; the event says why
  redis.on('error', (error: Error) => {
    lastError = error.message;
    if (state !== 'up') return;
    state = 'down';
    log(`store error: ${error.message}`);
  });
  redis.on('ready', () => {
    if (state === 'down') log('store reconnected');
    state = 'up';
  });
  try {
    await redis.connect();
  } catch (error) {
    redis.disconnect();
    const where = url.replace(/\/\/([^@/]*):[^@/]*@/, '//$1:***@'); // never print a password
    throw new StoreUnreachableError(`cannot reach Redis at ${where}: ${lastError || (error as Error).message}`);
  }
  return redis;
}
