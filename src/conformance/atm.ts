/**
 * The atm protocol (docs/protocols.md §4) as the journey and the consistency checker rely
 * on it: integer balances in cents, an opening balance of 100000, withdraw and deposit
 * with an `opId` answering the new balance, and 409 with the balance for insufficient
 * funds. One fresh account on one server, used in turn with fresh opIds: the arithmetic
 * a run takes for granted. Never judged here: a retried opId, concurrent customers, or a
 * balance read on another server, which is what a run measures.
 */
import { randomBytes } from 'node:crypto';
import { OPENING_BALANCE_CENTS } from '../../targets/atm/store.js';
import type { Exchange, ProbeClient } from './client.js';
import { field, isSuccess, judge } from './judge.js';
import type { ConformanceCheck } from './types.js';

const WITHDRAW = 2500;
const DEPOSIT = 1000;
/** Far beyond any balance the probe's account can reach. */
const TOO_MUCH = 1_000_000_000;

/** A 2xx whose `balance` is the integer `expected`. */
export function judgeBalance(step: string, exchange: Exchange, expected: number): ConformanceCheck {
  return judge(
    { name: `atm: ${step} answers 200 {balance} in integer cents`, required: true, expected: `200 {"balance":${expected}}` },
    exchange,
    isSuccess(exchange) && field(exchange, 'balance') === expected,
  );
}

export function judgeInsufficient(exchange: Exchange, balance: number): ConformanceCheck[] {
  const shown = field(exchange, 'balance');
  return [
    judge(
      { name: 'atm: a withdrawal beyond the balance answers 409 {balance}', required: true, expected: `409 {"error":"insufficient funds","balance":<integer>}` },
      exchange,
      exchange.status === 409 && Number.isSafeInteger(shown),
    ),
    judge(
      { name: 'atm: the 409 shows the balance, unchanged', required: false, expected: `409 {"error":"insufficient funds","balance":${balance}}` },
      exchange,
      exchange.status === 409 && shown === balance && field(exchange, 'error') === 'insufficient funds',
    ),
  ];
}

export async function probeAtm(client: ProbeClient): Promise<ConformanceCheck[]> {
  const tag = randomBytes(4).toString('hex');
  const path = `/accounts/probe-${tag}`;
  const op = (kind: 'withdraw' | 'deposit', amount: number, n: number) =>
    client.http({ method: 'POST', path: `${path}/${kind}`, body: { amount, opId: `probe-${tag}-${n}` } });
  let balance = OPENING_BALANCE_CENTS;
  const checks = [judgeBalance(`a fresh account's read (opening balance ${balance})`, await client.http({ method: 'GET', path }), balance)];
  balance -= WITHDRAW;
  checks.push(judgeBalance('withdraw with an opId', await op('withdraw', WITHDRAW, 1), balance));
  balance += DEPOSIT;
  checks.push(judgeBalance('deposit with an opId', await op('deposit', DEPOSIT, 2), balance));
  checks.push(...judgeInsufficient(await op('withdraw', TOO_MUCH, 3), balance));
  const read = await client.http({ method: 'GET', path });
  checks.push(
    judge(
      { name: 'atm: a read after the operations shows them', required: false, expected: `200 {"balance":${balance}}` },
      read,
      isSuccess(read) && field(read, 'balance') === balance,
    ),
  );
  const negative = await op('withdraw', -5, 4);
  checks.push(judge({ name: 'atm: a negative amount answers 400', required: false, expected: '400' }, negative, negative.status === 400));
  return checks;
}
