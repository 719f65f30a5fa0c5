import { MENU_ITEMS } from '../../../targets/pizza/menu.js';
import type { HttpSession, StepResult } from '../../driver/http-session.js';
import type { Rng } from '../../driver/rng.js';
import type { JourneyOutcome, VirtualUser } from '../types.js';
import { EMPTY_CART, step, type CartModel, type PizzaEvent, type PizzaStep, type Verdict } from './checker.js';
import type { TabAdd, TabBurst } from './checker-tabs.js';

/** How a journey's adds go out: one after the other (one tab), or from several tabs at once. */
export interface PizzaJourneyOptions {
  /** Browser tabs (`--tabs`). @default 1 */
  readonly tabs?: number;
  /** Receives each journey's burst of adds and the cart view after it (tabs ≥ 2). */
  readonly onBurst?: (burst: TabBurst) => void;
}

type Move = { readonly step: PizzaStep; readonly item?: string } | { readonly step: 'tabs'; readonly adds: readonly TabbedItem[] };

/** What one move decided, and the answer that decided it. */
interface Applied {
  readonly model: CartModel;
  readonly verdict: Verdict;
  readonly server: string;
  readonly atMs: number;
}

/**
 * The pizza journey: log in, add 2–4 items chosen by the seed, view the cart, check out.
 * Each answer goes through the checker's reducer; the journey ends at the first
 * decisive verdict (completed, lost, failed). With several tabs, the adds go out from
 * every tab at once (`sendBurst`), and what the view then shows is judged by the
 * concurrent-writes checker after the run (checker-tabs.ts), not here.
 */
export async function pizzaJourney(user: VirtualUser, options: PizzaJourneyOptions = {}): Promise<JourneyOutcome> {
  const tabs = options.tabs ?? 1;
  const items = chooseItems(user.rng);
  // A new journey is a new visitor: the old session (and sticky cookie) is forgotten.
  user.http.cookies.clear();
  let model: CartModel = EMPTY_CART;
  let burst: TabBurst | undefined;
  const report = (view?: TabBurst['view']) => {
    if (burst) options.onBurst?.(view ? { ...burst, view } : burst);
    burst = undefined;
  };

  const plan: Move[] = [
    { step: 'login' },
    ...(tabs > 1 ? [{ step: 'tabs' as const, adds: assignTabs(items, tabs, user.rng) }] : items.map((item) => ({ step: 'add' as const, item }))),
    { step: 'view' },
    { step: 'checkout' },
  ];
  try {
    for (const [index, next] of plan.entries()) {
      if (index > 0) await user.think();
      if (user.signal.aborted) break;
      let applied: Applied;
      if (next.step === 'tabs') {
        const adds = await sendBurst(user, next.adds);
        burst = { user: user.name, journey: user.journey, adds };
        applied = afterBurst(model, adds);
      } else {
        const result = await sendPatiently(user, next.step, next.item);
        const event = toEvent(next.step, next.item, result);
        if (burst && event.cart && result.outcome === 'ok' && (next.step === 'view' || next.step === 'checkout')) {
          report({ step: next.step, cart: event.cart, server: result.server, atMs: answeredAtMs(result) });
        }
        // Named fields, not a spread of step()'s result: the spread was a tenth of the driver's own time a request.
        const decided = step(model, event);
        applied = { model: decided.model, verdict: decided.verdict, server: result.server, atMs: answeredAtMs(result) };
      }
      model = applied.model;
      const { verdict } = applied;
      if (verdict.kind === 'completed') return { kind: 'completed' };
      if (verdict.kind === 'lost' || verdict.kind === 'failed') {
        return { kind: verdict.kind, step: next.step === 'tabs' ? 'add' : next.step, server: applied.server, reason: verdict.reason, atMs: applied.atMs };
      }
    }
    return { kind: 'failed', step: 'abort', server: '-', reason: 'run interrupted', atMs: user.clock.now() };
  } finally {
    // A journey that ended before any view still has its burst in the history.
    report();
  }
}

