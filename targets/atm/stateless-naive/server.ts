/**
 * atm, stateless-naive: balances in a shared store as in the stateless design, but
 * updated by read-modify-write in separate steps, as a naive port of the stateful code
 * would. Any server can serve any account, yet two concurrent withdrawals can both read
 * the same balance and one of them is lost: the bug this design exists to show, on Redis
 * and on SQLite alike.
 *
 * Usage: node server.js --port <n> --id <server-id> (--redis-url <url> | --store sqlite --store-path <file>)
 *          [--host 127.0.0.1] [--key-prefix sb:]
 */
import { connectRedis, storeErrorReply } from '../../common/redis.js';
import { sqliteErrorReply } from '../../common/sqlite.js';
import { serveStatelessAtm } from '../stateless-server.js';
import { createNaiveRedisStore } from './naive-redis-store.js';
import { openNaiveSqliteStore } from './naive-sqlite-store.js';

await serveStatelessAtm({
  arch: 'stateless-naive',
  stores: {
    redis: async ({ redisUrl = '', keyPrefix }, log) => ({
      store: createNaiveRedisStore({ redis: await connectRedis({ url: redisUrl, log }), keyPrefix }),
      errorReply: storeErrorReply,
      health: { store: 'redis' },
    }),
    sqlite: async ({ storePath = '' }, log) => ({
      store: await openNaiveSqliteStore({ path: storePath, log }),
      errorReply: sqliteErrorReply,
      health: { store: 'sqlite' },
    }),
  },
});
