/**
 * The entry of an atm server whose balances live in a shared store. The stateless
 * designs differ only in how their store updates a balance, so each server file is this
 * function called with its registry of stores (docs/stores.md).
 */
import { serveStateless } from '../common/serve-stateless.js';
import type { StoreRegistry } from '../common/stores.js';
import { createAtmApp, type AtmArch } from './app.js';
import type { AtmStore } from './store.js';

export interface StatelessAtmServerOptions {
  /** Reported by `/healthz`. */
  readonly arch: Exclude<AtmArch, 'stateful'>;
  /** The stores this design runs on, by `--store`. */
  readonly stores: StoreRegistry<AtmStore>;
}

/**
 * Parses the flags, opens the store and serves until told to stop. A store unreachable
 * at start is one stderr line and exit 3; bad flags exit 2.
 */
export function serveStatelessAtm({ arch, stores }: StatelessAtmServerOptions): Promise<void> {
  return serveStateless({ requireSecret: false, stores, createApp: (parts) => createAtmApp({ ...parts, arch }) });
}
