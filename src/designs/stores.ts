import type { TargetDefinition } from '../fleet/target.js';

/**
 * The kinds of store a design keeps its state in (a target file's `store`). Each is one
 * entry: adding a store is adding a line here and what statebench must provide for it.
 */
export interface StoreKind {
  /** Shown by `statebench scenarios`. */
  readonly description: string;
  /** Whether statebench provides a Redis for it (filling `{redisUrl}`) and may fault it. */
  readonly redis: boolean;
  /** Whether statebench provides a SQLite file for it (filling `{storePath}`) and may fault it. */
  readonly sqlite: boolean;
  /** Whether a user's state outlives the server that holds it, so any server can serve them. */
  readonly outlivesServer: boolean;
}

export const STORES: Readonly<Record<string, StoreKind>> = {
  none: { description: 'state in process memory', redis: false, sqlite: false, outlivesServer: false },
  redis: { description: 'state in Redis, which statebench provides', redis: true, sqlite: false, outlivesServer: true },
  sqlite: { description: 'state in one SQLite file the fleet shares, which statebench provides', redis: false, sqlite: true, outlivesServer: true },
};

export function storeNames(): string[] {
  return Object.keys(STORES);
}

/** The store kind of a design; a name the registry lacks was refused when its file was read. */
export function storeOf(design: { readonly store: string }): StoreKind {
  return STORES[design.store] ?? STORES.none!;
}

/** Whether statebench can fault the design's store (it provides one). */
export function hasFaultableStore(design: { readonly store: string }): boolean {
  const kind = storeOf(design);
  return kind.redis || kind.sqlite;
}

/** The stores a design can run on: the keys of its `store` object, or its one store. */
export function storesOf(design: TargetDefinition): readonly string[] {
  return design.storeArgs ? Object.keys(design.storeArgs) : [design.store];
}

/** Whether `--store` decides anything for the design: it runs on more than one store. */
export function offersStores(design: TargetDefinition): boolean {
  return storesOf(design).length > 1;
}

/**
 * The design as it runs on `store`: that store's args appended, the choice gone. A design
 * that cannot run on `store` runs on its own (first) store: `--store` does not apply to it.
 */
export function onStore(design: TargetDefinition, store: string): TargetDefinition {
  if (!design.storeArgs) return design;
  const chosen = design.storeArgs[store] ? store : design.store;
  const { storeArgs, ...rest } = design;
  return { ...rest, store: chosen, args: [...design.args, ...(storeArgs[chosen] ?? [])] };
}
