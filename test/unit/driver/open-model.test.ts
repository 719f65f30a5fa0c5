import { describe, expect, it } from 'vitest';
import { createClock } from '../../../src/driver/clock.js';
import { runOpenModel } from '../../../src/driver/open-model.js';
import { Recorder } from '../../../src/metrics/recorder.js';
import type { JourneyOutcome, ScenarioRun, VirtualUser } from '../../../src/scenarios/types.js';

/** A journey that holds its user until the run cancels it: no user is ever free again. */
const holding: ScenarioRun = {
  journey: (user: VirtualUser) =>
    new Promise<JourneyOutcome>((resolve) => {
      const done = () => resolve({ kind: 'failed', step: 'abort', server: '-', reason: 'run interrupted', atMs: user.clock.now() });
      if (user.signal.aborted) done();
      else user.signal.addEventListener('abort', done, { once: true });
    }),
};

/** A journey of one think time, then done. */
const quick: ScenarioRun = {
  journey: async (user) => {
    await user.think();
    return { kind: 'completed' };
  },
};

function load(scenario: ScenarioRun, maxUsers: number) {
  const recorder = new Recorder({ model: 'open' });
  const users = new Set<string>();
  const done = runOpenModel({
    scenario,
    // No request is sent: the journeys above only think.
    origin: 'http://127.0.0.1:9',
    durationMs: 200,
    thinkMs: 5,
    seed: 1,
    requestTimeoutMs: 50,
    clock: createClock(),
    recorder,
    signal: new AbortController().signal,
    arrivals: { startPerSec: 50, stages: [{ perSec: 50, durationMs: 200 }] },
    maxUsers,
    onJourney: (_, user) => users.add(user),
  });
  return done.then(() => ({ journeys: recorder.snapshot(200).journeys, users }));
}

describe('runOpenModel', () => {
  it('drops every arrival that finds no free user, and starts the others', async () => {
    // 10 arrivals (50/s for 0.2 s); 3 users, each held to the end: 3 start, 7 are dropped.
    const { journeys, users } = await load(holding, 3);
    expect(journeys).toEqual({ started: 3, completed: 0, lost: 0, failed: 3, dropped: 7 });
    expect([...users].sort()).toEqual(['user-1', 'user-2', 'user-3']);
  });

  it('reuses free users: with room for every journey none is dropped', async () => {
    const { journeys } = await load(quick, 10);
    expect(journeys).toEqual({ started: 10, completed: 10, lost: 0, failed: 0, dropped: 0 });
  });
});
