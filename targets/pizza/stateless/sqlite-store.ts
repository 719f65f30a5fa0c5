/**
 * Sessions in a SQLite file that every server of the fleet opens (docs/stores.md), so
 * any server can serve any request and a server's crash loses no cart. The `sid` cookie
 * is the same signed token as on Redis; a session is one row with its cart as a JSON
 * array and the time its idle TTL runs out. Every operation is one write transaction:
 * it reads, changes and restarts the TTL at once, as the Redis store's Lua scripts do.
 */
import { randomBytes } from 'node:crypto';
import { openSqlite, type Query } from '../../common/sqlite.js';
import type { PizzaSession, PizzaStore } from '../store.js';
import { sessionTokens } from './token.js';

export interface SqliteStoreOptions {
  /** The database file every server of the fleet shares. */
  readonly path: string;
  /** HMAC secret of the session tokens; every server of a fleet must share it. */
  readonly secret: string;
  /** Idle lifetime of a session, restarted on every use. */
  readonly ttlSeconds: number;
  /** Absolute lifetime of a session token, from login. */
  readonly tokenTtlSeconds: number;
  readonly log: (line: string) => void;
  /** The clock, in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pizza_session (
  sid TEXT PRIMARY KEY,
  user TEXT NOT NULL,
  cart TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS pizza_session_expiry ON pizza_session (expires_at);`;

/** How often each server deletes the sessions whose TTL ran out (expired ones are refused anyway). */
const SWEEP_MS = 60_000;

/** Opens the SQLite file and returns a `PizzaStore` on it; throws `StoreUnreachableError`. */
export async function openSqliteStore(options: SqliteStoreOptions): Promise<PizzaStore> {
  const { path, secret, ttlSeconds, tokenTtlSeconds, log, now = Date.now } = options;
  const db = await openSqlite({ path, schema: SCHEMA, log });
  const tokens = sessionTokens({ secret, lifetimeSeconds: tokenTtlSeconds });
  const ttlMs = ttlSeconds * 1000;

  /** The live session, its TTL restarted; undefined when absent or expired. */
  const touch = (q: Query, sid: string): PizzaSession | undefined => {
    const at = now();
    const row = q('SELECT user, cart FROM pizza_session WHERE sid = ? AND expires_at > ?').get(sid, at) as { user: string; cart: string } | undefined;
    if (!row) return undefined;
    q('UPDATE pizza_session SET expires_at = ? WHERE sid = ?').run(at + ttlMs, sid);
    return { user: row.user, cart: JSON.parse(row.cart) as string[] };
  };
  const setCart = (q: Query, sid: string, cart: readonly string[]): void =>
    void q('UPDATE pizza_session SET cart = ? WHERE sid = ?').run(JSON.stringify(cart), sid);

  const sweep = setInterval(() => db.tryWrite((q) => q('DELETE FROM pizza_session WHERE expires_at <= ?').run(now())), SWEEP_MS);
  sweep.unref();

  return {
    createSession: async (user) => {
      const sid = randomBytes(16).toString('hex');
      await db.write((q) => q('INSERT INTO pizza_session (sid, user, cart, expires_at) VALUES (?, ?, ?, ?)').run(sid, user, '[]', now() + ttlMs));
      return tokens.sign(sid, user);
    },
    identify: (token) => tokens.verify(token),
    load: (sid) => db.write((q) => touch(q, sid)),
    addItem: (sid, item, maxItems) =>
      db.write((q) => {
        const cart = touch(q, sid)?.cart;
        if (!cart) return undefined;
        if (cart.length >= maxItems) return 'full' as const;
        cart.push(item);
        setCart(q, sid, cart);
        return cart;
      }),
    checkout: (sid) =>
      db.write((q) => {
        const cart = touch(q, sid)?.cart;
        if (cart) setCart(q, sid, []);
        return cart;
      }),
    close: async () => {
      clearInterval(sweep);
      db.close();
    },
  };
}
