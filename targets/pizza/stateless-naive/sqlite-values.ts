/**
 * Whole session values in a SQLite file the fleet shares, for the naive session store:
 * one row per session holding its JSON, read by one statement and written by another,
 * each committed alone. Nothing makes a read and the write after it one transaction,
 * which is the naive store's flaw (session-store.ts).
 *
 * better-sqlite3 answers in microseconds, so each statement first waits one timer tick
 * (about 1 ms), the round trip a store across a network (Redis) costs, as the atm's naive
 * SQLite store does. Without it the window would shrink to microseconds: the bug would
 * hide in a short run, not go away.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { openSqlite, type Query } from '../../common/sqlite.js';
import type { PizzaSession } from '../store.js';
import type { SessionValues } from './session-store.js';

/** What each statement waits first: about a loopback round trip to Redis, rounded up to a timer tick. */
const ROUND_TRIP_MS = 1;
/** How often each server deletes the sessions whose TTL ran out (expired ones are never read). */
const SWEEP_MS = 60_000;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS pizza_naive_session (
  sid TEXT PRIMARY KEY,
  value TEXT NOT NULL,
  expires_at INTEGER NOT NULL
) WITHOUT ROWID;`;

export interface SqliteValuesOptions {
  /** The database file every server of the fleet shares. */
  readonly path: string;
  /** Idle lifetime of a session, restarted on every write. */
  readonly ttlSeconds: number;
  readonly log: (line: string) => void;
}

/** Opens the file; throws `StoreUnreachableError` when it cannot. */
export async function sqliteSessionValues({ path, ttlSeconds, log }: SqliteValuesOptions): Promise<SessionValues> {
  const db = await openSqlite({ path, schema: SCHEMA, log });
  const step = async <T>(statement: (q: Query) => T): Promise<T> => {
    await sleep(ROUND_TRIP_MS);
    return db.run(statement);
  };
  const sweep = setInterval(() => db.tryWrite((q) => q('DELETE FROM pizza_naive_session WHERE expires_at <= ?').run(Date.now())), SWEEP_MS);
  sweep.unref();
  return {
    read: async (sid) => {
      const row = await step((q) => q('SELECT value FROM pizza_naive_session WHERE sid = ? AND expires_at > ?').get(sid, Date.now()) as { value: string } | undefined);
      return row ? (JSON.parse(row.value) as PizzaSession) : undefined;
    },
    write: (sid, session) =>
      step((q) => void q('INSERT OR REPLACE INTO pizza_naive_session (sid, value, expires_at) VALUES (?, ?, ?)').run(sid, JSON.stringify(session), Date.now() + ttlSeconds * 1000)),
    close: async () => {
      clearInterval(sweep);
      db.close();
    },
  };
}
