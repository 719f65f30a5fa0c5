import type { StepResult } from '../../driver/http-session.js';
import type { Rng } from '../../driver/rng.js';
import type { JourneyOutcome, VirtualUser } from '../types.js';
import type { AtmOp, AtmOpKind } from './history.js';

/** One planned operation of a visit to an ATM. */
export interface PlannedOp {
  readonly kind: AtmOpKind;
  readonly amount?: number;
}

/**
 * A visit: check the balance, then 2–5 seeded operations (withdraw, deposit, balance),
 * amounts in whole dollars so the figures read easily.
 */
export function planVisit(rng: Rng): PlannedOp[] {
  const ops: PlannedOp[] = [{ kind: 'balance' }];
  const count = rng.int(2, 5);
  for (let i = 0; i < count; i++) {
    const roll = rng.next();
    if (roll < 0.45) ops.push({ kind: 'withdraw', amount: rng.int(1, 30) * 1000 });
    else if (roll < 0.75) ops.push({ kind: 'deposit', amount: rng.int(1, 20) * 1000 });
    else ops.push({ kind: 'balance' });
  }
  return ops;
}

/**
 * One customer's visit: each operation goes through the balancer to whichever ATM it
 * picks, and is recorded in the history. An operation with no answer is retried once
 * with the same opId (a real ATM client retries; the opId makes the retry apply once).
 */
export async function atmJourney(user: VirtualUser, account: string, record: (op: AtmOp) => void): Promise<JourneyOutcome> {
  const plan = planVisit(user.rng);
  for (const [index, planned] of plan.entries()) {
    if (index > 0) await user.think();
    if (user.signal.aborted) break;
    const opId = `${user.name}.${user.journey}.${index}`;
    let result = await send(user, account, planned, opId, record);
    if (result.outcome === 'indeterminate' && planned.kind !== 'balance' && !user.signal.aborted) {
      result = await send(user, account, planned, opId, record);
    }
    const refused = result.outcome === 'fail' && result.status !== 409;
    if (refused || result.outcome === 'indeterminate') {
      const reason = refused ? `${planned.kind}: refused with ${result.status}` : `${planned.kind}: no answer after a retry`;
      return { kind: 'failed', step: planned.kind, server: result.server, reason, atMs: result.sentAtMs };
    }
  }
  if (user.signal.aborted) return { kind: 'failed', step: 'abort', server: '-', reason: 'run interrupted', atMs: user.clock.now() };
  return { kind: 'completed' };
}

async function send(user: VirtualUser, account: string, planned: PlannedOp, opId: string, record: (op: AtmOp) => void): Promise<StepResult> {
  const path = `/accounts/${account}`;
  const result =
    planned.kind === 'balance'
      ? await user.http.request({ step: 'balance', method: 'GET', path })
      : await user.http.request({ step: planned.kind, method: 'POST', path: `${path}/${planned.kind}`, body: { amount: planned.amount, opId } });
  const body = (result.body ?? {}) as { balance?: unknown };
  const balance = typeof body.balance === 'number' ? body.balance : undefined;
  const insufficient = result.status === 409;
  record({
    account,
    customer: user.name,
    kind: planned.kind,
    ...(planned.amount === undefined ? {} : { amount: planned.amount, opId }),
    invokeMs: result.sentAtMs,
    completeMs: user.clock.now(),
    outcome: result.outcome,
    ...(result.status === undefined ? {} : { status: result.status }),
    ...(balance === undefined ? {} : { balance }),
    ...(insufficient ? { insufficient } : {}),
    server: result.server,
  });
  return result;
}
