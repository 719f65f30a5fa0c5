/**
 * Sessions in Redis, so any server of the fleet can serve any request and a crash loses
 * no cart. The `sid` cookie is a signed token naming the session; the session is one
 * hash `<prefix>pizza:session:<sid>` = {user, cart: JSON array of item names} with an
 * idle TTL. Every operation is one Lua script: atomic, and it restarts the TTL.
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { PizzaStore } from '../store.js';
import { sessionTokens } from './token.js';

export interface RedisStoreOptions {
  /** `redis://host:port`. */
  readonly url: string;
  /** Prefix of every key, so runs sharing one Redis do not collide. */
  readonly keyPrefix: string;
  /** HMAC secret of the session tokens; every server of a fleet must share it. */
  readonly secret: string;
  /** Idle lifetime of a session, restarted on every use. */
  readonly ttlSeconds: number;
  /** Receives one line per change of the connection (lost, back), never one per retry. */
  readonly log: (line: string) => void;
}

/** Redis could not be reached at start: an environment failure, not a bug. */
export class StoreUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnreachableError';
  }
}

const CREATE = `redis.call('HSET', KEYS[1], 'user', ARGV[1], 'cart', '[]')
redis.call('EXPIRE', KEYS[1], ARGV[2])`;
const READ = `local s = redis.call('HMGET', KEYS[1], 'user', 'cart')
if not s[1] then return false end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return s`;
const ADD = `local cart = redis.call('HGET', KEYS[1], 'cart')
if not cart then return false end
local items = cjson.decode(cart)
items[#items + 1] = ARGV[1]
cart = cjson.encode(items)
redis.call('HSET', KEYS[1], 'cart', cart)
redis.call('EXPIRE', KEYS[1], ARGV[2])
return cart`;
const TAKE = `local cart = redis.call('HGET', KEYS[1], 'cart')
if not cart then return false end
redis.call('HSET', KEYS[1], 'cart', '[]')
redis.call('EXPIRE', KEYS[1], ARGV[1])
return cart`;

/** Connects to Redis and returns a `PizzaStore` on it; throws `StoreUnreachableError`. */
export async function connectRedisStore({ url, keyPrefix, secret, ttlSeconds, log }: RedisStoreOptions): Promise<PizzaStore> {
  // Fail fast: during a store outage a request must fail quickly (the app answers 503),
  // never hang in a queue. Reconnection keeps going in the background, so service
  // resumes on its own.
  const redis = new Redis(url, {
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

  const tokens = sessionTokens(secret);
  const key = (sid: string): string => `${keyPrefix}pizza:session:${sid}`;
  const cart = (raw: unknown): string[] | undefined => (typeof raw === 'string' ? (JSON.parse(raw) as string[]) : undefined);
  return {
    createSession: async (user) => {
      const sid = randomBytes(16).toString('hex');
      await redis.eval(CREATE, 1, key(sid), user, ttlSeconds);
      return tokens.sign(sid, user);
    },
    identify: (token) => tokens.verify(token),
    load: async (sid) => {
      const found = (await redis.eval(READ, 1, key(sid), ttlSeconds)) as [string, string] | null;
      return found ? { user: found[0], cart: cart(found[1]) ?? [] } : undefined;
    },
    addItem: async (sid, item) => cart(await redis.eval(ADD, 1, key(sid), item, ttlSeconds)),
    checkout: async (sid) => cart(await redis.eval(TAKE, 1, key(sid), ttlSeconds)),
    close: async () => void (await redis.quit()),
  };
}
