import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../../../src/driver/rng.js';
import type { StepResult } from '../../../../src/driver/http-session.js';
import type { TabBurst } from '../../../../src/scenarios/pizza/checker-tabs.js';
import { assignTabs, chooseItems, pizzaJourney, UNAVAILABLE_PATIENCE_MS } from '../../../../src/scenarios/pizza/journey.js';
import type { VirtualUser } from '../../../../src/scenarios/types.js';
import { MENU_ITEMS } from '../../../../targets/pizza/menu.js';

const plan = (seed: number) =>
  Array.from({ length: 10 }, (_, user) => Array.from({ length: 5 }, (_, journey) => chooseItems(createRng(deriveSeed(seed, user, journey + 1)))));

describe('pizza journey plan', () => {
  it('is the same for the same seed, user and journey, and differs for another seed', () => {
    expect(plan(42)).toEqual(plan(42));
    expect(plan(42)).not.toEqual(plan(43));
  });

  it('orders 2 to 4 items from the menu', () => {
    for (const items of plan(1).flat()) {
      expect(items.length).toBeGreaterThanOrEqual(2);
      expect(items.length).toBeLessThanOrEqual(4);
      for (const item of items) expect(MENU_ITEMS).toContain(item);
    }
  });
});

/** What the fake fleet answers a step: its status and body. */
type Answer = readonly [status: number, body?: unknown];

/**
 * A virtual user whose requests get `answers` in order (a store crash scripted by hand),
 * on a clock that only moves when the user waits.
 */
function scriptedUser(answers: readonly Answer[]) {
  let now = 0;
  let next = 0;
  const sent: string[] = [];
  const clock = { now: () => now, sleep: async (ms: number) => void (now += ms) };
  const http = {
    cookies: { clear: () => undefined },
    request: async (spec: { step: string }): Promise<StepResult> => {
      const [status, body] = answers[next++] ?? [200, {}];
      sent.push(`${spec.step} ${status}`);
      const outcome = status < 300 ? 'ok' : 'fail';
      return { step: spec.step, outcome, status, body, server: 'server-1', intendedAtMs: now, sentAtMs: now, latencyUs: 1000 };
    },
  };
  return { user: fakeUser(http, clock, 1), sent };
}

/** User 1's first journey of run `seed`, on a fake browser and clock, with no pause between steps. */
function fakeUser(http: unknown, clock: unknown, seed: number): VirtualUser {
  return {
    index: 0, name: 'user-1', journey: 1, rng: createRng(deriveSeed(seed, 0, 1)), clock, origin: 'http://127.0.0.1:1',
    http, recorder: undefined, think: async () => undefined, signal: new AbortController().signal,
  } as unknown as VirtualUser;
}

describe('pizza journey through a store crash', () => {
  const items = chooseItems(createRng(deriveSeed(1, 0, 1)));

  it('keeps trying a step refused with 503, then counts the 401 of the emptied store as a lost session', async () => {
    const { user, sent } = scriptedUser([[200, { user: 'user-1', cart: [] }], [503], [503], [503], [401, { error: 'unknown session' }]]);
    const outcome = await pizzaJourney(user);
    expect(outcome).toMatchObject({ kind: 'lost', step: 'add', reason: 'add: 401 unknown session' });
    expect(sent).toEqual(['login 200', 'add 503', 'add 503', 'add 503', 'add 401']);
  });

  it('goes on once the store answers again', async () => {
    const cart = (n: number) => ({ cart: items.slice(0, n) });
    const answers: Answer[] = [[200, { cart: [] }], [503], [503]];
    items.forEach((_, i) => answers.push([200, cart(i + 1)]));
    answers.push([200, cart(items.length)], [200, { order: { id: 'o1', items, total: 1 } }]);
    const { user } = scriptedUser(answers);
    expect(await pizzaJourney(user)).toEqual({ kind: 'completed' });
  });

  it('gives up after its patience when the fleet stays unavailable: a failed visit, not a lost session', async () => {
    const { user, sent } = scriptedUser([[200, { cart: [] }], ...Array.from({ length: 50 }, (): Answer => [503])]);
    const outcome = await pizzaJourney(user);
    expect(outcome).toMatchObject({ kind: 'failed', step: 'add', reason: 'add: refused with 503' });
    // 0.1 + 0.2 + 0.4 + 0.8 + 1 + 1 + 1 + 1 s of pauses: past 5 s, the ninth 503 ends it.
    expect(sent.filter((line) => line === 'add 503')).toHaveLength(9);
    expect(user.clock.now()).toBeGreaterThanOrEqual(UNAVAILABLE_PATIENCE_MS);
  });
});

