import { describe, expect, it } from 'vitest';
import type { Clock } from '../../../src/driver/clock.js';
import { JourneySchedule } from '../../../src/driver/journey-schedule.js';

/** A clock that only moves when told: `sleep` jumps to its end, `advance` is a slow answer. */
function manualClock(startMs: number): Clock & { advance(ms: number): void } {
  let now = startMs;
  return {
    now: () => now,
    sleep: async (ms) => {
      if (ms > 0) now += ms;
    },
    advance: (ms) => {
      now += ms;
    },
  };
}

const signal = new AbortController().signal;

describe('JourneySchedule (the intended-time rule)', () => {
  it('means step k at arrival + k · think, and a journey on time sends each step then', async () => {
    const clock = manualClock(1000);
    const schedule = new JourneySchedule(1000, 100, clock);
    const meant: number[] = [];
    const sent: number[] = [];
    for (let k = 0; k < 3; k++) {
      if (k > 0) await schedule.think(signal);
      meant.push(schedule.take()!);
      sent.push(clock.now());
      clock.advance(5); // a 5 ms answer
    }
    expect(meant).toEqual([1000, 1100, 1200]);
    // The pause waits for the schedule, not a full think after the answer.
    expect(sent).toEqual([1000, 1100, 1200]);
  });

  it('a stall shows in every later step: the journey stays behind its schedule until it catches up', async () => {
    const clock = manualClock(0);
    const schedule = new JourneySchedule(0, 100, clock);
    const latencies: number[] = [];
    const answer = (ms: number) => {
      const meant = schedule.take()!;
      clock.advance(ms);
      latencies.push(clock.now() - meant);
    };
    answer(1); // on time
    await schedule.think(signal);
    answer(450); // held by a stall
    for (let k = 0; k < 5; k++) {
      await schedule.think(signal); // behind: no pause at all
      answer(1);
    }
    // 450 ms behind at the stall, then each step sent at once catches up a think time less 1 ms.
    expect(latencies).toEqual([1, 450, 351, 252, 153, 54, 1]);
  });

  it('puts only the first request of a step on the schedule: a retry is meant when sent', async () => {
    const clock = manualClock(500);
    const schedule = new JourneySchedule(500, 100, clock);
    expect(schedule.take()).toBe(500);
    clock.advance(30);
    expect(schedule.take()).toBeUndefined();
    await schedule.think(signal);
    expect(schedule.take()).toBe(600);
  });
});
