/**
 * pizza, stateless-naive: sessions in a shared store as in the stateless design (the same
 * signed token, the same protocol, the same answers when the store fails), but each
 * session is one value read when a request arrives and written back whole when its
 * answer goes out, as cookie-session-style middlewares do. One tab at a time it is
 * correct; two tabs adding at once lose one of the items (session-store.ts): the bug
 * this design exists to show, on Redis and on SQLite alike.
 *
 * Usage: node server.js --port <n> --id <server-id> (--redis-url <url> | --store sqlite --store-path <file>)
 *          (--secret <key> | env STATEBENCH_SECRET | --insecure-dev-secret)
 *          [--host 127.0.0.1] [--key-prefix sb:] [--ttl-seconds 1800] [--token-ttl-seconds 43200]
 */
import { connectRedis, storeErrorReply } from '../../common/redis.js';
import { sqliteErrorReply } from '../../common/sqlite.js';
import { serveStatelessPizza } from '../stateless-server.js';
import { redisSessionValues } from './redis-values.js';
import { createNaiveSessionStore } from './session-store.js';
import { sqliteSessionValues } from './sqlite-values.js';

await serveStatelessPizza({
  arch: 'stateless-naive',
  stores: {
    redis: async ({ redisUrl = '', keyPrefix, secret, ttlSeconds, tokenTtlSeconds }, log) => ({
      store: createNaiveSessionStore({ values: redisSessionValues({ redis: await connectRedis({ url: redisUrl, log }), keyPrefix, ttlSeconds }), secret, tokenTtlSeconds }),
      errorReply: storeErrorReply,
      health: { store: 'redis' },
    }),
    sqlite: async ({ storePath = '', secret, ttlSeconds, tokenTtlSeconds }, log) => ({
      store: createNaiveSessionStore({ values: await sqliteSessionValues({ path: storePath, ttlSeconds, log }), secret, tokenTtlSeconds }),
      errorReply: sqliteErrorReply,
      health: { store: 'sqlite' },
    }),
  },
});
