/**
 * The stores pizza's stateless design runs on, by `--store` (docs/stores.md). A third
 * store is a `PizzaStore` in one more file and one more line here.
 */
import { connectRedis, storeErrorReply } from '../../common/redis.js';
import { sqliteErrorReply } from '../../common/sqlite.js';
import type { StoreRegistry } from '../../common/stores.js';
import type { PizzaStore } from '../store.js';
import { createRedisStore } from './redis-store.js';
import { openSqliteStore } from './sqlite-store.js';

export const PIZZA_STORES: StoreRegistry<PizzaStore> = {
  redis: async ({ redisUrl = '', keyPrefix, secret, ttlSeconds, tokenTtlSeconds }, log) => ({
    store: createRedisStore({ redis: await connectRedis({ url: redisUrl, log }), keyPrefix, secret, ttlSeconds, tokenTtlSeconds }),
    errorReply: storeErrorReply,
    health: { store: 'redis' },
  }),
  sqlite: async ({ storePath = '', secret, ttlSeconds, tokenTtlSeconds }, log) => ({
    store: await openSqliteStore({ path: storePath, secret, ttlSeconds, tokenTtlSeconds, log }),
    errorReply: sqliteErrorReply,
    health: { store: 'sqlite' },
  }),
};
