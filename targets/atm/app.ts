/**
 * The atm protocol (docs/protocols.md), written once for every design: balance, withdraw,
 * deposit, in integer cents. Where balances live, and whether an update is atomic, is
 * the store's business, so the designs differ only in the `AtmStore` they pass in.
 */
import type { IncomingMessage, Server } from 'node:http';
import { createJsonServer, HttpError, json, readJson, type Params, type Reply } from '../common/http.js';
import type { AtmStore, OpResult } from './store.js';

export type AtmArch = 'stateful' | 'stateless' | 'stateless-naive';

export interface AtmAppOptions {
  /** Server id, echoed in `x-server-id` and by `/healthz`. */
  readonly id: string;
  /** Reported by `/healthz`. */
  readonly arch: AtmArch;
  readonly store: AtmStore;
  /** Fields `/healthz` adds, e.g. which store a stateless server uses. @default {} */
  readonly health?: Readonly<Record<string, unknown>>;
  /** Maps an unexpected error (the store failing) to a reply. @default 500 "internal error" */
  readonly onError?: (error: unknown) => Reply;
}

/** The fields of a withdrawal or deposit. */
interface Operation {
  readonly amount: number;
  readonly opId: string;
}

const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,64}$/;
const MAX_OP_ID_LENGTH = 128;

/** The `:id` of the path, checked before any body is read or any store is asked. */
function accountOf(params: Params): string {
  const account = params.id ?? '';
  if (!ACCOUNT_ID.test(account)) {
    throw new HttpError(400, `expected the account id to be 1 to 64 letters, digits, '_' or '-', got \`${account}\``);
  }
  return account;
}

async function readOperation(req: IncomingMessage): Promise<Operation> {
  const body = await readJson(req);
  const fields = typeof body === 'object' && body !== null ? (body as Record<string, unknown>) : {};
  const { amount, opId } = fields;
  // Cents are integers; beyond 2^53 JSON numbers stop being exact.
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount <= 0) {
    throw new HttpError(400, `expected "amount" to be a positive integer of cents, got ${JSON.stringify(amount) ?? 'nothing'}`);
  }
  if (typeof opId !== 'string' || opId === '' || opId.length > MAX_OP_ID_LENGTH) {
    throw new HttpError(400, `expected "opId" to be a non-empty string of at most ${MAX_OP_ID_LENGTH} characters`);
  }
  return { amount, opId };
}

const answer = ({ accepted, balance }: OpResult): Reply =>
  accepted ? json(200, { balance }) : json(409, { error: 'insufficient funds', balance });

/** An HTTP server (not yet listening) answering the atm protocol from `store`. */
export function createAtmApp({ id, arch, store, health = {}, onError }: AtmAppOptions): Server {
  async function balance(_req: IncomingMessage, params: Params): Promise<Reply> {
    return json(200, { balance: await store.balance(accountOf(params)) });
  }

  async function withdraw(req: IncomingMessage, params: Params): Promise<Reply> {
    const account = accountOf(params);
    const { amount, opId } = await readOperation(req);
    return answer(await store.withdraw(account, amount, opId));
  }

  async function deposit(req: IncomingMessage, params: Params): Promise<Reply> {
    const account = accountOf(params);
    const { amount, opId } = await readOperation(req);
    return answer(await store.deposit(account, amount, opId));
  }

  return createJsonServer({
    id,
    routes: [
      { method: 'GET', path: '/healthz', handler: () => json(200, { id, arch, scenario: 'atm', ...health }) },
      { method: 'GET', path: '/accounts/:id', handler: balance },
      { method: 'POST', path: '/accounts/:id/withdraw', handler: withdraw },
      { method: 'POST', path: '/accounts/:id/deposit', handler: deposit },
    ],
    onError,
  });
}
