import type { Fault } from './types.js';

/**
 * The store unreachable for the span, its data kept: Redis stopped (SIGSTOP), SQLite's
 * write lock held (docs/stores.md). Awaited, so the fault is in effect once it has fired.
 */
export const storePause: Fault = {
  summary: 'make the store unreachable for the span (data kept)',
  fire: async (_planned, { store }) => {
    if (!store) return undefined; // a design without a store has nothing to pause
    await store.pause();
    return async () => store.resume();
  },
};

/**
 * The store killed (Redis: SIGKILL; SQLite: its file deleted), and after the span started
 * again empty: state is only as durable as its store.
 */
export const storeCrash: Fault = {
  summary: 'kill the store; it comes back empty after the span',
  fire: async (_planned, { store }) => {
    if (!store) return undefined;
    await store.crash();
    return () => store.restart();
  },
};
