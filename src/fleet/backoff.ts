/**
 * The pauses between readiness polls: from `firstMs`, doubling up to `maxMs`. A server
 * up in 30 ms is seen within a few ms of it, and one that takes seconds (a JVM) is asked
 * no more than every `maxMs`.
 */
export function* backoff(firstMs = 5, maxMs = 50): Generator<number, never> {
  for (let delayMs = firstMs; ; delayMs = Math.min(maxMs, delayMs * 2)) yield delayMs;
}
