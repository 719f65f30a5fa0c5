import { storeOf } from '../../designs/stores.js';
import type { Scenario, ScenarioRun } from '../types.js';
import { checkTabs, type TabBurst } from './checker-tabs.js';
import { pizzaJourney } from './journey.js';

/** The shopping cart: does a user keep their session when their server dies? */
export const pizza: Scenario = {
  name: 'pizza',
  description: 'shopping cart: log in, add 2–4 pizzas, view the cart, check out (sessions)',
  tabs: true,
  // A session held in one process needs its user sent back there (HAProxy's cookie insert).
  autoBalancer: (design) => (storeOf(design).outlivesServer ? 'round-robin' : 'sticky'),
  prepare: ({ tabs }): ScenarioRun => {
    // A 401 after login is the session loss being measured, counted apart from errors.
    const countsAsError: ScenarioRun['countsAsError'] = (result) => result.outcome !== 'ok' && result.status !== 401;
    // One tab: the journey's own rules judge every answer, as they always have.
    if (tabs <= 1) return { journey: (user) => pizzaJourney(user), countsAsError };
    // Several tabs: concurrent writes to one session, checked over the run's history.
    const bursts: TabBurst[] = [];
    return {
      journey: (user) => pizzaJourney(user, { tabs, onBurst: (burst) => bursts.push(burst) }),
      countsAsError,
      finish: async () => {
        const { times, ...consistency } = checkTabs(bursts);
        return { consistency, errorTimesMs: times };
      },
    };
  },
};
