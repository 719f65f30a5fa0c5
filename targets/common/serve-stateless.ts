/**
 * The entry of a server whose state lives in a shared store, written once for every
 * scenario: parse the flags, open the store `--store` names, serve the scenario's app on
 * it until told to stop. A store unreachable at start is one stderr line and exit 3; bad
 * flags exit 2 (docs/stores.md).
 */
import type { Server } from 'node:http';
import { parseArgsOrExit } from './args.js';
import type { Reply } from './http.js';
import { serve, watchParent } from './lifecycle.js';
import { openStoreOrExit, type StoreRegistry } from './stores.js';

/** What the scenario's app is built from. */
export interface StatelessAppParts<S> {
  readonly id: string;
  readonly store: S;
  /** Fields `/healthz` adds, saying which store this is. */
  readonly health: Readonly<Record<string, unknown>>;
  /** Anything unexpected is the store failing: refused (503) or unanswered (504). */
  readonly onError: (error: unknown) => Reply;
}

export interface ServeStatelessOptions<S> {
  /** Whether the server signs tokens, so cannot start without a secret. */
  readonly requireSecret: boolean;
  /** The stores the design runs on, by `--store`. */
  readonly stores: StoreRegistry<S>;
  /** The scenario's HTTP server (not yet listening) on the opened store. */
  readonly createApp: (parts: StatelessAppParts<S>) => Server;
}

export async function serveStateless<S extends { close(): Promise<void> }>({ requireSecret, stores, createApp }: ServeStatelessOptions<S>): Promise<void> {
  watchParent();
  const args = parseArgsOrExit({ requireStore: true, requireSecret });
  const log = (line: string): void => void process.stderr.write(`${args.id}: ${line}\n`);
  const { store, errorReply, health } = await openStoreOrExit(stores, args, log);
  const server = createApp({ id: args.id, store, health, onError: errorReply });
  serve({ server, id: args.id, host: args.host, port: args.port, onClose: () => store.close() });
}
