/**
 * chat, stateless: this process holds only its WebSockets. Logs, unread counts,
 * presence and typing live in Redis, and a frame for a user connected to another server
 * is routed there through Redis pub/sub, so a user reconnecting anywhere gets what they
 * missed.
 *
 * Usage: node server.js --port <n> --id <server-id> --redis-url <url> (--secret <key> | env STATEBENCH_SECRET |
 *          --insecure-dev-secret) [--host 127.0.0.1] [--key-prefix sb:] [--token-ttl-seconds 43200]
 */
import type { Redis } from 'ioredis';
import { parseArgsOrExit } from '../../shared/args.js';
import { tokenSigner } from '../../shared/token.js';
import { EXIT_ENVIRONMENT, serve, watchParent } from '../../shared/lifecycle.js';
import { connectRedis, StoreUnreachableError, storeErrorReply } from '../../shared/redis.js';
import { createChatApp } from '../app.js';
import { createLocalSockets } from '../sockets.js';
import type { ChatBus } from '../store.js';
import { createRedisBus } from './redis-bus.js';
import { createRedisStore } from './redis-store.js';

watchParent();
const args = parseArgsOrExit({ requireRedis: true, requireSecret: true });
const log = (line: string): void => void process.stderr.write(`${args.id}: ${line}\n`);

const sockets = createLocalSockets();
// Two connections: once subscribed, a Redis connection can run no other command.
let redis: Redis;
let bus: ChatBus;
try {
  redis = await connectRedis({ url: args.redisUrl ?? '', log });
  const subscriber = await connectRedis({ url: args.redisUrl ?? '', log: (line) => log(`subscriber ${line}`) });
  bus = await createRedisBus({ redis, subscriber, keyPrefix: args.keyPrefix, serverId: args.id, sockets });
} catch (error) {
  // Redis gone between connecting and subscribing is the same failure as never reaching it.
  log(error instanceof StoreUnreachableError ? error.message : `cannot subscribe: ${(error as Error).message}`);
  process.exit(EXIT_ENVIRONMENT);
}

const store = createRedisStore({ redis, keyPrefix: args.keyPrefix });
const { server, closeSockets } = createChatApp({
  id: args.id,
  arch: 'stateless',
  store,
  bus,
  sockets,
  tokens: tokenSigner({ secret: args.secret, audience: 'chat', lifetimeSeconds: args.tokenTtlSeconds }),
  // Anything unexpected here is the store failing: refused (503) or unanswered (504).
  onError: storeErrorReply,
});
const onClose = async (): Promise<void> => {
  await bus.close();
  await store.close();
};
serve({ server, id: args.id, host: args.host, port: args.port, onShutdown: closeSockets, onClose });
