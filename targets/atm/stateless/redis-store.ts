/**
 * Balances in Redis, so any server of the fleet can serve any account and a crash loses
 * no money. An account is one integer key `<prefix>atm:acct:<id>` (cents); the answer
 * to an operation is kept under `<prefix>atm:op:<opId>` for an hour. Each request is
 * one Lua script: Redis runs it alone, so two withdrawals on one account can never both
 * read the same balance, and the opId check and the update can never be split.
 */
import type { Redis } from 'ioredis';
import { decodeResult, OP_TTL_SECONDS, OPENING_BALANCE_CENTS, type AtmStore } from '../store.js';

export interface RedisStoreOptions {
  /** A connected client; the store owns it and quits it on `close()`. */
  readonly redis: Redis;
  /** Prefix of every key, so runs sharing one Redis do not collide. */
  readonly keyPrefix: string;
}

// KEYS[1] account, ARGV[1] opening balance.
const READ = `redis.call('SET', KEYS[1], ARGV[1], 'NX')
return redis.call('GET', KEYS[1])`;

// KEYS[1] account, KEYS[2] opId answer; ARGV[1] amount, ARGV[2] opening balance, ARGV[3] answer TTL.
// The answer is built from GET's string, not a Lua number: Lua would print a large one as 1e+15.
const once = (apply: string): string => `local done = redis.call('GET', KEYS[2])
if done then return done end
redis.call('SET', KEYS[1], ARGV[2], 'NX')
local answer
${apply}
redis.call('SET', KEYS[2], answer, 'EX', ARGV[3])
return answer`;

const WITHDRAW = once(`if tonumber(ARGV[1]) > tonumber(redis.call('GET', KEYS[1])) then
  answer = '409:' .. redis.call('GET', KEYS[1])
else
  redis.call('DECRBY', KEYS[1], ARGV[1])
  answer = '200:' .. redis.call('GET', KEYS[1])
end`);

const DEPOSIT = once(`redis.call('INCRBY', KEYS[1], ARGV[1])
answer = '200:' .. redis.call('GET', KEYS[1])`);

/** An `AtmStore` on Redis whose every operation is atomic and applies once per opId. */
export function createRedisStore({ redis, keyPrefix }: RedisStoreOptions): AtmStore {
  const accountKey = (account: string): string => `${keyPrefix}atm:acct:${account}`;
  const opKey = (opId: string): string => `${keyPrefix}atm:op:${opId}`;
  const run = async (script: string, account: string, amount: number, opId: string) =>
    decodeResult(String(await redis.eval(script, 2, accountKey(account), opKey(opId), amount, OPENING_BALANCE_CENTS, OP_TTL_SECONDS)));
  return {
    balance: async (account) => Number(await redis.eval(READ, 1, accountKey(account), OPENING_BALANCE_CENTS)),
    withdraw: (account, amount, opId) => run(WITHDRAW, account, amount, opId),
    deposit: (account, amount, opId) => run(DEPOSIT, account, amount, opId),
    close: async () => void (await redis.quit()),
  };
}
