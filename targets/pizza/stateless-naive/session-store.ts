/**
 * WRONG ON PURPOSE. Sessions kept the way cookie-session-style middlewares keep them
 * (express-session with a Redis store, most "session in a shared store" recipes): the
 * whole session is ONE value in the store. A request reads it when it arrives, the
 * handler changes the copy in memory, and the copy is written back whole when the answer
 * goes out. There is no lock, no version, no atomic append.
 *
 * One request at a time per session, that is correct, which is why it ships. Two at once
 * (two tabs, a double click, a page and an app) both read the same cart, each appends its
 * own item to its own copy, and the second write overwrites the first: an item the server
 * acknowledged with 200 is gone, and no one sees an error. On different servers or on one
 * (the read and the write are separate round trips, and the event loop serves the other
 * request in between), only the timing differs. Moving state to a shared store is
 * necessary, not sufficient: this design exists to show it (`--tabs 2` or more), as the
 * atm's stateless-naive shows it for balances. Do not "fix" it; the stateless design is
 * the fix (one atomic step per change in the store).
 */
import { randomBytes } from 'node:crypto';
import type { PizzaSession, PizzaStore } from '../store.js';
import { sessionTokens } from '../stateless/token.js';

/** A store of whole session values by id, each read or written in one round trip. */
export interface SessionValues {
  /** The session, or undefined when absent or expired. */
  read(sid: string): Promise<PizzaSession | undefined>;
  /** Writes the session whole, replacing whatever is there, and restarts its idle TTL. */
  write(sid: string, session: PizzaSession): Promise<void>;
  close(): Promise<void>;
}

export interface NaiveSessionStoreOptions {
  readonly values: SessionValues;
  /** HMAC secret of the session tokens (the same token as the stateless design). */
  readonly secret: string;
  /** Absolute lifetime of a session token, from login. */
  readonly tokenTtlSeconds: number;
}

/** A `PizzaStore` that reads a session on arrival and writes it back whole when answering. */
export function createNaiveSessionStore({ values, secret, tokenTtlSeconds }: NaiveSessionStoreOptions): PizzaStore {
  const tokens = sessionTokens({ secret, lifetimeSeconds: tokenTtlSeconds });

  /**
   * The middleware's whole life cycle for one request: read, let the handler change the
   * copy, write the copy back (every answer writes, which also restarts the idle TTL).
   */
  async function withSession<T>(sid: string, handler: (session: PizzaSession) => T): Promise<T | undefined> {
    const session = await values.read(sid);
    if (!session) return undefined;
    const copy = { user: session.user, cart: [...session.cart] };
    const answer = handler(copy);
    await values.write(sid, copy);
    return answer;
  }

  return {
    createSession: async (user) => {
      const sid = randomBytes(16).toString('hex');
      await values.write(sid, { user, cart: [] });
      return tokens.sign(sid, user);
    },
    identify: (token) => tokens.verify(token),
    load: (sid) => withSession(sid, (session) => ({ user: session.user, cart: [...session.cart] })),
    addItem: async (sid, item, maxItems) =>
      withSession(sid, (session) => {
        if (session.cart.length >= maxItems) return 'full' as const;
        session.cart.push(item);
        return [...session.cart];
      }),
    checkout: (sid) =>
      withSession(sid, (session) => {
        const items = [...session.cart];
        session.cart.length = 0;
        return items;
      }),
    close: () => values.close(),
  };
}
