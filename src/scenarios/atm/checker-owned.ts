/**
 * The model of an owned account: one customer, one request at a time, so the balance
 * after every step is known exactly, up to the steps that got no answer.
 *
 * The model is a set of possible states. A state is a balance plus the opIds whose
 * effect it already holds, among those still in doubt: that is how a retry (same opId)
 * is told apart from a new operation. With the retry right after its try, this is the
 * same as "restore the balances from before the try and apply the retry once"; it stays
 * right when other steps come in between. A repeat of an opId that every state already
 * holds (acknowledged before) changes nothing: its answer is checked as a balance read.
 * A 409 must show a balance the model allows that is below the amount asked for.
 */
import { describeBalances, formatCents } from './checker-money.js';
import type { Finding } from './checker-report.js';
import { OPENING_BALANCE_CENTS, type AtmOp, type ConsistencyKind } from './history.js';

/** At most this many states are kept; chains of unanswered steps are short in practice. */
export const MAX_STATES = 256;

interface State {
  readonly balance: number;
  /** opIds in doubt whose effect this balance holds. */
  readonly applied: ReadonlySet<string>;
}

interface Violation {
  readonly kind: ConsistencyKind;
  readonly expected: string;
  readonly observed: string;
}

interface Step {
  readonly states: readonly State[];
  readonly error?: Violation;
}

export interface OwnedResult {
  readonly findings: readonly Finding[];
  /** The balances the model allows at the end, for the audit. */
  readonly balances: readonly number[];
}

/** Walks one owned account's operations in the order they were invoked. */
export function checkOwned(account: string, ops: readonly AtmOp[]): OwnedResult {
  const ordered = [...ops].sort((a, b) => a.invokeMs - b.invokeMs);
  const settled = new Set<string>();
  let states: readonly State[] = [{ balance: OPENING_BALANCE_CENTS, applied: new Set() }];
  const findings: Finding[] = [];
  for (const op of ordered) {
    const step = applyOp(states, settled, op);
    if (step.error) findings.push({ ...step.error, account, server: op.server, atMs: op.invokeMs });
    states = normalize(step.states, settled);
  }
  return { findings, balances: balancesOf(states) };
}

function applyOp(states: readonly State[], settled: ReadonlySet<string>, op: AtmOp): Step {
  // A definite refusal other than "insufficient funds" (a 503: no backend) changed nothing,
  // and a read with no answer says nothing.
  if (op.outcome === 'fail' && !op.insufficient) return { states };
  if (op.kind === 'balance') return op.outcome === 'ok' ? read(states, op.balance) : { states };

  const amount = op.amount ?? 0;
  const delta = op.kind === 'withdraw' ? -amount : amount;
  // A state that already holds this opId must not apply it again (the opId makes a retry apply once).
  const holds = (state: State) => op.opId !== undefined && (settled.has(op.opId) || state.applied.has(op.opId));
  const effect = (state: State): State => ({
    balance: state.balance + delta,
    applied: op.opId === undefined ? state.applied : new Set([...state.applied, op.opId]),
  });
  const covered = (state: State) => op.kind === 'deposit' || state.balance >= amount;

  if (op.outcome === 'indeterminate') {
    return { states: [...states, ...states.filter((s) => !holds(s) && covered(s)).map(effect)] };
  }
  if (op.outcome === 'fail') return insufficient(states, holds, amount, op.balance);

  let after = states.flatMap((s) => (holds(s) ? [s] : covered(s) ? [effect(s)] : []));
  let error: Violation | undefined;
  const observed = op.balance;
  // Any negative balance after a withdrawal is an overdraft too (a deposit cannot make one).
  if (after.length === 0 || (op.kind === 'withdraw' && observed !== undefined && observed < 0)) {
    error = {
      kind: 'overdraft',
      expected: `no withdrawal beyond ${describeBalances(balancesOf(states))}`,
      observed: `withdrew ${formatCents(amount)}${observed === undefined ? '' : `, balance ${formatCents(observed)}`}`,
    };
    // Go on from the balances the accepted withdrawal leads to, so one overdraft is one error.
    if (after.length === 0) after = states.map((s) => (holds(s) ? s : effect(s)));
  }
  if (observed === undefined) return error ? { states: after, error } : { states: after };
  const matching = after.filter((s) => s.balance === observed);
  if (matching.length > 0) return error ? { states: matching, error } : { states: matching };
  return { states: after, error: error ?? { kind: 'stale-read', expected: describeBalances(balancesOf(after)), observed: formatCents(observed) } };
}

/** A balance shown must be one the model allows; it then decides which one is true. */
function read(states: readonly State[], observed: number | undefined): Step {
  if (observed === undefined) return { states };
  const matching = states.filter((s) => s.balance === observed);
  if (matching.length > 0) return { states: matching };
  return { states, error: { kind: 'stale-read', expected: describeBalances(balancesOf(states)), observed: formatCents(observed) } };
}

/**
 * A 409 "insufficient funds" is right only from a state that lacks this opId and holds
 * less than the amount, and the balance it shows must be that state's.
 */
function insufficient(states: readonly State[], holds: (s: State) => boolean, amount: number, observed: number | undefined): Step {
  const matching = states.filter((s) => !holds(s) && s.balance < amount && (observed === undefined || s.balance === observed));
  if (matching.length > 0) return { states: matching };
  const shown = observed === undefined ? '' : ` with ${formatCents(observed)}`;
  return {
    states,
    error: { kind: 'stale-read', expected: describeBalances(balancesOf(states)), observed: `insufficient funds for ${formatCents(amount)}${shown}` },
  };
}

/**
 * Moves opIds that every state holds out of doubt (into `settled`), merges equal states,
 * and keeps the lowest and highest balances past MAX_STATES: those are what the audit's
 * minted/destroyed figures are measured from.
 */
function normalize(states: readonly State[], settled: Set<string>): State[] {
  const first = states[0];
  const everywhere = first ? [...first.applied].filter((id) => states.every((s) => s.applied.has(id))) : [];
  for (const id of everywhere) settled.add(id);
  const unique = new Map<string, State>();
  for (const state of states) {
    const applied = [...state.applied].filter((id) => !settled.has(id)).sort();
    const key = `${state.balance}|${applied.join(',')}`;
    if (!unique.has(key)) unique.set(key, { balance: state.balance, applied: new Set(applied) });
  }
  const merged = [...unique.values()];
  if (merged.length <= MAX_STATES) return merged;
  merged.sort((a, b) => a.balance - b.balance);
  return [...merged.slice(0, MAX_STATES / 2), ...merged.slice(-MAX_STATES / 2)];
}

function balancesOf(states: readonly State[]): number[] {
  return [...new Set(states.map((s) => s.balance))].sort((a, b) => a - b);
}
