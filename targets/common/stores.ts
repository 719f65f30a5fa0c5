/**
 * How a stateless target picks its store (docs/stores.md). Each scenario has one store
 * interface and a registry of openers keyed by `--store`: Redis and SQLite today, so a
 * third store is one more file and one more line in each registry.
 */
import type { StoreKind, TargetArgs } from './args.js';
import type { Reply } from './http.js';
import { EXIT_ENVIRONMENT } from './lifecycle.js';

/** The store could not be reached or opened at start: an environment failure (exit 3), not a bug. */
export class StoreUnreachableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'StoreUnreachableError';
  }
}

/** A store opened for a server, with how its failures are answered. */
export interface OpenedStore<S> {
  readonly store: S;
  /** Maps an error the store threw to a reply: 503 when nothing was applied, 504 when unknown. */
  readonly errorReply: (error: unknown) => Reply;
  /** Fields `/healthz` adds, saying which store this is and how it is tuned. */
  readonly health: Readonly<Record<string, unknown>>;
}

/** Opens one kind of store from the flags; throws `StoreUnreachableError` when it cannot. */
export type StoreOpener<S> = (args: TargetArgs, log: (line: string) => void) => Promise<OpenedStore<S>>;

/** Every store a design can run on. */
export type StoreRegistry<S> = Readonly<Record<StoreKind, StoreOpener<S>>>;

/** Opens the store `--store` names; one stderr line and exit 3 when it cannot be reached. */
export async function openStoreOrExit<S>(registry: StoreRegistry<S>, args: TargetArgs, log: (line: string) => void): Promise<OpenedStore<S>> {
  try {
    return await registry[args.store](args, log);
  } catch (error) {
    if (!(error instanceof StoreUnreachableError)) throw error;
    log(error.message);
    process.exit(EXIT_ENVIRONMENT);
  }
}
