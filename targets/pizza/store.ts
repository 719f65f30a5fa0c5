/**
 * The seam between the pizza protocol (app.ts) and where sessions live: the process's
 * memory (stateful), or a shared store (stateless): Redis or an embedded SQLite file,
 * chosen by `--store` (stateless/stores.ts, docs/stores.md).
 */

/** A session as the client sees it. */
export interface PizzaSession {
  readonly user: string;
  readonly cart: string[];
}

/**
 * Where pizza sessions live. A store answers `undefined` for "no such session":
 * unknown, forged, expired, or lost with the store. Anything it throws is the store
 * failing, not the client's fault.
 */
export interface PizzaStore {
  /** Opens a session for `user` with an empty cart; returns the `sid` cookie's value. */
  createSession(user: string): Promise<string>;
  /**
   * The session id a `sid` cookie names, or `undefined`. Synchronous and cheap, so the
   * app checks it before reading a request body; a store may count it as a use.
   */
  identify(token: string): string | undefined;
  /** The session, its idle timer restarted. */
  load(sid: string): Promise<PizzaSession | undefined>;
  /**
   * Appends `item` to the cart unless it already holds `maxItems` (then `'full'`, and
   * the cart is left as it was); returns the whole cart. The check and the append are
   * one atomic step, so concurrent adds cannot pass the limit together.
   */
  addItem(sid: string, item: string, maxItems: number): Promise<string[] | 'full' | undefined>;
  /** Reads and empties the cart in one atomic step, so an item is never paid twice. */
  checkout(sid: string): Promise<string[] | undefined>;
  /** Releases what the store holds (timers, connections). */
  close(): Promise<void>;
}
