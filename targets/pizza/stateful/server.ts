/**
 * pizza, stateful: every session lives in this process's memory, as a 2000s app server
 * kept it. Kill the process and every cart on it is gone; another server has never
 * heard of its sessions. That loss is what statebench measures.
 *
 * Usage: node server.js --port <n> --id <server-id> [--host 127.0.0.1] [--ttl-seconds 1800]
 */
import { parseArgsOrExit } from '../../common/args.js';
import { serve, watchParent } from '../../common/lifecycle.js';
import { createPizzaApp } from '../app.js';
import { createMemoryStore } from './memory-store.js';

watchParent();
const args = parseArgsOrExit({ requireStore: false, requireSecret: false });
const store = createMemoryStore({ ttlSeconds: args.ttlSeconds });
const server = createPizzaApp({ id: args.id, arch: 'stateful', store });
serve({ server, id: args.id, host: args.host, port: args.port, onClose: () => store.close() });
