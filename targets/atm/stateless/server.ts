/**
 * atm, stateless: this process holds nothing between requests. Balances live in Redis
 * and every withdrawal and deposit is one atomic Lua script that applies once per opId,
 * so any server can serve any account, a crash loses no money, and nothing overdraws.
 *
 * Usage: node server.js --port <n> --id <server-id> --redis-url <url> [--host 127.0.0.1] [--key-prefix sb:]
 */
import type { Redis } from 'ioredis';
import { parseArgsOrExit } from '../../shared/args.js';
import { json } from '../../shared/http.js';
import { EXIT_ENVIRONMENT, serve, watchParent } from '../../shared/lifecycle.js';
import { connectRedis, StoreUnreachableError } from '../../shared/redis.js';
import { createAtmApp } from '../app.js';
import { createRedisStore } from './redis-store.js';

watchParent();
const args = parseArgsOrExit({ requireRedis: true });
const log = (line: string): void => void process.stderr.write(`${args.id}: ${line}\n`);

let redis: Redis;
try {
  redis = await connectRedis({ url: args.redisUrl ?? '', log });
} catch (error) {
  if (!(error instanceof StoreUnreachableError)) throw error;
  log(error.message);
  process.exit(EXIT_ENVIRONMENT);
}

const store = createRedisStore({ redis, keyPrefix: args.keyPrefix });
const server = createAtmApp({
  id: args.id,
  arch: 'stateless',
  store,
  // Anything unexpected here is the store failing (refused, timed out, reset).
  onError: () => json(503, { error: 'store unavailable' }),
});
serve({ server, id: args.id, host: args.host, port: args.port, onClose: () => store.close() });
