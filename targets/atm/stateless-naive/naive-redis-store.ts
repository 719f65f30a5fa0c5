/**
 * Balances in Redis, ported naively from the stateful design: the same keys as the
 * atomic store, but each operation is the in-memory code with `await` in front of every
 * access. Read the balance, read the opId, compute, write the balance, write the answer:
 * separate round trips with no WATCH, MULTI or Lua. In memory that code was atomic;
 * here another server's withdrawal can land between the read and the write, and one of
 * the two updates is lost. That gap is this design's whole point: do not "fix" it.
 */
import type { Redis } from 'ioredis';
import { decodeResult, encodeResult, OP_TTL_SECONDS, OPENING_BALANCE_CENTS, type AtmStore, type OpResult } from '../store.js';

export interface NaiveRedisStoreOptions {
  /** A connected client; the store owns it and quits it on `close()`. */
  readonly redis: Redis;
  /** Prefix of every key, so runs sharing one Redis do not collide. */
  readonly keyPrefix: string;
}

/** An `AtmStore` on Redis that loses updates under concurrency, as a naive port does. */
export function createNaiveRedisStore({ redis, keyPrefix }: NaiveRedisStoreOptions): AtmStore {
  const accountKey = (account: string): string => `${keyPrefix}atm:acct:${account}`;
  const opKey = (opId: string): string => `${keyPrefix}atm:op:${opId}`;

  /** The balance, opening the account first if absent (NX, so a racing opener's write stands). */
  async function read(account: string): Promise<number> {
    const found = await redis.get(accountKey(account));
    if (found !== null) return Number(found);
    await redis.set(accountKey(account), OPENING_BALANCE_CENTS, 'NX');
    return Number(await redis.get(accountKey(account)));
  }

  async function once(account: string, opId: string, change: (balance: number) => OpResult): Promise<OpResult> {
    const balance = await read(account);
    const done = await redis.get(opKey(opId));
    if (done !== null) return decodeResult(done);
    const result = change(balance);
    if (result.accepted) await redis.set(accountKey(account), result.balance);
    await redis.set(opKey(opId), encodeResult(result), 'EX', OP_TTL_SECONDS);
    return result;
  }

  return {
    balance: read,
    withdraw: (account, amount, opId) =>
      once(account, opId, (balance) => (amount > balance ? { accepted: false, balance } : { accepted: true, balance: balance - amount })),
    deposit: (account, amount, opId) => once(account, opId, (balance) => ({ accepted: true, balance: balance + amount })),
    close: async () => void (await redis.quit()),
  };
}
