/**
 * Balances in this process's memory, as a 2000s bank server kept them: one `Map` per
 * process. Each ATM knows only its own history; another server opens the same account
 * afresh at the opening balance, and a crash forgets every withdrawal.
 */
import { OPENING_BALANCE_CENTS, type AtmStore, type OpResult } from '../store.js';

export interface MemoryStoreOptions {
  /** How many opId answers are remembered; the oldest is forgotten first. @default 100_000 */
  readonly maxOps?: number;
}

/** An `AtmStore` in two `Map`s. Every operation runs without an `await`, so it is atomic. */
export function createMemoryStore({ maxOps = 100_000 }: MemoryStoreOptions = {}): AtmStore {
  const balances = new Map<string, number>();
  // A Map iterates in insertion order, so its first key is the oldest answer: bounded
  // memory for a long run, while a retry (which comes soon after) still finds its answer.
  const answers = new Map<string, OpResult>();

  const open = (account: string): number => {
    const found = balances.get(account);
    if (found !== undefined) return found;
    balances.set(account, OPENING_BALANCE_CENTS);
    return OPENING_BALANCE_CENTS;
  };

  /** Applies `change` once per opId: a retry gets the first answer and changes nothing. */
  function once(account: string, opId: string, change: (balance: number) => OpResult): OpResult {
    const done = answers.get(opId);
    if (done) return done;
    const result = change(open(account));
    if (result.accepted) balances.set(account, result.balance);
    answers.set(opId, result);
    if (answers.size > maxOps) answers.delete(answers.keys().next().value as string);
    return result;
  }

  return {
    balance: async (account) => open(account),
    withdraw: async (account, amount, opId) =>
      once(account, opId, (balance) => (amount > balance ? { accepted: false, balance } : { accepted: true, balance: balance - amount })),
    deposit: async (account, amount, opId) => once(account, opId, (balance) => ({ accepted: true, balance: balance + amount })),
    close: async () => undefined,
  };
}
