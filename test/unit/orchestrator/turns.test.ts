import { describe, expect, it } from 'vitest';
import { inTurns, type Turn } from '../../../src/orchestrator/turns.js';

/** A promise and its resolve, for runs that wait on each other. */
function gate(): { promise: Promise<void>; open: () => void } {
  let open = (): void => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

const before = (log: readonly string[], first: string, second: string) => {
  expect(log, log.join(', ')).toContain(first);
  expect(log.indexOf(first), log.join(', ')).toBeLessThan(log.indexOf(second));
};

describe('design runs in turns', () => {
  it('the next design deploys while the one before is analysed, and starts its load only once that one is closed', async () => {
    const log: string[] = [];
    const secondDeployed = gate();
    const results = await inTurns(
      2,
      { first: Promise.resolve(), signal: new AbortController().signal },
      async (index, turn: Turn) => {
        log.push(`deploy ${index}`);
        if (index === 1) secondDeployed.open();
        await turn.mayLoad;
        log.push(`load ${index}`);
        turn.loadEnded();
        // The first design's analysis lasts until the second has deployed: they overlap.
        if (index === 0) await secondDeployed.promise;
        log.push(`closed ${index}`);
        return `run ${index}`;
      },
      (result) => log.push(`done: ${result}`),
    );
    expect(results).toEqual(['run 0', 'run 1']);
    before(log, 'load 0', 'deploy 1');
    before(log, 'deploy 1', 'closed 0');
    before(log, 'closed 0', 'load 1');
    before(log, 'done: run 0', 'done: run 1');
  });

  it('no load starts before what the runs share is ready, and none at all when it failed', async () => {
    const log: string[] = [];
    const redis = new Error('No Redis');
    const outcome = inTurns(
      2,
      { first: Promise.reject(redis), signal: new AbortController().signal },
      async (index, turn) => {
        log.push(`deploy ${index}`);
        try {
          await turn.mayLoad;
          log.push(`load ${index}`);
          return index;
        } finally {
          log.push(`closed ${index}`);
        }
      },
      () => log.push('done'),
    );
    await expect(outcome).rejects.toBe(redis);
    expect(log).toEqual(['deploy 0', 'closed 0']);
  });

  it('a design that fails while the one before is analysed stops it, and its own failure is the one thrown, once both are closed', async () => {
    const log: string[] = [];
    const fleet = new Error('server-1 exited before it was ready');
    const outcome = inTurns(
      2,
      { first: Promise.resolve(), signal: new AbortController().signal },
      async (index, turn) => {
        if (index === 1) {
          log.push('deploy 1 fails');
          throw fleet;
        }
        turn.loadEnded();
        try {
          // Analysis that only an abort ends.
          await new Promise((_resolve, reject) => turn.signal.addEventListener('abort', () => reject(turn.signal.reason)));
          return index;
        } finally {
          log.push('closed 0');
        }
      },
      () => log.push('done'),
    );
    await expect(outcome).rejects.toBe(fleet);
    expect(log).toEqual(['deploy 1 fails', 'closed 0']);
  });

  it('a design that fails before its load has ended never lets the next one start', async () => {
    const calls: number[] = [];
    const crash = new Error('conformance failed');
    const outcome = inTurns(
      3,
      { first: Promise.resolve(), signal: new AbortController().signal },
      async (index) => {
        calls.push(index);
        throw crash;
      },
      () => {},
    );
    await expect(outcome).rejects.toBe(crash);
    expect(calls).toEqual([0]);
  });
});
