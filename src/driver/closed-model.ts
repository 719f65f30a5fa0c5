import { deriveSeed } from './rng.js';
import { RunLog, VirtualUserRunner, withGracefulStop, type ModelOptions, type ModelResult } from './virtual-user.js';

export { graceMs } from './virtual-user.js';

export interface ClosedModelOptions extends ModelOptions {
  readonly users: number;
  /** `--shard i/n` (1-based): only this shard's users run (`scenario.shardOf`, else `i % count`). */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** What a load model returns; kept under its old name for the closed model's callers. */
export type ClosedModelResult = ModelResult;

/**
 * The closed model: `users` virtual users, each running journeys back to back until the
 * duration is over; each step is meant when it is sent, so latency is service time (a
 * stall holds the users up and the requests they would have sent are never made). A
 * journey under way at the end is finished (a graceful stop, as k6 does), but for at
 * most `graceMs` more: then it is cancelled and counted as failed, with a reason that
 * says so. Every started journey has an outcome, so `started = completed + lost + failed`
 * holds (docs/cli.md).
 */
export async function runClosedModel(options: ClosedModelOptions): Promise<ModelResult> {
  const { clock, durationMs } = options;
  const log = new RunLog(options.trace);
  await withGracefulStop(options, async (busy) => {
    // Users start spread over the first think time, not in one burst at t=0 (nor after the load).
    await Promise.all(
      usersOf(options).map(async (index) => {
        const cancel = new AbortController();
        busy.add(cancel);
        try {
          await clock.sleep(Math.min((options.thinkMs * index) / options.users, durationMs), AbortSignal.any([options.signal, cancel.signal]));
          const user = new VirtualUserRunner(options, index, log, cancel);
          try {
            while (clock.now() < durationMs && !user.signal.aborted) {
              const outcome = await user.journey(deriveSeed(options.seed, index, user.journeys + 1));
              // Someone whose visit failed does not start over in the same millisecond.
              if (outcome.kind === 'failed' && clock.now() < durationMs) await clock.sleep(options.thinkMs, user.signal);
            }
          } finally {
            await user.close();
          }
        } finally {
          busy.delete(cancel);
        }
      }),
    );
  });
  return log.result();
}

/** The user indices this process runs: all of them, or its shard's slice. */
function usersOf({ users, shard, scenario }: Pick<ClosedModelOptions, 'users' | 'shard' | 'scenario'>): number[] {
  const all = Array.from({ length: users }, (_, index) => index);
  if (!shard) return all;
  return all.filter((index) => (scenario.shardOf?.(index, shard.count) ?? index % shard.count) === shard.index - 1);
}
