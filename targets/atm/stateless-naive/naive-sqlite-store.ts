/**
 * Balances in a SQLite file, ported naively from the stateful design: the same tables as
 * the atomic store, but each operation is the in-memory code with `await` in front of
 * every access. Read the balance, read the opId, compute, write the balance, write the
 * answer: separate statements, each committed alone, with no transaction across them.
 * Between the read and the write, another request (on this server or another) can write
 * the same account, and one of the two updates is lost. That gap is this design's whole
 * point: do not "fix" it.
 *
 * better-sqlite3 answers in microseconds, so each `await` here waits one timer tick
 * (about 1 ms), the round trip that a store across a network (Redis) costs. Without it
 * the window would shrink to microseconds: the bug would hide in a short run, not go away.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { OutcomeUnknownError, openSqlite, type Query } from '../../common/sqlite.js';
import { decodeResult, encodeResult, OP_TTL_SECONDS, OPENING_BALANCE_CENTS, type AtmStore, type OpResult } from '../store.js';
import { ATM_SCHEMA, KEEP_ANSWER, OP_SWEEP_MS, OPEN_ACCOUNT, READ_ANSWER, READ_BALANCE, SWEEP_ANSWERS } from '../stateless/sqlite-store.js';

/** What each statement waits first: about a loopback round trip to Redis, rounded up to a timer tick. */
const ROUND_TRIP_MS = 1;

export interface NaiveSqliteStoreOptions {
  /** The database file every server of the fleet shares. */
  readonly path: string;
  readonly log: (line: string) => void;
}

/** An `AtmStore` on SQLite that loses updates under concurrency, as a naive port does. */
export async function openNaiveSqliteStore({ path, log }: NaiveSqliteStoreOptions): Promise<AtmStore> {
  const db = await openSqlite({ path, schema: ATM_SCHEMA, log });

  /**
   * One statement, committed alone, after a round trip's wait: the event loop runs other
   * requests in between, and other servers write, as with a store across a network.
   */
  async function step<T>(statement: (q: Query) => T): Promise<T> {
    await sleep(ROUND_TRIP_MS);
    return db.run(statement);
  }

  async function read(account: string): Promise<number> {
    const found = await step((q) => q(READ_BALANCE).get(account) as { balance: number } | undefined);
    if (found) return found.balance;
    await step((q) => q(OPEN_ACCOUNT).run(account, OPENING_BALANCE_CENTS));
    return (await step((q) => q(READ_BALANCE).get(account) as { balance: number })).balance;
  }

  async function once(account: string, opId: string, change: (balance: number) => OpResult): Promise<OpResult> {
    const balance = await read(account);
    const done = await step((q) => q(READ_ANSWER).get(opId, Date.now()) as { answer: string } | undefined);
    if (done) return decodeResult(done.answer);
    const result = change(balance);
    if (result.accepted) await step((q) => q('UPDATE atm_account SET balance = ? WHERE id = ?').run(result.balance, account));
    try {
      await step((q) => q(KEEP_ANSWER).run(opId, encodeResult(result), Date.now() + OP_TTL_SECONDS * 1000));
    } catch (error) {
      // The balance was written, its answer was not: neither "applied" nor "not applied" is true.
      throw result.accepted ? new OutcomeUnknownError(error) : error;
    }
    return result;
  }

  const sweep = setInterval(() => db.tryWrite((q) => q(SWEEP_ANSWERS).run(Date.now())), OP_SWEEP_MS);
  sweep.unref();

  return {
    balance: read,
    withdraw: (account, amount, opId) =>
      once(account, opId, (balance) => (amount > balance ? { accepted: false, balance } : { accepted: true, balance: balance - amount })),
    deposit: (account, amount, opId) => once(account, opId, (balance) => ({ accepted: true, balance: balance + amount })),
    close: async () => {
      clearInterval(sweep);
      db.close();
    },
  };
}
