/**
 * The entry of a pizza server whose sessions live in a shared store. The stateless
 * designs differ only in how their store changes a session, so each server file is this
 * function called with its registry of stores (docs/stores.md): the same protocol, the
 * same signed token, the same answers when the store fails.
 */
import { serveStateless } from '../common/serve-stateless.js';
import type { StoreRegistry } from '../common/stores.js';
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
 * at start is one stderr line and exit 3; bad flags (or no secret) exit 2.
 */
export function serveStatelessPizza({ arch, stores }: StatelessPizzaServerOptions): Promise<void> {
  return serveStateless({ requireSecret: true, stores, createApp: (parts) => createPizzaApp({ ...parts, arch }) });
}
