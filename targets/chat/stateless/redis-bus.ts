/**
 * Presence and routing through Redis. `<prefix>chat:presence:<user>` is a hash naming
 * every server holding a socket of the user, each with the time (Redis's clock, ms) its
 * claim lapses: 3 s after the server last refreshed it, which it does for its users every
 * second, so a crashed server's users fall offline on their own. A frame for a user held
 * elsewhere is published on `<prefix>chat:to:<server>` of each server with a live claim.
 *
 * One claim per server, not one owner per user: a reconnect races the close of the old
 * socket (and, under load, a handshake the client gave up on lands after the one it
 * kept). With a single owner, the late socket took the key and its close deleted it,
 * leaving the user's live socket unreachable until the next heartbeat; with a claim per
 * server, a socket coming or going touches only its own server's claim.
 *
 * Pub/sub is fire-and-forget: a frame lost on the way (the user moved, a server died) is
 * still in the log, which the client reads on reconnect.
 */
import type { Redis } from 'ioredis';
import type { ServerFrame } from '../protocol.js';
import type { LocalSockets } from '../sockets.js';
import type { ChatBus } from '../store.js';
import { presenceJoinLeave } from './presence-claims.js';

export interface RedisBusOptions {
  /** For commands; lent by the store, never closed here. */
  readonly redis: Redis;
  /** A second connection, owned by the bus: a subscribed connection can do nothing else. */
  readonly subscriber: Redis;
  readonly keyPrefix: string;
  readonly serverId: string;
  readonly sockets: LocalSockets;
  /** @default 3000 */
  readonly presenceTtlMs?: number;
  /** @default 1000 */
  readonly heartbeatMs?: number;
}

/** A frame on a server's channel: who it is for, and what. */
interface Routed {
  readonly to: string;
  readonly frame: ServerFrame;
}

// Redis's own clock, in ms, so every server's claims are judged by one clock.
const NOW = `local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)`;

// KEYS presence of one user or more; ARGV[1] this server, ARGV[2] ttl. Claims (or
// renews) this server's hold on each user; a key outlives every claim in it.
const CLAIM = `${NOW}
for i = 1, #KEYS do
  redis.call('HSET', KEYS[i], ARGV[1], now + tonumber(ARGV[2]))
  redis.call('PEXPIRE', KEYS[i], ARGV[2])
end
return 0`;

/** Users one heartbeat script renews: one script per thousand users, not one per user. */
const HEARTBEAT_BATCH = 1000;

// KEYS[1] presence; ARGV[1] this server. Withdraws this server's claim only.
const WITHDRAW = `redis.call('HDEL', KEYS[1], ARGV[1])
return 0`;

// KEYS[1] presence. 1 when some server's claim is live.
const ONLINE = `${NOW}
local claims = redis.call('HGETALL', KEYS[1])
for i = 1, #claims, 2 do
  if tonumber(claims[i + 1]) > now then return 1 end
end
return 0`;

// KEYS[1] presence; ARGV[1] this server, ARGV[2] channel prefix, ARGV[3] payload.
// Publishes to every other server with a live claim, and drops lapsed claims (a crashed
// server's). Reading the claims and publishing in one script: no window between.
const ROUTE = `${NOW}
local claims = redis.call('HGETALL', KEYS[1])
local sent = 0
for i = 1, #claims, 2 do
  local server = claims[i]
  if tonumber(claims[i + 1]) <= now then
    redis.call('HDEL', KEYS[1], server)
  elseif server ~= ARGV[1] then
    redis.call('PUBLISH', ARGV[2] .. server, ARGV[3])
    sent = sent + 1
  end
end
return sent`;

/** Subscribes to this server's channel and starts the presence heartbeat. */
export async function createRedisBus(options: RedisBusOptions): Promise<ChatBus> {
  const { redis, subscriber, keyPrefix, serverId, sockets, presenceTtlMs = 3_000, heartbeatMs = 1_000 } = options;
  const presenceKey = (user: string): string => `${keyPrefix}chat:presence:${user}`;
  const channelPrefix = `${keyPrefix}chat:to:`;

  subscriber.on('message', (_channel: string, text: string) => {
    try {
      const { to, frame } = JSON.parse(text) as Routed;
      sockets.deliver(to, frame);
    } catch {
      // Not ours to answer: a malformed payload has no sender waiting on it.
    }
  });
  await subscriber.subscribe(`${channelPrefix}${serverId}`);

  const heartbeat = setInterval(() => {
    const keys = Array.from(sockets.users(), presenceKey);
    for (let from = 0; from < keys.length; from += HEARTBEAT_BATCH) {
      const batch = keys.slice(from, from + HEARTBEAT_BATCH);
      // A failed beat is retried by the next one; until then the TTL covers the gap.
      redis.eval(CLAIM, batch.length, ...batch, serverId, presenceTtlMs).catch(() => undefined);
    }
  }, heartbeatMs);

  return {
    ...presenceJoinLeave({
      sockets,
      claim: async (user) => void (await redis.eval(CLAIM, 1, presenceKey(user), serverId, presenceTtlMs)),
      withdraw: async (user) => void (await redis.eval(WITHDRAW, 1, presenceKey(user), serverId)),
    }),
    online: async (user) => (await redis.eval(ONLINE, 1, presenceKey(user))) === 1,
    deliver: async (to, frame) => {
      // Local sockets first: this server's own claim is not published to.
      sockets.deliver(to, frame);
      const payload: Routed = { to, frame };
      await redis.eval(ROUTE, 1, presenceKey(to), serverId, channelPrefix, JSON.stringify(payload));
    },
    close: async () => {
      clearInterval(heartbeat);
      await subscriber.quit();
    },
  };
}
