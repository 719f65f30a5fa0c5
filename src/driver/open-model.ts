import { arrivalTimes, type ArrivalProfile } from './arrivals.js';
import { JourneySchedule } from './journey-schedule.js';
import { deriveSeed } from './rng.js';
import { RunLog, VirtualUserRunner, withGracefulStop, type ModelOptions, type ModelResult } from './virtual-user.js';

export interface OpenModelOptions extends ModelOptions {
  /** When journeys arrive (`--rate`, `--ramp`); its stages last `durationMs`. */
  readonly arrivals: ArrivalProfile;
  /** At most this many journeys at once (`--max-users`): the pool of virtual users. */
  readonly maxUsers: number;
}

/**
 * The open model: journeys arrive on a schedule (`arrivals`), whatever the fleet does, as
 * visitors arrive at a shop; each arrival takes a free virtual user from a pool of at
 * most `maxUsers` (created when first needed) and an arrival that finds none is
 * `dropped` (k6's dropped iterations). Each journey runs on its own schedule from its
 * arrival (src/driver/journey-schedule.ts), so its steps' latency counts the time the
 * fleet held it up. Arrival `n`'s randomness is seeded by `(seed, n)`, whichever user
 * runs it. The graceful stop is the closed model's.
 */
export async function runOpenModel(options: OpenModelOptions): Promise<ModelResult> {
  const { clock, recorder, durationMs, signal } = options;
  const log = new RunLog(options.trace);
  const free: VirtualUserRunner[] = [];
  const everyone: VirtualUserRunner[] = [];
  const running = new Set<Promise<unknown>>();
  try {
    await withGracefulStop(options, async (busy) => {
      let n = 0;
      for (const atMs of arrivalTimes(options.arrivals)) {
        if (atMs >= durationMs) break;
        await clock.sleep(atMs - clock.now(), signal);
        if (signal.aborted) break;
        const arrival = n++;
        let user = free.pop();
        if (user === undefined && everyone.length < options.maxUsers) {
          user = new VirtualUserRunner(options, everyone.length, log, new AbortController());
          everyone.push(user);
        }
        if (user === undefined) {
          recorder.recordJourney('dropped', atMs);
          continue;
        }
        const taken = user;
        busy.add(taken.cancel);
        const journey = taken
          .journey(deriveSeed(options.seed, arrival), new JourneySchedule(atMs, options.thinkMs, clock))
          .finally(() => {
            busy.delete(taken.cancel);
            running.delete(journey);
            free.push(taken);
          });
        running.add(journey);
      }
      await Promise.all(running);
    });
  } finally {
    await Promise.all(everyone.map((user) => user.close()));
  }
  return log.result();
}
