import { referenceTarget } from '../../fleet/target.js';
import type { Scenario } from '../types.js';
import { pizzaJourney } from './journey.js';

/** The shopping cart: does a user keep their session when their server dies? */
export const pizza: Scenario = {
  name: 'pizza',
  description: 'shopping cart: log in, add 2–4 pizzas, view the cart, check out (sessions)',
  designs: {
    stateful: referenceTarget('pizza', 'stateful', false),
    stateless: referenceTarget('pizza', 'stateless', true),
  },
  autoBalancer: (arch) => (arch === 'stateful' ? 'sticky' : 'round-robin'),
  prepare: () => ({
    journey: pizzaJourney,
    // A 401 after login is the session loss being measured, counted apart from errors.
    countsAsError: (result) => result.outcome !== 'ok' && result.status !== 401,
  }),
};
