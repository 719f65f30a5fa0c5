import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { arrivalTimes } from '../../src/driver/arrivals.js';
import { createRng, deriveSeed } from '../../src/driver/rng.js';
import { chooseItems } from '../../src/scenarios/pizza/journey.js';
import { decode, summarize } from '../../src/metrics/histogram.js';
import type { DesignRun } from '../../src/result.js';
import { design, runScenario } from '../helpers/runs.js';

// The fixture stalls once: requests arriving from 1 s (of its clock, which starts at the
// first request through the balancer) for the next 1.5 s are all answered at the end of
// the stall (test/fixtures/targets/pizza-stall.json).
const TARGET = fileURLToPath(new URL('../fixtures/targets/pizza-stall.json', import.meta.url));
const STALL_AT_MS = 1000;
const STALL_MS = 1500;
// A gentle rate and long pauses: the few requests the stall holds are answered in one
// small burst, so what the run adds to the schedule is one request's round trip.
const RATE = 2;
const DURATION_MS = 4000;
const THINK_MS = 400;
const SEED = 7;
/** HDR histograms keep 3 significant digits: a percentile reads up to 0.1% above its value. */
const HDR_PRECISION = 1e-3;

/**
 * The schedule's true latencies, with answers taking no time: journey `n` arrives at
 * `n / rate`, its step k is meant at `arrival + k · think` and sent then, or when the
 * step before it is answered if that is later; a request sent while the stall is open is
 * answered when it ends. The stall opens at the first request sent at or after
 * `STALL_AT_MS`.
 */
function scheduledLatencies(): { latencies: number[]; stepTimes: number[] } {
  const journeys = [...arrivalTimes({ startPerSec: RATE, stages: [{ perSec: RATE, durationMs: DURATION_MS }] })].map((arrival, n) => ({
    arrival,
    steps: chooseItems(createRng(deriveSeed(SEED, n))).length + 3, // login, the adds, view, checkout
  }));
  const stepTimes = journeys.flatMap(({ arrival, steps }) => Array.from({ length: steps }, (_, k) => arrival + k * THINK_MS)).sort((a, b) => a - b);
  // On time until the stall, every step is sent when meant: the stall opens at the first meant at or after STALL_AT_MS.
  const opens = stepTimes.find((t) => t >= STALL_AT_MS)!;
  const ends = opens + STALL_MS;
  const latencies: number[] = [];
  for (const { arrival, steps } of journeys) {
    let answered = -Infinity;
    for (let k = 0; k < steps; k++) {
      const meant = arrival + k * THINK_MS;
      const sent = Math.max(meant, answered);
      answered = sent >= opens && sent < ends ? ends : sent;
      latencies.push(answered - meant);
    }
  }
  return { latencies: latencies.sort((a, b) => a - b), stepTimes };
}

/** The value at HdrHistogram's rank for a percentile. */
function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

describe('the open model over a stall', () => {
  let run: DesignRun;
  beforeAll(async () => {
    const result = await runScenario('pizza', {
      target: TARGET,
      servers: '1',
      rate: `${RATE}/s`,
      duration: `${DURATION_MS}ms`,
      think: `${THINK_MS}ms`,
      maxUsers: '100',
      timeout: '10s',
      seed: String(SEED),
    });
    run = design(result, 'stall');
  }, 60_000);

  it('starts every arrival of the schedule, drops none, and says it was the open model', () => {
    const { latencies } = scheduledLatencies();
    expect(run.model).toBe('open');
    expect(run.journeys).toMatchObject({ started: (RATE * DURATION_MS) / 1000, completed: (RATE * DURATION_MS) / 1000, dropped: 0 });
    // Every step of every scheduled journey was measured once: the count is the schedule's.
    expect(run.latency.count).toBe(latencies.length);
  });

  it('reports a max of at least the stall: the request that opened it waited all of it', () => {
    expect(run.latency.max).toBeGreaterThanOrEqual(STALL_MS);
  });

  it("reports the schedule's p90, p99 and max: every step the stall held up counts from its place in the schedule", () => {
    const { latencies, stepTimes } = scheduledLatencies();
    // The stall opens at a request of the fixture's clock, not exactly at the schedule's
    // step: one gap between meant step starts either way. Above the schedule, a request
    // also takes its round trip through the driver, the balancer and the server, which
    // the schedule counts as 0: the run measures it itself, as the slowest request meant
    // in its first second, before the stall could open.
    const gaps = stepTimes.slice(1).map((t, i) => t - stepTimes[i]!).filter((gap) => gap > 0);
    const step = Math.max(...gaps);
    const roundTrip = summarize(decode(run.intervals!.find((interval) => interval.t === 0)!.histogram)).max;
    for (const [name, p] of [['p90', 90], ['p99', 99], ['max', 100]] as const) {
      const truth = percentile(latencies, p);
      expect(run.latency[name], name).toBeGreaterThanOrEqual(truth * (1 - HDR_PRECISION) - step);
      expect(run.latency[name], name).toBeLessThanOrEqual(truth * (1 + HDR_PRECISION) + step + roundTrip);
    }
    // The p90 is the correction's: only the later steps of the journeys held up reach it.
    // Measured from when each step was sent, as a closed model does, it would be ~0.
    expect(percentile(latencies, 90)).toBeGreaterThan(STALL_MS / 2);
  });
});
