/**
 * atm, stateful: every balance lives in this process's memory. Each ATM knows only its
 * own history ("ATM #2: I don't know you. Your balance is $1000"), and a crash forgets
 * every withdrawal made there. Those errors are what statebench measures.
 *
 * Usage: node server.js --port <n> --id <server-id> [--host 127.0.0.1]
 */
import { parseArgsOrExit } from '../../common/args.js';
import { serve, watchParent } from '../../common/lifecycle.js';
import { createAtmApp } from '../app.js';
import { createMemoryStore } from './memory-store.js';

watchParent();
const args = parseArgsOrExit({ requireStore: false, requireSecret: false });
const store = createMemoryStore();
const server = createAtmApp({ id: args.id, arch: 'stateful', store });
serve({ server, id: args.id, host: args.host, port: args.port, onClose: () => store.close() });
