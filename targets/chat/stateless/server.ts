/**
 * chat, stateless: this process holds only its WebSockets. Logs, unread counts,
 * presence and typing live in a shared store, and a frame for a user connected to
 * another server is routed there through the store (Redis pub/sub, or a SQLite outbox
 * that each server polls every `--poll-ms`), so a user reconnecting anywhere gets what
 * they missed.
 *
 * Usage: node server.js --port <n> --id <server-id> (--redis-url <url> | --store sqlite --store-path <file> [--poll-ms 50])
 *          (--secret <key> | env STATEBENCH_SECRET | --insecure-dev-secret)
 *          [--host 127.0.0.1] [--key-prefix sb:] [--token-ttl-seconds 43200]
 */
import { parseArgsOrExit } from '../../common/args.js';
import { serve, watchParent } from '../../common/lifecycle.js';
import { openStoreOrExit } from '../../common/stores.js';
import { tokenSigner } from '../../common/token.js';
import { createChatApp } from '../app.js';
import { createLocalSockets } from '../sockets.js';
import { chatStores } from './stores.js';

watchParent();
const args = parseArgsOrExit({ requireStore: true, requireSecret: true });
const log = (line: string): void => void process.stderr.write(`${args.id}: ${line}\n`);

const sockets = createLocalSockets();
const { store: backend, errorReply, health } = await openStoreOrExit(chatStores(sockets), args, log);
const { store, bus } = backend;
const { server, closeSockets } = createChatApp({
  id: args.id,
  arch: 'stateless',
  store,
  bus,
  sockets,
  health,
  tokens: tokenSigner({ secret: args.secret, audience: 'chat', lifetimeSeconds: args.tokenTtlSeconds }),
  // Anything unexpected here is the store failing: refused (503) or unanswered (504).
  onError: errorReply,
});
const onClose = async (): Promise<void> => {
  await bus.close();
  await store.close();
};
serve({ server, id: args.id, host: args.host, port: args.port, onShutdown: closeSockets, onClose });
