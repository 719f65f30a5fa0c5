import { storeOf } from '../../designs/stores.js';
import type { Scenario } from '../types.js';
import { pizzaJourney } from './journey.js';

/** The shopping cart: does a user keep their session when their server dies? */
export const pizza: Scenario = {
  name: 'pizza',
  description: 'shopping cart: log in, add 2–4 pizzas, view the cart, check out (sessions)',
  // A session held in one process needs its user sent back there (HAProxy's cookie insert).
  autoBalancer: (design) => (storeOf(design).outlivesServer ? 'round-robin' : 'sticky'),
  prepare: () => ({
    journey: pizzaJourney,
    // A 401 after login is the session loss being measured, counted apart from errors.
    countsAsError: (result) => result.outcome !== 'ok' && result.status !== 401,
  }),
};
