/**
 * atm, stateless: this process holds nothing between requests. Balances live in Redis
 * and every withdrawal and deposit is one atomic Lua script that applies once per opId,
 * so any server can serve any account, a crash loses no money, and nothing overdraws.
 *
 * Usage: node server.js --port <n> --id <server-id> --redis-url <url> [--host 127.0.0.1] [--key-prefix sb:]
 */
import { serveAtmOnRedis } from '../redis-server.js';
import { createRedisStore } from './redis-store.js';

await serveAtmOnRedis({ arch: 'stateless', createStore: createRedisStore });
