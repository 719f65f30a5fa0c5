/**
 * pizza, stateless: this process holds nothing between requests. The `sid` cookie is a
 * signed token (JWT form, HS256) naming a session that lives in Redis with an idle TTL,
 * so any server of the fleet can serve any request, and a crash loses no cart.
 *
 * Usage: node server.js --port <n> --id <server-id> --redis-url <url>
 *          (--secret <key> | env STATEBENCH_SECRET | --insecure-dev-secret)
 *          [--host 127.0.0.1] [--key-prefix sb:] [--ttl-seconds 1800] [--token-ttl-seconds 43200]
 */
import { parseArgsOrExit } from '../../shared/args.js';
import { EXIT_ENVIRONMENT, serve, watchParent } from '../../shared/lifecycle.js';
import { StoreUnreachableError, storeErrorReply } from '../../shared/redis.js';
import { createPizzaApp } from '../app.js';
import type { PizzaStore } from '../store.js';
import { connectRedisStore } from './redis-store.js';

watchParent();
const args = parseArgsOrExit({ requireRedis: true, requireSecret: true });
const log = (line: string): void => void process.stderr.write(`${args.id}: ${line}\n`);

let store: PizzaStore;
try {
  const { redisUrl = '', keyPrefix, secret, ttlSeconds, tokenTtlSeconds } = args;
  store = await connectRedisStore({ url: redisUrl, keyPrefix, secret, ttlSeconds, tokenTtlSeconds, log });
} catch (error) {
  if (!(error instanceof StoreUnreachableError)) throw error;
  log(error.message);
  process.exit(EXIT_ENVIRONMENT);
}

const server = createPizzaApp({
  id: args.id,
  arch: 'stateless',
  store,
  // Anything unexpected here is the store failing: refused (503) or unanswered (504).
  onError: storeErrorReply,
});
serve({ server, id: args.id, host: args.host, port: args.port, onClose: () => store.close() });
