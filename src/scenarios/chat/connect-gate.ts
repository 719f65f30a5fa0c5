/**
 * How many chat users may be connecting at once, across one run: a FIFO of waiters.
 * Thousands of users starting within one think time would otherwise open thousands of
 * logins, handshakes and history reads in the same instant; the balancer's accept queue
 * overflows, SYNs are retried a second later, handshakes time out, and every retry
 * (with backoff) comes back as the next storm. With a gate, connects go out as fast as
 * the fleet answers them, and a slot waited for is not counted against any timeout.
 */
export interface ConnectGate {
  /** Runs `work` once a slot is free; the slot is released however it ends. */
  run<T>(work: () => Promise<T>): Promise<T>;
}

/** Enough to keep two cores busy with connects; more only queues in the kernel. */
export const CONNECTS_IN_FLIGHT = 64;

export function createConnectGate(limit: number = CONNECTS_IN_FLIGHT): ConnectGate {
  let running = 0;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else running--;
  };
  return {
    async run(work) {
      if (running < limit) running++;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      try {
        return await work();
      } finally {
        release();
      }
    },
  };
}

/** No limit: each connect goes at once (a lone client, a test). */
export const UNGATED: ConnectGate = { run: (work) => work() };
