import { performance } from 'node:perf_hooks';

/** Time as a run sees it: ms since the load started. Injected so tests can drive it. */
export interface Clock {
  /** Milliseconds since the start of the load (fractional). */
  now(): number;
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export function createClock(origin = performance.now()): Clock {
  return {
    now: () => performance.now() - origin,
    sleep: (ms, signal) =>
      new Promise((resolve) => {
        if (ms <= 0 || signal?.aborted) return resolve();
        const timer = setTimeout(done, ms);
        function done() {
          clearTimeout(timer);
          signal?.removeEventListener('abort', done);
          resolve();
        }
        signal?.addEventListener('abort', done, { once: true });
      }),
  };
}
