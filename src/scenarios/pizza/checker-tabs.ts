/**
 * The pizza checker for concurrent writes (`--tabs`): a pure function of the history of
 * bursts, so it is tested on hand-written histories.
 *
 * A burst is one journey's adds, sent from several tabs at once on one session. The
 * cart view that follows it (GET /cart, or the checkout's order when the view got no
 * answer) is judged against the adds:
 * - an add the server acknowledged (2xx) must be in it, else a `lost-item`;
 * - an item nobody added is a `phantom-item` (an add refused outright counts as never
 *   made; an add with no answer may or may not be there, like today's sequential rule).
 * A session refused with 401 is not judged here: that is session loss, counted apart,
 * and such a journey ends before any view.
 */
import type { Outcome } from '../../driver/outcome.js';
import type { CheckerExample } from '../../result.js';
import { tallyFindings } from '../findings.js';
import { missingItems } from './checker.js';

export const PIZZA_KINDS = ['lost-item', 'phantom-item'] as const;
export type PizzaKind = (typeof PIZZA_KINDS)[number];

/** One add of a burst: which tab sent which item, and how it ended. */
export interface TabAdd {
  /** 1-based tab number. */
  readonly tab: number;
  readonly item: string;
  readonly outcome: Outcome;
  readonly status: number | undefined;
  /** The server that answered (`-` when none did). */
  readonly server: string;
  /** When it was answered or given up, ms since the start of the load. */
  readonly atMs: number;
}

/** The first cart the user saw after a burst. */
export interface CartView {
  readonly step: 'view' | 'checkout';
  readonly cart: readonly string[];
  readonly server: string;
  /** When it was answered, ms since the start of the load. */
  readonly atMs: number;
}

/** One journey's burst of adds and the cart view after it (absent when the journey ended first). */
export interface TabBurst {
  /** The user, e.g. `user-3`. */
  readonly user: string;
  readonly journey: number;
  readonly adds: readonly TabAdd[];
  readonly view?: CartView;
}

export type PizzaFinding = CheckerExample<PizzaKind>;

/** What the checker found, counted by kind, with the first examples and every time. */
export function checkTabs(bursts: readonly TabBurst[]) {
  return tallyFindings(PIZZA_KINDS, bursts.flatMap(findingsOf));
}

/** The findings of one burst, each dated at the view that showed it. */
export function findingsOf(burst: TabBurst): PizzaFinding[] {
  const { view } = burst;
  if (!view) return [];
  const acked = burst.adds.filter((add) => add.outcome === 'ok');
  const maybe = burst.adds.filter((add) => add.outcome === 'indeterminate');
  const seen = `${view.step === 'view' ? 'cart' : 'order'} at ${view.server}: ${view.cart.length === 0 ? 'empty' : view.cart.join(', ')}`;
  const base = { account: burst.user, server: view.server, atMs: view.atMs };

  const lost = lostAdds(acked, view.cart).map((add): PizzaFinding => ({
    ...base,
    kind: 'lost-item',
    expected: `${add.item} (tab ${add.tab}, acknowledged by ${add.server} at ${seconds(add.atMs)})`,
    observed: seen,
  }));
  const allowed = [...acked, ...maybe].map((add) => add.item);
  const phantoms = missingItems(view.cart, allowed).map((item): PizzaFinding => ({
    ...base,
    kind: 'phantom-item',
    expected: allowed.length === 0 ? 'an empty cart' : `at most ${allowed.join(', ')}`,
    observed: `${item} in the ${seen}`,
  }));
  return [...lost, ...phantoms];
}

/**
 * The acknowledged adds the cart lacks. Of several adds of one item, the ones answered
 * last are the ones missing (which copy a cart holds cannot be told apart).
 */
function lostAdds(acked: readonly TabAdd[], cart: readonly string[]): TabAdd[] {
  const missing = new Map<string, number>();
  for (const item of missingItems(acked.map((add) => add.item), cart)) missing.set(item, (missing.get(item) ?? 0) + 1);
  const lost: TabAdd[] = [];
  for (const add of [...acked].sort((a, b) => b.atMs - a.atMs)) {
    const left = missing.get(add.item) ?? 0;
    if (left === 0) continue;
    missing.set(add.item, left - 1);
    lost.push(add);
  }
  return lost.sort((a, b) => a.atMs - b.atMs);
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
