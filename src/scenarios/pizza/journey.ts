import { MENU_ITEMS } from '../../../targets/pizza/menu.js';
import type { StepResult } from '../../driver/http-session.js';
import type { Rng } from '../../driver/rng.js';
import type { JourneyOutcome, VirtualUser } from '../types.js';
import { EMPTY_CART, step, type CartModel, type PizzaEvent, type PizzaStep } from './checker.js';

/**
 * The pizza journey: log in, add 2–4 items chosen by the seed, view the cart, check out.
 * Each answer goes through the checker's reducer; the journey ends at the first
 * decisive verdict (completed, lost, failed).
 */
export async function pizzaJourney(user: VirtualUser): Promise<JourneyOutcome> {
  const items = chooseItems(user.rng);
  // A new journey is a new visitor: the old session (and sticky cookie) is forgotten.
  user.http.cookies.clear();
  let model: CartModel = EMPTY_CART;

  const plan: { step: PizzaStep; item?: string }[] = [
    { step: 'login' },
    ...items.map((item) => ({ step: 'add' as const, item })),
    { step: 'view' },
    { step: 'checkout' },
  ];
  for (const [index, next] of plan.entries()) {
    if (index > 0) await user.think();
    if (user.signal.aborted) break;
    let result = await send(user, next.step, next.item);
    if (isUnavailable(result)) {
      // "Service unavailable": a person waits a moment and tries again, once. A 503 is a
      // definite refusal (nothing was applied), so the retry cannot apply twice.
      await user.think();
      if (!user.signal.aborted) result = await send(user, next.step, next.item);
    }
    const applied = step(model, toEvent(next.step, next.item, result));
    model = applied.model;
    const { verdict } = applied;
    if (verdict.kind === 'completed') return { kind: 'completed' };
    if (verdict.kind === 'lost' || verdict.kind === 'failed') {
      return { kind: verdict.kind, step: next.step, server: result.server, reason: verdict.reason, atMs: result.sentAtMs };
    }
  }
  return { kind: 'failed', step: 'abort', server: '-', reason: 'run interrupted', atMs: user.clock.now() };
}

/** The 2–4 items of one journey: all the journey's randomness, drawn from its seeded stream. */
export function chooseItems(rng: Rng): string[] {
  return Array.from({ length: rng.int(2, 4) }, () => rng.pick(MENU_ITEMS));
}

function isUnavailable(result: StepResult): boolean {
  return result.outcome === 'fail' && result.status === 503;
}

function send(user: VirtualUser, which: PizzaStep, item: string | undefined): Promise<StepResult> {
  switch (which) {
    case 'login':
      return user.http.request({ step: 'login', method: 'POST', path: '/login', body: { user: user.name } });
    case 'add':
      return user.http.request({ step: 'add', method: 'POST', path: '/cart/items', body: { item } });
    case 'view':
      return user.http.request({ step: 'view', method: 'GET', path: '/cart' });
    case 'checkout':
      return user.http.request({ step: 'checkout', method: 'POST', path: '/checkout' });
  }
}

/** The checker's view of an answer: which cart it showed. */
export function toEvent(which: PizzaStep, item: string | undefined, result: StepResult): PizzaEvent {
  const body = (result.body ?? {}) as { cart?: unknown; order?: { items?: unknown } };
  const shown = which === 'checkout' ? body.order?.items : body.cart;
  const cart = Array.isArray(shown) ? shown.filter((entry): entry is string => typeof entry === 'string') : undefined;
  return {
    step: which,
    outcome: result.outcome,
    status: result.status,
    ...(item === undefined ? {} : { item }),
    ...(cart === undefined ? {} : { cart }),
  };
}
