/**
 * The kinds of store a design keeps its state in (a target file's `store`). Each is one
 * entry: adding a store is adding a line here and what statebench must provide for it.
 */
export interface StoreKind {
  /** Shown by `statebench scenarios`. */
  readonly description: string;
  /** Whether statebench provides a Redis for it (filling `{redisUrl}`) and may fault it. */
  readonly redis: boolean;
  /** Whether a user's state outlives the server that holds it, so any server can serve them. */
  readonly outlivesServer: boolean;
}

export const STORES: Readonly<Record<string, StoreKind>> = {
  none: { description: 'state in process memory', redis: false, outlivesServer: false },
  redis: { description: 'state in Redis, which statebench provides', redis: true, outlivesServer: true },
};

export function storeNames(): string[] {
  return Object.keys(STORES);
}

/** The store kind of a design; a name the registry lacks was refused when its file was read. */
export function storeOf(design: { readonly store: string }): StoreKind {
  return STORES[design.store] ?? STORES.none!;
}
