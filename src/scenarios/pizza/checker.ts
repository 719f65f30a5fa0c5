/**
 * Session-loss detection for the pizza cart (docs/NOTES.md), as a pure reducer over a
 * journey's history, so the journey runner and the tests share one definition.
 *
 * A journey *lost its session* when a step after login is refused with 401, or when a
 * cart the server shows lacks an item the server had acknowledged. An add that got no
 * answer (indeterminate) may or may not be in the cart: both are fine.
 */
import type { Outcome } from '../../driver/outcome.js';

export type PizzaStep = 'login' | 'add' | 'view' | 'checkout';

/** One request of a journey as the checker sees it. */
export interface PizzaEvent {
  readonly step: PizzaStep;
  readonly outcome: Outcome;
  readonly status: number | undefined;
  /** The item added (add steps). */
  readonly item?: string;
  /** The cart the answer showed: `cart` of add/view, `order.items` of checkout. */
  readonly cart?: readonly string[];
}

/** What the client knows of its cart. */
export interface CartModel {
  readonly loggedIn: boolean;
  /** Items the server acknowledged: they must be there. */
  readonly acked: readonly string[];
  /** Items whose add got no answer: they may be there. */
  readonly maybe: readonly string[];
}

export type Verdict =
  | { readonly kind: 'continue' }
  | { readonly kind: 'completed' }
  | { readonly kind: 'lost'; readonly reason: string }
  | { readonly kind: 'failed'; readonly reason: string };

export const EMPTY_CART: CartModel = { loggedIn: false, acked: [], maybe: [] };

const CONTINUE: Verdict = { kind: 'continue' };

/** Applies one event to the model: the new model and what it means for the journey. */
export function step(model: CartModel, event: PizzaEvent): { model: CartModel; verdict: Verdict } {
  if (event.step !== 'login' && event.status === 401) {
    return { model, verdict: { kind: 'lost', reason: `${event.step}: 401 unknown session` } };
  }
  if (event.outcome === 'fail') {
    return { model, verdict: { kind: 'failed', reason: `${event.step}: refused with ${event.status}` } };
  }
  if (event.outcome === 'indeterminate') return indeterminate(model, event);

  switch (event.step) {
    case 'login':
      return { model: { loggedIn: true, acked: [], maybe: [] }, verdict: CONTINUE };
    case 'add': {
      const acked = [...model.acked, event.item ?? ''];
      const missing = missingItems(acked, event.cart ?? []);
      if (missing.length > 0) return lostItems(model, event, missing);
      return { model: { ...model, ...settle(acked, model.maybe, event.cart ?? []) }, verdict: CONTINUE };
    }
    case 'view': {
      const missing = missingItems(model.acked, event.cart ?? []);
      if (missing.length > 0) return lostItems(model, event, missing);
      return { model: { ...model, ...settle(model.acked, model.maybe, event.cart ?? []) }, verdict: CONTINUE };
    }
    case 'checkout': {
      const missing = missingItems(model.acked, event.cart ?? []);
      if (missing.length > 0) return lostItems(model, event, missing);
      return { model: EMPTY_CART, verdict: { kind: 'completed' } };
    }
  }
}

function indeterminate(model: CartModel, event: PizzaEvent): { model: CartModel; verdict: Verdict } {
  switch (event.step) {
    case 'add':
      return { model: { ...model, maybe: [...model.maybe, event.item ?? ''] }, verdict: CONTINUE };
    case 'view':
      return { model, verdict: CONTINUE };
    default:
      // Without a login there is no session to go on with; after an unanswered checkout
      // nobody knows whether the order was placed.
      return { model, verdict: { kind: 'failed', reason: `${event.step}: no answer` } };
  }
}

function lostItems(model: CartModel, event: PizzaEvent, missing: string[]) {
  const reason = `${event.step}: cart lacks acknowledged ${missing.join(', ')}`;
  return { model, verdict: { kind: 'lost', reason } as Verdict };
}

/** Items of `expected` (a multiset) that `observed` lacks. */
export function missingItems(expected: readonly string[], observed: readonly string[]): string[] {
  const left = new Map<string, number>();
  for (const item of observed) left.set(item, (left.get(item) ?? 0) + 1);
  const missing: string[] = [];
  for (const item of expected) {
    const count = left.get(item) ?? 0;
    if (count === 0) missing.push(item);
    else left.set(item, count - 1);
  }
  return missing;
}

/**
 * Once a cart is seen, each "maybe" item is decided: the ones present beyond the acked
 * items did take effect; the others did not.
 */
function settle(acked: readonly string[], maybe: readonly string[], observed: readonly string[]) {
  const extra = [...observed];
  for (const item of acked) {
    const at = extra.indexOf(item);
    if (at >= 0) extra.splice(at, 1);
  }
  const nowAcked = [...acked];
  for (const item of maybe) {
    const at = extra.indexOf(item);
    if (at >= 0) {
      nowAcked.push(item);
      extra.splice(at, 1);
    }
  }
  return { acked: nowAcked, maybe: [] as string[] };
}

/** Folds a whole journey's history; the verdict of its last decisive event. */
export function checkJourney(events: readonly PizzaEvent[]): Verdict {
  let model = EMPTY_CART;
  for (const event of events) {
    const next = step(model, event);
    if (next.verdict.kind !== 'continue') return next.verdict;
    model = next.model;
  }
  return CONTINUE;
}
