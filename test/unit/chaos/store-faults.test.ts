import { describe, expect, it } from 'vitest';
import type { PlannedFault } from '../../../src/chaos/plan.js';
import { storeCrash, storePause } from '../../../src/chaos/faults/store.js';
import type { FaultContext } from '../../../src/chaos/faults/types.js';
import type { StoreFaults } from '../../../src/fleet/redis.js';

/** A store whose pause comes into effect only when the test says (as a SQLite lock holder's). */
function slowStore(log: string[]) {
  let lockTaken = () => {};
  const store: StoreFaults = {
    pause: () => new Promise<void>((resolve) => (lockTaken = () => (log.push('locked'), resolve()))),
    resume: async () => void log.push('resumed'),
    crash: async () => void log.push('crashed'),
    restart: async () => void log.push('restarted'),
  };
  return { store, takeLock: () => lockTaken() };
}

const planned = { kind: 'store-pause', label: 'store-pause', spanMs: 1000 } as unknown as PlannedFault;
const contextOf = (store?: StoreFaults) => ({ ...(store ? { store } : {}) }) as unknown as FaultContext;

describe('store faults', () => {
  it('store-pause is in effect once it has fired: it waits for the store to be paused', async () => {
    const log: string[] = [];
    const { store, takeLock } = slowStore(log);
    const fired = storePause.fire(planned, contextOf(store)).then((revert) => (log.push('fired'), revert));
    await new Promise((resolve) => setImmediate(resolve));
    expect(log).toEqual([]);
    takeLock();
    const revert = await fired;
    expect(log).toEqual(['locked', 'fired']);
    await revert!();
    expect(log).toEqual(['locked', 'fired', 'resumed']);
  });

  it('store-crash crashes the store and restarts it on revert; without a store both do nothing (run config refuses that case)', async () => {
    const log: string[] = [];
    const { store } = slowStore(log);
    const revert = await storeCrash.fire(planned, contextOf(store));
    await revert!();
    expect(log).toEqual(['crashed', 'restarted']);
    expect(await storePause.fire(planned, contextOf())).toBeUndefined();
  });
});
