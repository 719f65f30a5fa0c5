/**
 * Logs and unread counts in Redis, so any server can answer for any user and a crash
 * loses nothing acknowledged. Per user: `<prefix>chat:log:<user>` is a list of message
 * JSON, oldest first; `<prefix>chat:ids:<user>` a hash from message id to its 1-based
 * position in that list (the de-dup check and the `after`/`upTo` lookup in one);
 * `<prefix>chat:unread:<user>` the count. Each change is one Lua script, so a message
 * is never stored without being counted, and a re-send can never slip in twice.
 */
import type { Redis } from 'ioredis';
import type { ChatMessage } from '../protocol.js';
import type { ChatStore } from '../store.js';

export interface RedisStoreOptions {
  /** A connected client; the store owns it and quits it on `close()`. */
  readonly redis: Redis;
  /** Prefix of every key, so runs sharing one Redis do not collide. */
  readonly keyPrefix: string;
  /** How long a typing mark lives. @default 3000 */
  readonly typingTtlMs?: number;
}

// KEYS log, ids, unread; ARGV[1] id, ARGV[2] message JSON without its seq (an object).
// Returns the seq the message got (its 1-based position), or 0 for a re-send.
const APPEND = `if redis.call('HEXISTS', KEYS[2], ARGV[1]) == 1 then return 0 end
local position = redis.call('LLEN', KEYS[1]) + 1
redis.call('RPUSH', KEYS[1], string.sub(ARGV[2], 1, -2) .. ',"seq":' .. position .. '}')
redis.call('HSET', KEYS[2], ARGV[1], position)
redis.call('INCR', KEYS[3])
return position`;

// KEYS log, ids, unread; ARGV[1] upTo. An unknown id leaves the count alone.
const READ = `local position = redis.call('HGET', KEYS[2], ARGV[1])
if position then redis.call('SET', KEYS[3], redis.call('LLEN', KEYS[1]) - tonumber(position)) end
return 0`;

// KEYS log, ids; ARGV[1] after ('' for none). LRANGE is 0-based, so the 1-based
// position of \`after\` is the index of the first message after it.
const AFTER = `local position = 0
if ARGV[1] ~= '' then position = tonumber(redis.call('HGET', KEYS[2], ARGV[1])) or 0 end
return redis.call('LRANGE', KEYS[1], position, -1)`;

/** A `ChatStore` on Redis; every change is atomic and a message id is stored once per recipient. */
export function createRedisStore({ redis, keyPrefix, typingTtlMs = 3_000 }: RedisStoreOptions): ChatStore {
  const keys = (user: string): [string, string, string] => [
    `${keyPrefix}chat:log:${user}`,
    `${keyPrefix}chat:ids:${user}`,
    `${keyPrefix}chat:unread:${user}`,
  ];
  return {
    append: async (message) => {
      const seq = Number(await redis.eval(APPEND, 3, ...keys(message.to), message.id, JSON.stringify(message)));
      return seq === 0 ? undefined : { ...message, seq };
    },
    read: async (user, upTo) => void (await redis.eval(READ, 3, ...keys(user), upTo)),
    unread: async (user) => Number((await redis.get(`${keyPrefix}chat:unread:${user}`)) ?? 0),
    messages: async (user, after) => {
      const [log, ids] = keys(user);
      const found = (await redis.eval(AFTER, 2, log, ids, after ?? '')) as string[];
      return found.map((text) => JSON.parse(text) as ChatMessage);
    },
    // User names have no ':', so `<to>:<from>` cannot be read two ways.
    typing: async (from, to) => void (await redis.set(`${keyPrefix}chat:typing:${to}:${from}`, '1', 'PX', typingTtlMs)),
    close: async () => void (await redis.quit()),
  };
}
