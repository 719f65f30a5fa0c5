/**
 * chat, stateful: connections, message logs, unread counts, presence and typing all in
 * this process's memory. A message reaches only recipients connected to this same
 * server, and a crash forgets every log and count.
 *
 * Usage: node server.js --port <n> --id <server-id> (--secret <key> | env STATEBENCH_SECRET | --insecure-dev-secret)
 *          [--host 127.0.0.1] [--token-ttl-seconds 43200]
 */
import { parseArgsOrExit } from '../../common/args.js';
import { tokenSigner } from '../../common/token.js';
import { serve, watchParent } from '../../common/lifecycle.js';
import { createChatApp } from '../app.js';
import { createLocalSockets } from '../sockets.js';
import { createMemoryBus } from './memory-bus.js';
import { createMemoryStore } from './memory-store.js';

watchParent();
const args = parseArgsOrExit({ requireStore: false, requireSecret: true });
const sockets = createLocalSockets();
const store = createMemoryStore();
const { server, closeSockets } = createChatApp({
  id: args.id,
  arch: 'stateful',
  store,
  bus: createMemoryBus(sockets),
  sockets,
  // Signed, so a login made on one server is good on every server of the fleet.
  tokens: tokenSigner({ secret: args.secret, audience: 'chat', lifetimeSeconds: args.tokenTtlSeconds }),
});
serve({ server, id: args.id, host: args.host, port: args.port, onShutdown: closeSockets, onClose: () => store.close() });
