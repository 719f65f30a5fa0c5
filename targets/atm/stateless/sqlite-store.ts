/**
 * Balances in a SQLite file that every server of the fleet opens (docs/stores.md), so
 * any server can serve any account and a crash loses no money. An account is one row
 * (cents); the answer to an operation is kept under its opId for an hour. A withdrawal
 * is one write transaction around ONE conditional statement,
 * `UPDATE … SET balance = balance - ? WHERE id = ? AND balance >= ?`: the check and the
 * change cannot be split, and SQLite lets one writer in at a time, so two withdrawals
 * can never both spend the same cents. The opId record is in the same transaction, so
 * a retried operation finds its answer and applies once.
 */
import { openSqlite, type Query } from '../../common/sqlite.js';
import { decodeResult, encodeResult, OP_TTL_SECONDS, OPENING_BALANCE_CENTS, type AtmStore, type OpResult } from '../store.js';

export interface SqliteStoreOptions {
  /** The database file every server of the fleet shares. */
  readonly path: string;
  readonly log: (line: string) => void;
}

/** The tables of both SQLite atm stores: the naive one reads and writes the same rows. */
export const ATM_SCHEMA = `
CREATE TABLE IF NOT EXISTS atm_account (id TEXT PRIMARY KEY, balance INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS atm_op (op_id TEXT PRIMARY KEY, answer TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS atm_op_expiry ON atm_op (expires_at);`;

/** How often each server deletes the opId answers older than an hour (older ones are ignored anyway). */
export const OP_SWEEP_MS = 60_000;

export const OPEN_ACCOUNT = 'INSERT INTO atm_account (id, balance) VALUES (?, ?) ON CONFLICT (id) DO NOTHING';
export const READ_BALANCE = 'SELECT balance FROM atm_account WHERE id = ?';
export const READ_ANSWER = 'SELECT answer FROM atm_op WHERE op_id = ? AND expires_at > ?';
export const KEEP_ANSWER = 'INSERT OR REPLACE INTO atm_op (op_id, answer, expires_at) VALUES (?, ?, ?)';
export const SWEEP_ANSWERS = 'DELETE FROM atm_op WHERE expires_at <= ?';

/** An `AtmStore` on SQLite whose every operation is one transaction and applies once per opId. */
export async function openSqliteStore({ path, log }: SqliteStoreOptions): Promise<AtmStore> {
  const db = await openSqlite({ path, schema: ATM_SCHEMA, log });
  const balanceOf = (q: Query, account: string): number => (q(READ_BALANCE).get(account) as { balance: number }).balance;

  /** Answers a known opId again; else opens the account, applies `change` and keeps its answer. */
  const once = (account: string, opId: string, change: (q: Query) => OpResult): Promise<OpResult> =>
    db.write((q) => {
      const now = Date.now();
      const done = q(READ_ANSWER).get(opId, now) as { answer: string } | undefined;
      if (done) return decodeResult(done.answer);
      q(OPEN_ACCOUNT).run(account, OPENING_BALANCE_CENTS);
      const result = change(q);
      q(KEEP_ANSWER).run(opId, encodeResult(result), now + OP_TTL_SECONDS * 1000);
      return result;
    });

  const sweep = setInterval(() => db.tryWrite((q) => q(SWEEP_ANSWERS).run(Date.now())), OP_SWEEP_MS);
  sweep.unref();

  return {
    // A known account is read without the write lock (WAL readers never wait); a new one is opened first.
    balance: async (account) => {
      const found = await db.run((q) => q(READ_BALANCE).get(account) as { balance: number } | undefined);
      if (found) return found.balance;
      return db.write((q) => (q(OPEN_ACCOUNT).run(account, OPENING_BALANCE_CENTS), balanceOf(q, account)));
    },
    withdraw: (account, amount, opId) =>
      once(account, opId, (q) => {
        const taken = q('UPDATE atm_account SET balance = balance - ? WHERE id = ? AND balance >= ? RETURNING balance').get(amount, account, amount) as
          | { balance: number }
          | undefined;
        return taken ? { accepted: true, balance: taken.balance } : { accepted: false, balance: balanceOf(q, account) };
      }),
    deposit: (account, amount, opId) =>
      once(account, opId, (q) => {
        const { balance } = q('UPDATE atm_account SET balance = balance + ? WHERE id = ? RETURNING balance').get(amount, account) as { balance: number };
        return { accepted: true, balance };
      }),
    close: async () => {
      clearInterval(sweep);
      db.close();
    },
  };
}
