import type { Fault } from './types.js';

/** Redis unreachable for the span (SIGSTOP), its data kept. */
export const storePause: Fault = {
  summary: 'make the store unreachable for the span (data kept)',
  fire: async (_planned, { store }) => {
    if (!store) return undefined; // a design without a store has nothing to pause
    store.pause();
    return async () => store.resume();
  },
};

/** Redis killed, and after the span started again empty: state is only as durable as its store. */
export const storeCrash: Fault = {
  summary: 'kill the store; it comes back empty after the span',
  fire: async (_planned, { store }) => {
    if (!store) return undefined;
    await store.crash();
    return () => store.restart();
  },
};
