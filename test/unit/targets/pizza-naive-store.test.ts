import { describe, expect, it } from 'vitest';
import { createNaiveSessionStore, type SessionValues } from '../../../targets/pizza/stateless-naive/session-store.js';
import type { PizzaSession } from '../../../targets/pizza/store.js';

/** Session values in a Map, each read and write taking a round trip (a timer tick), as a store across a network does. */
function mapValues(): SessionValues & { readonly map: Map<string, PizzaSession> } {
  const map = new Map<string, PizzaSession>();
  const roundTrip = () => new Promise((resolve) => setTimeout(resolve, 1));
  return {
    map,
    read: async (sid) => {
      await roundTrip();
      const found = map.get(sid);
      return found && { user: found.user, cart: [...found.cart] };
    },
    write: async (sid, session) => {
      await roundTrip();
      map.set(sid, { user: session.user, cart: [...session.cart] });
    },
    close: async () => undefined,
  };
}

const SECRET = 'x'.repeat(32);

describe('pizza stateless-naive session store (wrong on purpose)', () => {
  it('is correct one request at a time: adds, view and checkout as the protocol says', async () => {
    const store = createNaiveSessionStore({ values: mapValues(), secret: SECRET, tokenTtlSeconds: 60 });
    const sid = store.identify(await store.createSession('ada'))!;
    expect(await store.addItem(sid, 'margherita', 100)).toEqual(['margherita']);
    expect(await store.addItem(sid, 'diavola', 100)).toEqual(['margherita', 'diavola']);
    expect(await store.load(sid)).toEqual({ user: 'ada', cart: ['margherita', 'diavola'] });
    expect(await store.checkout(sid)).toEqual(['margherita', 'diavola']);
    expect(await store.load(sid)).toEqual({ user: 'ada', cart: [] });
    expect(await store.load('0'.repeat(32))).toBeUndefined();
  });

  it('loses one of two adds made at once: both read the empty cart, and the last write wins', async () => {
    const store = createNaiveSessionStore({ values: mapValues(), secret: SECRET, tokenTtlSeconds: 60 });
    const sid = store.identify(await store.createSession('ada'))!;
    const answers = await Promise.all([store.addItem(sid, 'margherita', 100), store.addItem(sid, 'diavola', 100)]);
    // Each tab was told its item is in the cart…
    expect(answers).toEqual([['margherita'], ['diavola']]);
    // …and the cart holds only the one written last.
    expect((await store.load(sid))?.cart).toEqual(['diavola']);
  });
});