/** The 2–4 items of one journey: all the journey's randomness, drawn from its seeded stream. */
export function chooseItems(rng: Rng): string[] {
  return Array.from({ length: rng.int(2, 4) }, () => rng.pick(MENU_ITEMS));
}

/** An item and the tab (1-based) that sends it. */
export interface TabbedItem {
  readonly item: string;
  readonly tab: number;
}

/**
 * Which tab sends which item, from the journey's seeded stream (drawn after the items, so
 * a run with one tab draws exactly what it drew before tabs existed): round-robin from a
 * seeded first tab, so that as many tabs as there are items (up to `tabs`) send at once.
 */
export function assignTabs(items: readonly string[], tabs: number, rng: Rng): TabbedItem[] {
  const first = rng.int(0, tabs - 1);
  return items.map((item, i) => ({ item, tab: ((first + i) % tabs) + 1 }));
}

/**
 * Every tab sends its items at once, each tab one after the other on its own connection
 * (as a person clicks "add" in two tabs); a tab stops at its first refusal. Answers are
 * kept in the order they came.
 */
async function sendBurst(user: VirtualUser, adds: readonly TabbedItem[]): Promise<TabAdd[]> {
  const answered: TabAdd[] = [];
  const tabs = [...new Set(adds.map((add) => add.tab))];
  await Promise.all(tabs.map(async (tab) => {
    for (const { item } of adds.filter((add) => add.tab === tab)) {
      if (user.signal.aborted) return;
      const result = await sendPatiently(user, 'add', item, tab);
      answered.push({ tab, item, outcome: result.outcome, status: result.status, server: result.server, atMs: answeredAtMs(result) });
      if (result.outcome === 'fail') return;
    }
  }));
  return answered;
}

/**
 * The journey's verdict on a burst, by the sequential rules for what is not about
 * concurrency: the first 401 is a lost session, another refusal a failed visit. Every
 * other add, answered or not, may be in the cart: which ones must be is the
 * concurrent-writes checker's question, so the view that follows settles the model.
 */
function afterBurst(model: CartModel, adds: readonly TabAdd[]): Applied {
  const refused = adds.filter((add) => add.outcome === 'fail');
  const decisive = refused.find((add) => add.status === 401) ?? refused[0];
  if (decisive) {
    const { verdict } = step(model, { step: 'add', outcome: 'fail', status: decisive.status, item: decisive.item });
    return { model, verdict, server: decisive.server, atMs: decisive.atMs };
  }
  const last = adds[adds.length - 1];
  return {
    model: { ...model, maybe: [...model.maybe, ...adds.map((add) => add.item)] },
    verdict: { kind: 'continue' },
    server: last?.server ?? '-',
    atMs: last?.atMs ?? 0,
  };
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
async function sendPatiently(user: VirtualUser, which: PizzaStep, item: string | undefined, tab?: number): Promise<StepResult> {
  const since = user.clock.now();
  const http = tab === undefined ? user.http : user.http.tab(tab);
  const sendIt = () => send(http, user.name, which, item, tab);
  let result = await sendIt();
  for (let pause = FIRST_RETRY_PAUSE_MS; isUnavailable(result); pause = Math.min(2 * pause, MAX_RETRY_PAUSE_MS)) {
    if (user.signal.aborted || user.clock.now() - since >= UNAVAILABLE_PATIENCE_MS) break;
    await user.clock.sleep(pause, user.signal);
    if (user.signal.aborted) break;
    result = await sendIt();
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

/** One step's request; `tab` (a user with several tabs) goes into the trace. */
function send(http: HttpSession, name: string, which: PizzaStep, item: string | undefined, tab: number | undefined): Promise<StepResult> {
  const from = tab === undefined ? {} : { tab };
  switch (which) {
    case 'login':
      return http.request({ step: 'login', method: 'POST', path: '/login', body: { user: name } });
    case 'add':
      return http.request({ step: 'add', method: 'POST', path: '/cart/items', body: { item }, ...from });
    case 'view':
      return http.request({ step: 'view', method: 'GET', path: '/cart' });
    case 'checkout':
      return http.request({ step: 'checkout', method: 'POST', path: '/checkout' });
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
