/**
 * The seam between the atm protocol (app.ts) and where balances live: the process's
 * memory (stateful) or a shared store, Redis or a SQLite file chosen by `--store`
 * (stateless, atomic; stateless-naive, read-modify-write; docs/stores.md).
 */

/** Every account opens implicitly with this balance, in cents, on its first touch at a store. */
export const OPENING_BALANCE_CENTS = 100_000;

/** How long a store remembers the answer to an `opId`, so a retry within it applies once. */
export const OP_TTL_SECONDS = 3_600;

/** The answer to a withdrawal or deposit: accepted (200) or refused for funds (409). */
export interface OpResult {
  readonly accepted: boolean;
  /** The balance after the operation (unchanged when refused), in cents. */
  readonly balance: number;
}

/**
 * Where balances live. Each operation carries an `opId`: an operation whose `opId` the
 * store has already answered gets that same answer again and changes nothing. opIds
 * are one namespace per store, not per account. Anything a store throws is the store
 * failing, not the client's fault.
 */
export interface AtmStore {
  /** The balance of `account`, opening it first if this store has never seen it. */
  balance(account: string): Promise<number>;
  /** Takes `amount` off `account`, or refuses (never overdraws). */
  withdraw(account: string, amount: number, opId: string): Promise<OpResult>;
  /** Adds `amount` to `account`. */
  deposit(account: string, amount: number, opId: string): Promise<OpResult>;
  /** Releases what the store holds (connections). */
  close(): Promise<void>;
}

/**
 * An answer as the shared stores keep it under an opId: `200:<balance>` or `409:<balance>`.
 * Plain text rather than JSON because Lua's cjson prints large numbers in exponent form.
 */
export function encodeResult({ accepted, balance }: OpResult): string {
  return `${accepted ? 200 : 409}:${balance}`;
}

/** Reads back `encodeResult`; throws on anything else (a corrupt store is the store failing). */
export function decodeResult(text: string): OpResult {
  const match = /^(200|409):(-?\d+)$/.exec(text);
  if (!match) throw new Error(`unreadable operation answer in the store: ${text}`);
  return { accepted: match[1] === '200', balance: Number(match[2]) };
}