/**
 * A user with tabs on a fake fleet whose answers `answer` decides per request; each
 * request waits a tick before its answer, so requests sent at once are in flight together.
 */
function tabbedUser(answer: (step: string, tab: number | undefined, item: unknown) => Answer) {
  const sent: { step: string; tab: number | undefined; connection: number; inFlight: number }[] = [];
  let inFlight = 0;
  const clock = { now: () => 0, sleep: async () => undefined };
  const connection = (id: number) => ({
    request: async (spec: { step: string; tab?: number; body?: { item?: unknown } }): Promise<StepResult> => {
      inFlight++;
      sent.push({ step: spec.step, tab: spec.tab, connection: id, inFlight });
      await new Promise((resolve) => setTimeout(resolve, 1));
      inFlight--;
      const [status, body] = answer(spec.step, spec.tab, spec.body?.item);
      return { step: spec.step, outcome: status < 300 ? 'ok' : 'fail', status, body, server: 'server-1', intendedAtMs: 0, sentAtMs: 0, latencyUs: 1000 };
    },
  });
  const http = { cookies: { clear: () => undefined }, ...connection(1), tab: (n: number) => (n === 1 ? http : connection(n)) };
  return { user: fakeUser(http, clock, 3), sent };
}

describe('pizza journey with tabs', () => {
  const rng = createRng(deriveSeed(3, 0, 1));
  const items = chooseItems(rng);
  const adds = assignTabs(items, 3, rng);

  it('sends each item from its seeded tab, the tabs at once on their own connections, then one view and checkout', async () => {
    const bursts: TabBurst[] = [];
    const { user, sent } = tabbedUser((step) => (step === 'checkout' ? [200, { order: { items } }] : [200, { cart: items }]));
    expect(await pizzaJourney(user, { tabs: 3, onBurst: (b) => bursts.push(b) })).toEqual({ kind: 'completed' });
    const addsSent = sent.filter((s) => s.step === 'add');
    expect(addsSent.map((s) => s.tab).sort()).toEqual(adds.map((a) => a.tab).sort());
    // Every tab's connection is its own (tab 1 is the user's), and the first add of each is in flight with the others.
    for (const s of addsSent) expect(s.connection).toBe(s.tab);
    const tabsUsed = new Set(adds.map((a) => a.tab)).size;
    expect(tabsUsed).toBe(Math.min(items.length, 3));
    expect(Math.max(...addsSent.map((s) => s.inFlight))).toBe(tabsUsed);
    expect(sent.map((s) => s.step)).toEqual(['login', ...items.map(() => 'add'), 'view', 'checkout']);
    expect(bursts).toEqual([expect.objectContaining({ user: 'user-1', journey: 1, view: expect.objectContaining({ step: 'view', cart: items }) })]);
    expect(bursts[0]!.adds.map((a) => a.item).sort()).toEqual([...items].sort());
  });

  it('draws the tabs from the seed: the same journey gives the same tabs, and as many tabs as items send at once', () => {
    const again = createRng(deriveSeed(3, 0, 1));
    expect(assignTabs(chooseItems(again), 3, again)).toEqual(adds);
    for (let journey = 1; journey <= 50; journey++) {
      const stream = createRng(deriveSeed(11, 2, journey));
      const picked = chooseItems(stream);
      const tabs = assignTabs(picked, 2, stream).map((a) => a.tab);
      expect(new Set(tabs).size).toBe(2);
      expect(tabs.every((tab) => tab === 1 || tab === 2)).toBe(true);
    }
  });

  it('completes a journey whose view lacks an acknowledged item: the lost item is the checker\'s finding, not a lost session', async () => {
    const bursts: TabBurst[] = [];
    const shown = items.slice(1);
    const { user } = tabbedUser((step) => (step === 'checkout' ? [200, { order: { items: shown } }] : [200, { cart: step === 'view' ? shown : items }]));
    expect(await pizzaJourney(user, { tabs: 2, onBurst: (b) => bursts.push(b) })).toEqual({ kind: 'completed' });
    expect(bursts[0]!.view?.cart).toEqual(shown);
  });

  it('counts a 401 in the burst as a lost session, and the burst has no view to judge', async () => {
    const bursts: TabBurst[] = [];
    const { user, sent } = tabbedUser((step, tab) => (step === 'add' && tab === 2 ? [401, { error: 'unknown session' }] : [200, { cart: [] }]));
    expect(await pizzaJourney(user, { tabs: 2, onBurst: (b) => bursts.push(b) })).toMatchObject({ kind: 'lost', step: 'add', reason: 'add: 401 unknown session' });
    expect(sent.some((s) => s.step === 'view')).toBe(false);
    expect(bursts).toHaveLength(1);
    expect(bursts[0]!.view).toBeUndefined();
  });
});
