/**
 * The ATM history, in the spirit of Jepsen's: every operation as it was invoked and how
 * it completed, with the server that answered; plus the audit read after the load.
 * The checker works on this alone, so it is tested on hand-written histories.
 */
import type { Outcome } from '../../driver/outcome.js';
import type { CheckerExample, CheckerReport } from '../../result.js';

/** Every account opens at $1000 on first touch (docs/protocols.md), at the targets and in the model. */
export { OPENING_BALANCE_CENTS } from '../../../targets/atm/store.js';

export type AtmOpKind = 'balance' | 'withdraw' | 'deposit';

/** One completed operation (invoke + completion). */
export interface AtmOp {
  /** Account id, e.g. `acct-7` (owned) or `joint-2`. */
  readonly account: string;
  /** The customer (virtual user) that made it. */
  readonly customer: string;
  readonly kind: AtmOpKind;
  /** Cents; withdraw and deposit only. */
  readonly amount?: number;
  /** Withdraw and deposit only; a retry carries the same opId as the try it repeats. */
  readonly opId?: string;
  /** ms since the start of the load. */
  readonly invokeMs: number;
  readonly completeMs: number;
  /**
   * `ok`: applied (or read) and answered; `fail`: definitely not applied (e.g. a 409
   * insufficient funds, or a 503 no backend); `indeterminate`: may or may not have applied.
   */
  readonly outcome: Outcome;
  readonly status?: number;
  /** The balance the answer showed (200, and 409 insufficient funds). */
  readonly balance?: number;
  /** True for a 409 insufficient funds. */
  readonly insufficient?: boolean;
  /** `x-server-id` of the answer, `balancer` or `-`. */
  readonly server: string;
}

/** One account read from one live server, directly (not through the balancer), after the load. */
export interface AuditRead {
  readonly account: string;
  readonly server: string;
  /** Undefined when that server could not be read. */
  readonly balance?: number;
}

export interface AtmHistory {
  readonly ops: readonly AtmOp[];
  readonly audit: readonly AuditRead[];
  /** Accounts used by two customers at once; all others have exactly one customer. */
  readonly joint: ReadonlySet<string>;
  /** Every account of the run (owned and joint), for the audit. */
  readonly accounts: readonly string[];
}

export const CONSISTENCY_KINDS = ['stale-read', 'overdraft', 'lost-update', 'money-minted', 'money-destroyed', 'divergent-read'] as const;
export type ConsistencyKind = (typeof CONSISTENCY_KINDS)[number];

export type ConsistencyExample = CheckerExample<ConsistencyKind>;

export interface ConsistencyReport extends CheckerReport<ConsistencyKind> {
  readonly moneyMintedCents: number;
  readonly moneyDestroyedCents: number;
}
