/**
 * The entry of an atm server whose balances live in a shared store. The stateless
 * designs differ only in how their store updates a balance, so each server file is this
 * function called with its registry of stores (docs/stores.md).
 */
import { parseArgsOrExit } from '../shared/args.js';
import { serve, watchParent } from '../shared/lifecycle.js';
import { openStoreOrExit, type StoreRegistry } from '../shared/stores.js';
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
export async function serveStatelessAtm({ arch, stores }: StatelessAtmServerOptions): Promise<void> {
  watchParent();
  const args = parseArgsOrExit({ requireStore: true, requireSecret: false });
  const log = (line: string): void => void process.stderr.write(`${args.id}: ${line}\n`);
  const { store, errorReply, health } = await openStoreOrExit(stores, args, log);
  const server = createAtmApp({
    id: args.id,
    arch,
    store,
    health,
    // Anything unexpected here is the store failing: refused (503) or unanswered (504).
    onError: errorReply,
  });
  serve({ server, id: args.id, host: args.host, port: args.port, onClose: () => store.close() });
}
