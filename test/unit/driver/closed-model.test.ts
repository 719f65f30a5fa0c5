import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../../src/driver/clock.js';
import { runClosedModel } from '../../../src/driver/closed-model.js';
import { Recorder } from '../../../src/metrics/recorder.js';
import type { JourneyOutcome, ScenarioRun, VirtualUser } from '../../../src/scenarios/types.js';

/** A server that accepts every connection and never answers: each request times out. */
let silent: Server;
let origin: string;
const sockets = new Set<Socket>();
beforeAll(async () => {
  silent = createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(silent.address() as AddressInfo).port}`;
});
afterAll(async () => {
  for (const socket of sockets) socket.destroy();
  await new Promise((resolve) => silent.close(resolve));
});

const aborted = (user: VirtualUser): JourneyOutcome => ({ kind: 'failed', step: 'abort', server: '-', reason: 'run interrupted', atMs: user.clock.now() });

/** A journey that never ends by itself: it asks and waits, asks and waits, until told to stop. */
const endless: ScenarioRun = {
  journey: async (user) => {
    for (;;) {
      await user.http.request({ step: 'view', method: 'GET', path: '/cart' });
      await user.think();
      if (user.signal.aborted) return aborted(user);
    }
  },
};

/** A journey of three pauses, then done: well inside one timeout plus one think time. */
const short: ScenarioRun = {
  journey: async (user) => {
    for (let step = 0; step < 3; step++) {
      await user.think();
      if (user.signal.aborted) return aborted(user);
    }
    return { kind: 'completed' };
  },
};

function load(scenario: ScenarioRun, options: { durationMs: number; thinkMs: number; requestTimeoutMs: number; users: number }) {
  const recorder = new Recorder();
  const outcomes: JourneyOutcome[] = [];
  const done = runClosedModel({
    scenario,
    origin,
    seed: 1,
    clock: createClock(),
    recorder,
    signal: new AbortController().signal,
    onJourney: (outcome) => outcomes.push(outcome),
    ...options,
  });
  return { done, recorder, outcomes };
}

describe('runClosedModel: the graceful stop is bounded', () => {
  it('cancels a journey still under way one timeout and one think time after the load, and counts it as failed', async () => {
    const { done, recorder, outcomes } = load(endless, { users: 2, durationMs: 200, thinkMs: 20, requestTimeoutMs: 100 });
    await done;
    expect(recorder.snapshot(200).journeys).toEqual({ started: 2, completed: 0, lost: 0, failed: 2 });
    // Before the bound, the run waited for these journeys forever (the test timed out).
    expect(outcomes).toEqual([
      expect.objectContaining({ kind: 'failed', step: 'cancel', reason: 'cancelled: still under way 0.12s after the end of the load' }),
      expect.objectContaining({ kind: 'failed', step: 'cancel', reason: 'cancelled: still under way 0.12s after the end of the load' }),
    ]);
  }, 20_000);

  it('lets a journey that ends inside that time finish and count as completed', async () => {
    const { done, recorder, outcomes } = load(short, { users: 3, durationMs: 100, thinkMs: 30, requestTimeoutMs: 2000 });
    await done;
    const { journeys } = recorder.snapshot(100);
    expect(journeys.started).toBeGreaterThan(0);
    expect(journeys).toEqual({ started: journeys.started, completed: journeys.started, lost: 0, failed: 0 });
    expect(outcomes.every((outcome) => outcome.kind === 'completed')).toBe(true);
  });
});
