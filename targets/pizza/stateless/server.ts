/**
 * pizza, stateless: this process holds nothing between requests. The `sid` cookie is a
 * signed token (JWT form, HS256) naming a session that lives in a shared store (Redis, or
 * a SQLite file every server opens) with an idle TTL, so any server of the fleet can
 * serve any request, and a crash loses no cart.
 *
 * Usage: node server.js --port <n> --id <server-id> (--redis-url <url> | --store sqlite --store-path <file>)
 *          (--secret <key> | env STATEBENCH_SECRET | --insecure-dev-secret)
 *          [--host 127.0.0.1] [--key-prefix sb:] [--ttl-seconds 1800] [--token-ttl-seconds 43200]
 */
import { parseArgsOrExit } from '../../shared/args.js';
import { serve, watchParent } from '../../shared/lifecycle.js';
import { openStoreOrExit } from '../../shared/stores.js';
import { createPizzaApp } from '../app.js';
import { PIZZA_STORES } from './stores.js';

watchParent();
const args = parseArgsOrExit({ requireStore: true, requireSecret: true });
const log = (line: string): void => void process.stderr.write(`${args.id}: ${line}\n`);

const { store, errorReply, health } = await openStoreOrExit(PIZZA_STORES, args, log);
const server = createPizzaApp({
  id: args.id,
  arch: 'stateless',
  store,
  health,
  // Anything unexpected here is the store failing: refused (503) or unanswered (504).
  onError: errorReply,
});
serve({ server, id: args.id, host: args.host, port: args.port, onClose: () => store.close() });
