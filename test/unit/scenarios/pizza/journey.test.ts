import { describe, expect, it } from 'vitest';
import { createRng, deriveSeed } from '../../../../src/driver/rng.js';
import type { StepResult } from '../../../../src/driver/http-session.js';
import { chooseItems, pizzaJourney, UNAVAILABLE_PATIENCE_MS } from '../../../../src/scenarios/pizza/journey.js';
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
  const user = {
    index: 0, name: 'user-1', journey: 1, rng: createRng(deriveSeed(1, 0, 1)), clock, origin: 'http://127.0.0.1:1',
    http, recorder: undefined, think: async () => undefined, signal: new AbortController().signal,
  } as unknown as VirtualUser;
  return { user, sent };
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
