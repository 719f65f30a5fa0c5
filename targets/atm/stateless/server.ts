/**
 * atm, stateless: this process holds nothing between requests. Balances live in a
 * shared store (Redis, or a SQLite file every server opens) and every withdrawal and
 * deposit is one atomic step (a Lua script, a transaction) that applies once per opId,
 * so any server can serve any account, a crash loses no money, and nothing overdraws.
 *
 * Usage: node server.js --port <n> --id <server-id> (--redis-url <url> | --store sqlite --store-path <file>)
 *          [--host 127.0.0.1] [--key-prefix sb:]
 */
import { connectRedis, storeErrorReply } from '../../common/redis.js';
import { sqliteErrorReply } from '../../common/sqlite.js';
import { serveStatelessAtm } from '../stateless-server.js';
import { createRedisStore } from './redis-store.js';
import { openSqliteStore } from './sqlite-store.js';

await serveStatelessAtm({
  arch: 'stateless',
  stores: {
    redis: async ({ redisUrl = '', keyPrefix }, log) => ({
      store: createRedisStore({ redis: await connectRedis({ url: redisUrl, log }), keyPrefix }),
      errorReply: storeErrorReply,
      health: { store: 'redis' },
    }),
    sqlite: async ({ storePath = '' }, log) => ({
      store: await openSqliteStore({ path: storePath, log }),
      errorReply: sqliteErrorReply,
      health: { store: 'sqlite' },
    }),
  },
});
