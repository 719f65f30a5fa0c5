/**
 * How a primary turns its workers' answers into the one balancer the orchestrator sees
 * (workers.ts): their stats added up, and their health events reduced to one `down` and
 * one `up` per transition. Pure, so it is tested with plain objects.
 */
import type { ProcessSaturation } from '../result.js';
import type { BalancerEvent, BalancerStats } from './protocol.js';

/**
 * Worker `index`'s seed (0-based): the run's seed mixed with the index, so that workers
 * draw different streams (two `random` workers with one seed would make the same picks)
 * and a run with the same seed and worker count draws the same ones again.
 */
export function workerSeed(seed: number, index: number): number {
  return (seed ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0;
}

function sum(records: readonly Record<string, number>[]): Record<string, number> {
  const total: Record<string, number> = {};
  for (const record of records) for (const [id, n] of Object.entries(record)) total[id] = (total[id] ?? 0) + n;
  return total;
}

/** Each figure the worst of any worker's: the balancer is as saturated as its busiest process. */
function worst(list: readonly ProcessSaturation[]): ProcessSaturation | undefined {
  if (list.length === 0) return undefined;
  return {
    eventLoopDelayP99Ms: Math.max(...list.map((s) => s.eventLoopDelayP99Ms)),
    eventLoopDelayMaxMs: Math.max(...list.map((s) => s.eventLoopDelayMaxMs)),
    cpuPercent: Math.max(...list.map((s) => s.cpuPercent)),
  };
}

/**
 * One balancer's stats from its workers': counts add up; a backend is up only when every
 * worker finds it up (as the merged health events say); draining and toxics are the
 * same commands in every worker, so their union; saturation is the worst worker's.
 */
export function mergeStats(list: readonly BalancerStats[]): BalancerStats {
  const up: Record<string, boolean> = {};
  for (const stats of list) for (const [id, isUp] of Object.entries(stats.up)) up[id] = (up[id] ?? true) && isUp;
  const saturation = worst(list.flatMap((stats) => (stats.saturation ? [stats.saturation] : [])));
  return {
    byBackend: sum(list.map((s) => s.byBackend)),
    errorsByBackend: sum(list.map((s) => s.errorsByBackend)),
    rebinds: list.reduce((n, s) => n + s.rebinds, 0),
    up,
    inFlight: sum(list.map((s) => s.inFlight)),
    draining: [...new Set(list.flatMap((s) => s.draining))],
    balancerErrors: list.reduce((n, s) => n + s.balancerErrors, 0),
    toxicByBackend: sum(list.map((s) => s.toxicByBackend)),
    toxics: Object.assign({}, ...list.map((s) => s.toxics)) as BalancerStats['toxics'],
    ...(saturation ? { saturation } : {}),
  };
}

/**
 * Each worker checks every backend's health itself, so one server that stops answers
 * `down` from every worker, a few milliseconds apart. The balancer is down on a backend
 * from the first worker that finds it down (that worker sends it nothing) until the last
 * one finds it up again: one `down` and one `up` per transition, whatever the count.
 */
export class HealthVote {
  /** For each backend, the workers that find it down now. */
  readonly #down = new Map<string, Set<number>>();

  /** The event to pass on for worker `worker`'s event, if it changes the merged state. */
  report(worker: number, event: BalancerEvent): BalancerEvent | undefined {
    const down = this.#down.get(event.id) ?? new Set<number>();
    this.#down.set(event.id, down);
    const wasDown = down.size > 0;
    if (event.kind === 'down') down.add(worker);
    else down.delete(worker);
    return wasDown === down.size > 0 ? undefined : event;
  }

  /** A removed backend is forgotten by every worker; added again, it starts up, without an event. */
  forget(id: string): void {
    this.#down.delete(id);
  }
}
