/**
 * Presence and routing through Redis. `<prefix>chat:presence:<user>` names the server
 * holding the user's socket; it lives 3 s and each server refreshes its users' every
 * second, so a crashed server's users fall offline on their own. A frame for a user
 * held elsewhere is published on `<prefix>chat:to:<server>`, the channel only that
 * server subscribes to. Pub/sub is fire-and-forget: a frame lost on the way (the
 * user moved, a server died) is still in the log, which the client reads on reconnect.
 */
import type { Redis } from 'ioredis';
import type { ServerFrame } from '../protocol.js';
import type { LocalSockets } from '../sockets.js';
import type { ChatBus } from '../store.js';

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

// KEYS[1] presence; ARGV[1] this server, ARGV[2] ttl. A user whose newer socket is on
// another server stays there; an expired key (a store hiccup) is taken back.
const REFRESH = `local owner = redis.call('GET', KEYS[1])
if not owner or owner == ARGV[1] then redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]) end
return 0`;

// KEYS[1] presence; ARGV[1] this server. Only the server named may withdraw it.
const LEAVE = `if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('DEL', KEYS[1]) end
return 0`;

// KEYS[1] presence; ARGV[1] this server, ARGV[2] channel prefix, ARGV[3] payload.
// Reading the owner and publishing in one script: one round trip, no window between.
const ROUTE = `local owner = redis.call('GET', KEYS[1])
if owner and owner ~= ARGV[1] then redis.call('PUBLISH', ARGV[2] .. owner, ARGV[3]) end
return 0`;

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
    const users = [...sockets.users()];
    if (users.length === 0) return;
    const batch = redis.pipeline();
    for (const user of users) batch.eval(REFRESH, 1, presenceKey(user), serverId, presenceTtlMs);
    // A failed beat is retried by the next one; until then the TTL covers the gap.
    batch.exec().catch(() => undefined);
  }, heartbeatMs);

  return {
    join: async (user) => void (await redis.set(presenceKey(user), serverId, 'PX', presenceTtlMs)),
    leave: async (user) => void (await redis.eval(LEAVE, 1, presenceKey(user), serverId)),
    online: async (user) => (await redis.exists(presenceKey(user))) === 1,
    deliver: async (to, frame) => {
      // Local sockets first, whatever presence says: a user may also be held here while
      // a newer socket of theirs, elsewhere, owns the presence key.
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
