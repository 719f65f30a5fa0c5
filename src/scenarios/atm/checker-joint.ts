/**
 * A joint account: two customers use it at once, so there is no step-by-step model,
 * only what the books must add up to. Like Jepsen's bank test, the checker keeps the
 * totals: every acknowledged operation counts once, every unanswered one may count.
 */
import { formatCents } from './checker-money.js';
import type { Finding } from './checker-report.js';
import { OPENING_BALANCE_CENTS, type AtmOp } from './history.js';

export interface JointResult {
  readonly findings: readonly Finding[];
  /** The balances the books allow at the end: every one from min to max. */
  readonly min: number;
  readonly max: number;
}

interface Operation {
  readonly kind: AtmOp['kind'];
  readonly amount: number;
  ok: boolean;
  indeterminate: boolean;
}

export function checkJoint(account: string, ops: readonly AtmOp[]): JointResult {
  const findings: Finding[] = [];
  for (const op of ops) {
    // Any balance shown below zero, in an answer or a refusal, is money the bank did not have.
    if (op.balance !== undefined && op.balance < 0) {
      findings.push({
        kind: 'overdraft',
        account,
        server: op.server,
        expected: `a balance of ${formatCents(0)} or more`,
        observed: formatCents(op.balance),
        atMs: op.invokeMs,
      });
    }
  }
  let base = OPENING_BALANCE_CENTS;
  let maybeOut = 0;
  let maybeIn = 0;
  for (const operation of dedupe(ops)) {
    const signed = operation.kind === 'withdraw' ? -operation.amount : operation.amount;
    if (operation.ok) base += signed;
    else if (!operation.indeterminate) continue;
    else if (signed < 0) maybeOut -= signed;
    else maybeIn += signed;
  }
  return { findings, min: base - maybeOut, max: base + maybeIn };
}

/**
 * One entry per opId: acknowledged if any attempt was, in doubt if every attempt that
 * counts got no answer; refused attempts changed nothing. An operation without an opId
 * stands alone.
 */
function dedupe(ops: readonly AtmOp[]): Operation[] {
  const byOpId = new Map<string, Operation>();
  const lone: Operation[] = [];
  for (const op of ops) {
    if (op.kind === 'balance' || op.outcome === 'fail') continue;
    const fresh: Operation = { kind: op.kind, amount: op.amount ?? 0, ok: false, indeterminate: false };
    const operation = op.opId === undefined ? fresh : (byOpId.get(op.opId) ?? fresh);
    if (op.opId === undefined) lone.push(operation);
    else byOpId.set(op.opId, operation);
    if (op.outcome === 'ok') operation.ok = true;
    else operation.indeterminate = true;
  }
  return [...byOpId.values(), ...lone];
}
