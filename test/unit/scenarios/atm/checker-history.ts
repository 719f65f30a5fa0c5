/**
 * Builds hand-written ATM histories for the checker tests: a customer whose steps get
 * increasing times, and an audit read from every live server.
 */
import type { AtmHistory, AtmOp, AuditRead } from '../../../../src/scenarios/atm/history.js';

/** Dollars to cents, so the figures in the tests read like the story they tell. */
export const usd = (dollars: number): number => Math.round(dollars * 100);

type Extra = Partial<AtmOp>;

/** One customer at one account; each step starts 10 ms after the previous one. */
export function customer(account: string, name = 'alice', startMs = 0) {
  let clock = startMs;
  let ids = 0;
  const op = (fields: Omit<AtmOp, 'account' | 'customer' | 'invokeMs' | 'completeMs' | 'server'> & { server?: string }, extra: Extra): AtmOp => {
    clock += 10;
    return { account, customer: name, invokeMs: clock, completeMs: clock + 5, server: 'server-1', ...fields, ...extra };
  };
  const nextId = () => `${name}.${++ids}`;
  return {
    balance: (balance: number, extra: Extra = {}) => op({ kind: 'balance', outcome: 'ok', status: 200, balance }, extra),
    withdraw: (amount: number, balance: number, extra: Extra = {}) =>
      op({ kind: 'withdraw', amount, opId: nextId(), outcome: 'ok', status: 200, balance }, extra),
    deposit: (amount: number, balance: number, extra: Extra = {}) =>
      op({ kind: 'deposit', amount, opId: nextId(), outcome: 'ok', status: 200, balance }, extra),
    /** A 409 "insufficient funds" showing the balance. */
    refused: (amount: number, balance: number, extra: Extra = {}) =>
      op({ kind: 'withdraw', amount, opId: nextId(), outcome: 'fail', status: 409, balance, insufficient: true }, extra),
    /** Sent, no answer: it may or may not have taken effect. */
    unanswered: (kind: 'withdraw' | 'deposit', amount: number, extra: Extra = {}) =>
      op({ kind, amount, opId: nextId(), outcome: 'indeterminate', server: 'balancer' }, extra),
  };
}

/** Each server's final balance of `account`; `undefined` for a server that could not be read. */
export function audit(account: string, byServer: Record<string, number | undefined>): AuditRead[] {
  return Object.entries(byServer).map(([server, balance]) => (balance === undefined ? { account, server } : { account, server, balance }));
}

export function history(ops: readonly AtmOp[], reads: readonly AuditRead[] = [], joint: readonly string[] = []): AtmHistory {
  const accounts = [...new Set([...ops.map((op) => op.account), ...reads.map((read) => read.account)])];
  return { ops, audit: reads, joint: new Set(joint), accounts };
}
