/**
 * Whole session values in Redis, for the naive session store: one string key per
 * session, `<prefix>pizza:naive:<sid>` = JSON {user, cart}, read with GET and written
 * with SET … EX. Each is atomic alone; nothing makes a read and the write after it one
 * step, which is the naive store's flaw (session-store.ts).
 */
import type { Redis } from 'ioredis';
import type { PizzaSession } from '../store.js';
import type { SessionValues } from './session-store.js';

export interface RedisValuesOptions {
  /** A connected client; the values own it and quit it on `close()`. */
  readonly redis: Redis;
  /** Prefix of every key, so runs sharing one Redis do not collide. */
  readonly keyPrefix: string;
  /** Idle lifetime of a session, restarted on every write. */
  readonly ttlSeconds: number;
}

export function redisSessionValues({ redis, keyPrefix, ttlSeconds }: RedisValuesOptions): SessionValues {
  const key = (sid: string): string => `${keyPrefix}pizza:naive:${sid}`;
  return {
    read: async (sid) => {
      const raw = await redis.get(key(sid));
      return raw === null ? undefined : (JSON.parse(raw) as PizzaSession);
    },
    write: async (sid, session) => void (await redis.set(key(sid), JSON.stringify(session), 'EX', ttlSeconds)),
    close: async () => void (await redis.quit()),
  };
}
