/**
 * pizza, stateless: this process holds nothing between requests. The `sid` cookie is a
 * signed token (JWT form, HS256) naming a session that lives in a shared store (Redis, or
 * a SQLite file every server opens) with an idle TTL, so any server of the fleet can
 * serve any request, and a crash loses no cart. Every change to a session is one atomic
 * step in the store, so two tabs adding at once both keep their item.
 *
 * Usage: node server.js --port <n> --id <server-id> (--redis-url <url> | --store sqlite --store-path <file>)
 *          (--secret <key> | env STATEBENCH_SECRET | --insecure-dev-secret)
 *          [--host 127.0.0.1] [--key-prefix sb:] [--ttl-seconds 1800] [--token-ttl-seconds 43200]
 */
import { serveStatelessPizza } from '../stateless-server.js';
import { PIZZA_STORES } from './stores.js';

await serveStatelessPizza({ arch: 'stateless', stores: PIZZA_STORES });
