/**
 * The entry of a pizza server whose sessions live in a shared store. The stateless
 * designs differ only in how their store changes a session, so each server file is this
 * function called with its registry of stores (docs/stores.md): the same protocol, the
 * same secret, the same answers when the store fails.
 */
import { parseArgsOrExit } from '../shared/args.js';
import { serve, watchParent } from '../shared/lifecycle.js';
import { openStoreOrExit, type StoreRegistry } from '../shared/stores.js';
import { createPizzaApp, type PizzaArch } from './app.js';
import type { PizzaStore } from './store.js';

export interface StatelessPizzaServerOptions {
  /** Reported by `/healthz`. */
  readonly arch: Exclude<PizzaArch, 'stateful'>;
  /** The stores this design runs on, by `--store`. */
  readonly stores: StoreRegistry<PizzaStore>;
}

/**
 * Parses the flags, opens the store and serves until told to stop. A store unreachable
 * at start is one stderr line and exit 3; bad flags exit 2.
 */
export async function serveStatelessPizza({ arch, stores }: StatelessPizzaServerOptions): Promise<void> {
  watchParent();
  const args = parseArgsOrExit({ requireStore: true, requireSecret: true });
  const log = (line: string): void => void process.stderr.write(`${args.id}: ${line}\n`);
  const { store, errorReply, health } = await openStoreOrExit(stores, args, log);
  const server = createPizzaApp({
    id: args.id,
    arch,
    store,
    health,
    // Anything unexpected here is the store failing: refused (503) or unanswered (504).
    onError: errorReply,
  });
  serve({ server, id: args.id, host: args.host, port: args.port, onClose: () => store.close() });
}
