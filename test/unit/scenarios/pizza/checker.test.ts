import { describe, expect, it } from 'vitest';
import { checkJourney, missingItems, type PizzaEvent } from '../../../../src/scenarios/pizza/checker.js';

const login: PizzaEvent = { step: 'login', outcome: 'ok', status: 200 };
const add = (item: string, cart: string[]): PizzaEvent => ({ step: 'add', outcome: 'ok', status: 200, item, cart });
const view = (cart: string[]): PizzaEvent => ({ step: 'view', outcome: 'ok', status: 200, cart });
const checkout = (items: string[]): PizzaEvent => ({ step: 'checkout', outcome: 'ok', status: 200, cart: items });

describe('pizza session-loss checker', () => {
  it('passes a journey whose carts always hold what was acknowledged', () => {
    const verdict = checkJourney([
      login,
      add('margherita', ['margherita']),
      add('margherita', ['margherita', 'margherita']),
      view(['margherita', 'margherita']),
      checkout(['margherita', 'margherita']),
    ]);
    expect(verdict).toEqual({ kind: 'completed' });
  });

  it('flags a 401 after login as a lost session', () => {
    const verdict = checkJourney([login, add('margherita', ['margherita']), { step: 'view', outcome: 'fail', status: 401 }]);
    expect(verdict).toEqual({ kind: 'lost', reason: 'view: 401 unknown session' });
  });

  it('flags a cart that lacks an acknowledged item as a lost session', () => {
    // The seed's story: a new server answers with an empty cart instead of 401.
    const verdict = checkJourney([login, add('margherita', ['margherita']), add('pepperoni', ['pepperoni'])]);
    expect(verdict.kind).toBe('lost');
    expect(verdict).toMatchObject({ reason: expect.stringContaining('margherita') });
  });

  it('flags a checkout whose order lacks an acknowledged item', () => {
    const verdict = checkJourney([login, add('margherita', ['margherita']), view(['margherita']), checkout([])]);
    expect(verdict.kind).toBe('lost');
  });

  it('tolerates an indeterminate add that did not take effect', () => {
    const verdict = checkJourney([
      login,
      add('margherita', ['margherita']),
      { step: 'add', outcome: 'indeterminate', status: undefined, item: 'pepperoni' },
      view(['margherita']),
      checkout(['margherita']),
    ]);
    expect(verdict).toEqual({ kind: 'completed' });
  });

  it('tolerates an indeterminate add that did take effect, and then expects it', () => {
    const history: PizzaEvent[] = [
      login,
      { step: 'add', outcome: 'indeterminate', status: 502, item: 'pepperoni' },
      view(['pepperoni']),
    ];
    expect(checkJourney([...history, checkout(['pepperoni'])])).toEqual({ kind: 'completed' });
    // Once a view showed it, the item is acknowledged: losing it later is a loss.
    expect(checkJourney([...history, checkout([])]).kind).toBe('lost');
  });

  it('counts a transport error at login or checkout as a failed journey, not a loss', () => {
    expect(checkJourney([{ step: 'login', outcome: 'indeterminate', status: undefined }]).kind).toBe('failed');
    expect(checkJourney([login, view([]), { step: 'checkout', outcome: 'indeterminate', status: 502 }]).kind).toBe('failed');
  });

  it('counts a definite refusal other than 401 as a failed journey', () => {
    expect(checkJourney([login, { step: 'add', outcome: 'fail', status: 503, item: 'x' }]).kind).toBe('failed');
  });

  it('compares carts as multisets', () => {
    expect(missingItems(['a', 'a', 'b'], ['a', 'b'])).toEqual(['a']);
    expect(missingItems(['a', 'b'], ['b', 'a', 'c'])).toEqual([]);
  });
});
