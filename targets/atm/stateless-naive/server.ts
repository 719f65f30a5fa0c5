/**
 * atm, stateless-naive: balances in Redis as in the stateless design, but updated by
 * read-modify-write in separate round trips, as a naive port of the stateful code would.
 * Any server can serve any account, yet two concurrent withdrawals can both read the same
 * balance and one of them is lost: the bug this design exists to show.
 *
 * Usage: node server.js --port <n> --id <server-id> --redis-url <url> [--host 127.0.0.1] [--key-prefix sb:]
 */
import { serveAtmOnRedis } from '../redis-server.js';
import { createNaiveRedisStore } from './naive-redis-store.js';

await serveAtmOnRedis({ arch: 'stateless-naive', createStore: createNaiveRedisStore });
