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
    const result = await sendPatiently(user, next.step, next.item);
    const applied = step(model, toEvent(next.step, next.item, result));
    model = applied.model;
    const { verdict } = applied;
    if (verdict.kind === 'completed') return { kind: 'completed' };
    if (verdict.kind === 'lost' || verdict.kind === 'failed') {
      return { kind: verdict.kind, step: next.step, server: result.server, reason: verdict.reason, atMs: answeredAtMs(result) };
    }
  }
  return { kind: 'failed', step: 'abort', server: '-', reason: 'run interrupted', atMs: user.clock.now() };
}

/** The 2–4 items of one journey: all the journey's randomness, drawn from its seeded stream. */
export function chooseItems(rng: Rng): string[] {
  return Array.from({ length: rng.int(2, 4) }, () => rng.pick(MENU_ITEMS));
}

/** How long a user keeps trying a step refused with 503 before giving up on the visit. */
export const UNAVAILABLE_PATIENCE_MS = 5000;
/** The first pause before trying again; each next one doubles, up to `MAX_RETRY_PAUSE_MS`. */
export const FIRST_RETRY_PAUSE_MS = 100;
export const MAX_RETRY_PAUSE_MS = 1000;

/**
 * Sends a step; while the answer is "service unavailable" (503), waits and tries again,
 * backing off, for up to `UNAVAILABLE_PATIENCE_MS`, as a person reloads a page that is
 * down. A 503 is a definite refusal (nothing was applied), so a retry cannot apply twice.
 * The step is then judged by the answer that ends the outage: after a store crash, a 401
 * says the session that existed before it is gone, a lost session, not a failed visit
 * (docs/NOTES.md, "## Outcomes").
 */
async function sendPatiently(user: VirtualUser, which: PizzaStep, item: string | undefined): Promise<StepResult> {
  const since = user.clock.now();
  let result = await send(user, which, item);
  for (let pause = FIRST_RETRY_PAUSE_MS; isUnavailable(result); pause = Math.min(2 * pause, MAX_RETRY_PAUSE_MS)) {
    if (user.signal.aborted || user.clock.now() - since >= UNAVAILABLE_PATIENCE_MS) break;
    await user.clock.sleep(pause, user.signal);
    if (user.signal.aborted) break;
    result = await send(user, which, item);
  }
  return result;
}

/** When the answer that decided the journey was known: a loss belongs to that moment. */
function answeredAtMs(result: StepResult): number {
  return result.intendedAtMs + result.latencyUs / 1000;
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
