/**
 * Sessions in Redis, so any server of the fleet can serve any request and a crash loses
 * no cart. The `sid` cookie is a signed token naming the session; the session is one
 * hash `<prefix>pizza:session:<sid>` = {user, cart: JSON array of item names} with an
 * idle TTL. Every operation is one Lua script: atomic, and it restarts the TTL.
 */
import { randomBytes } from 'node:crypto';
import type { Redis } from 'ioredis';
import type { PizzaStore } from '../store.js';
import { sessionTokens } from './token.js';

export interface RedisStoreOptions {
  /** A connected client; the store owns it and quits it on `close()`. */
  readonly redis: Redis;
  /** Prefix of every key, so runs sharing one Redis do not collide. */
  readonly keyPrefix: string;
  /** HMAC secret of the session tokens; every server of a fleet must share it. */
  readonly secret: string;
  /** Idle lifetime of a session, restarted on every use. */
  readonly ttlSeconds: number;
  /** Absolute lifetime of a session token, from login. */
  readonly tokenTtlSeconds: number;
}

const CREATE = `redis.call('HSET', KEYS[1], 'user', ARGV[1], 'cart', '[]')
redis.call('EXPIRE', KEYS[1], ARGV[2])`;
const READ = `local s = redis.call('HMGET', KEYS[1], 'user', 'cart')
if not s[1] then return false end
redis.call('EXPIRE', KEYS[1], ARGV[1])
return s`;
// ARGV[1] item, ARGV[2] ttl, ARGV[3] most items. A full cart answers 0 and is left alone.
const ADD = `local cart = redis.call('HGET', KEYS[1], 'cart')
if not cart then return false end
local items = cjson.decode(cart)
redis.call('EXPIRE', KEYS[1], ARGV[2])
if #items >= tonumber(ARGV[3]) then return 0 end
items[#items + 1] = ARGV[1]
cart = cjson.encode(items)
redis.call('HSET', KEYS[1], 'cart', cart)
return cart`;
const TAKE = `local cart = redis.call('HGET', KEYS[1], 'cart')
if not cart then return false end
redis.call('HSET', KEYS[1], 'cart', '[]')
redis.call('EXPIRE', KEYS[1], ARGV[1])
return cart`;

/** A `PizzaStore` on a connected Redis client. */
export function createRedisStore(options: RedisStoreOptions): PizzaStore {
  const { redis, keyPrefix, secret, ttlSeconds, tokenTtlSeconds } = options;
  const tokens = sessionTokens({ secret, lifetimeSeconds: tokenTtlSeconds });
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
    addItem: async (sid, item, maxItems) => {
      const added = await redis.eval(ADD, 1, key(sid), item, ttlSeconds, maxItems);
      return added === 0 ? 'full' : cart(added);
    },
    checkout: async (sid) => cart(await redis.eval(TAKE, 1, key(sid), ttlSeconds)),
    close: async () => void (await redis.quit()),
  };
}
