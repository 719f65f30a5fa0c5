/**
 * Sessions in this process's memory, as a 2000s app server kept them: the `sid` cookie
 * is a random 128-bit id and the session sits in a `Map`. Kill the process and every
 * cart in it is gone; another server has never heard of its sessions.
 */
import { randomBytes } from 'node:crypto';
import type { PizzaStore } from '../store.js';

export interface MemoryStoreOptions {
  /** Idle lifetime of a session, restarted on every use. */
  readonly ttlSeconds: number;
  /** How often expired sessions are dropped. @default 60_000 */
  readonly sweepMs?: number;
  /** The clock, in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

interface Session {
  readonly user: string;
  cart: string[];
  expiresAt: number;
}

/** A `PizzaStore` in a `Map`; `close()` stops its sweeper. */
export function createMemoryStore({ ttlSeconds, sweepMs = 60_000, now = Date.now }: MemoryStoreOptions): PizzaStore {
  const ttlMs = ttlSeconds * 1000;
  const sessions = new Map<string, Session>();

  /** The live session, its idle timer restarted; undefined when unknown or expired. */
  function touch(sid: string): Session | undefined {
    const session = sessions.get(sid);
    if (!session || session.expiresAt <= now()) return undefined;
    session.expiresAt = now() + ttlMs;
    return session;
  }

  // Idle sessions expire, as they would in a servlet container; otherwise a long run's
  // abandoned journeys would grow this Map without bound.
  const sweeper = setInterval(() => {
    const at = now();
    for (const [sid, session] of sessions) if (session.expiresAt <= at) sessions.delete(sid);
  }, sweepMs);
  sweeper.unref();

  return {
    createSession: async (user) => {
      const sid = randomBytes(16).toString('hex');
      sessions.set(sid, { user, cart: [], expiresAt: now() + ttlMs });
      return sid;
    },
    // The cookie is the session id itself: only this process can tell whether it is real.
    identify: (token) => (touch(token) ? token : undefined),
    load: async (sid) => {
      const session = touch(sid);
      return session && { user: session.user, cart: [...session.cart] };
    },
    addItem: async (sid, item, maxItems) => {
      const session = touch(sid);
      if (!session) return undefined;
      if (session.cart.length >= maxItems) return 'full';
      session.cart.push(item);
      return [...session.cart];
    },
    checkout: async (sid) => {
      const session = touch(sid);
      if (!session) return undefined;
      const items = session.cart;
      session.cart = [];
      return items;
    },
    close: async () => clearInterval(sweeper),
  };
}
