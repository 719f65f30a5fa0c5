/**
 * Request timeouts on one timer: a request in flight sits in a set with its deadline, and
 * a single unref'd interval, running only while the set is not empty, expires those past
 * theirs. A `setTimeout` and `clearTimeout` per request cost more than the whole scan at
 * a load's rates; a timeout fires up to one tick late (undici's timers: up to 0.5 s).
 */
import { performance } from 'node:perf_hooks';

/** How often deadlines are checked, ms: a timeout is reported at most this much late. */
export const TICK_MS = 20;

/** What can time out: its deadline (performance.now() ms) and what to do when it passes. */
export interface Expiring {
  readonly deadline: number;
  expire(): void;
}

const watched = new Set<Expiring>();
let timer: NodeJS.Timeout | undefined;

/** Starts watching `entry`; it stays watched until `unwatch` or its expiry. */
export function watch(entry: Expiring): void {
  watched.add(entry);
  if (timer === undefined) {
    timer = setInterval(tick, TICK_MS);
    timer.unref();
  }
}

export function unwatch(entry: Expiring): void {
  watched.delete(entry);
}

function tick(): void {
  const now = performance.now();
  for (const entry of watched) {
    if (entry.deadline > now) continue;
    watched.delete(entry);
    entry.expire();
  }
  if (watched.size === 0) {
    clearInterval(timer);
    timer = undefined;
  }
}
