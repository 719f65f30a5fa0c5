/**
 * The stores chat's stateless design runs on, by `--store` (docs/stores.md): each gives a
 * `ChatStore` for logs and counts and a `ChatBus` for presence and delivery between
 * servers. A third store is one more file with both, and one more entry here.
 */
import { StoreUnreachableError, type StoreRegistry } from '../../common/stores.js';
import type { LocalSockets } from '../sockets.js';
import type { ChatBus, ChatStore } from '../store.js';

/** A stateless chat server's state: the logs, and the way to the other servers. */
export interface ChatBackend {
  readonly store: ChatStore;
  readonly bus: ChatBus;
}

/**
 * The stores, for a server holding `sockets`. Each loads its client only when picked:
 * ioredis and better-sqlite3 together are half a second of CPU at start-up, paid by
 * every server of a fleet.
 */
export function chatStores(sockets: LocalSockets): StoreRegistry<ChatBackend> {
  return {
    redis: async ({ redisUrl = '', keyPrefix, id }, log) => {
      const [{ connectRedis, storeErrorReply }, { createRedisBus }, { createRedisStore }] = await Promise.all([
        import('../../common/redis.js'),
        import('./redis-bus.js'),
        import('./redis-store.js'),
      ]);
      // Two connections: once subscribed, a Redis connection can run no other command.
      // Auto-pipelined: thousands of sockets each make commands, a write apiece otherwise.
      const redis = await connectRedis({ url: redisUrl, log, autoPipelining: true });
      const subscriber = await connectRedis({ url: redisUrl, log: (line) => log(`subscriber ${line}`) });
      // Redis gone between connecting and subscribing is the same failure as never reaching it.
      const bus = await createRedisBus({ redis, subscriber, keyPrefix, serverId: id, sockets }).catch((error: unknown) => {
        throw new StoreUnreachableError(`cannot subscribe: ${(error as Error).message}`);
      });
      return { store: { store: createRedisStore({ redis, keyPrefix }), bus }, errorReply: storeErrorReply, health: { store: 'redis' } };
    },
    sqlite: async ({ storePath = '', id, pollMs }, log) => {
      const [{ openSqlite, sqliteErrorReply }, { createSqliteBus }, { CHAT_SCHEMA, createSqliteStore }] = await Promise.all([
        import('../../common/sqlite.js'),
        import('./sqlite-bus.js'),
        import('./sqlite-store.js'),
      ]);
      const db = await openSqlite({ path: storePath, schema: CHAT_SCHEMA, log });
      const bus = await createSqliteBus({ db, serverId: id, sockets, pollMs }).catch((error: unknown) => {
        throw new StoreUnreachableError(`cannot open the outbox: ${(error as Error).message}`);
      });
      return { store: { store: createSqliteStore({ db }), bus }, errorReply: sqliteErrorReply, health: { store: 'sqlite', pollMs } };
    },
  };
}
