import type { BalancerHandle } from '../balancer/handle.js';
import type { Hops } from './hop.js';
import type { ProxyProcess } from './process.js';

export interface RealProxy {
  readonly process: ProxyProcess;
  readonly port: number;
  readonly hops: Hops | undefined;
  /** Aborting closes the proxy, as it does the built-in balancer. */
  readonly signal?: AbortSignal | undefined;
  /** Waited for before the stop (a reload under way). */
  readonly settle?: () => Promise<void>;
}

/**
 * A real proxy's `BalancerHandle`: its own operations, and the lifecycle every real proxy
 * shares: closed on abort, SIGTERM (the fast stop of both HAProxy and nginx; the load is
 * over), then SIGKILL; the hops closed after it.
 */
export function realProxyHandle(real: RealProxy, operations: Omit<BalancerHandle, 'url' | 'port' | 'pid' | 'close' | 'killSync'>): BalancerHandle {
  const onAbort = (): void => void handle.close();
  real.signal?.addEventListener('abort', onAbort, { once: true });
  let closing: Promise<void> | undefined;
  const handle: BalancerHandle = {
    url: `http://127.0.0.1:${real.port}`,
    port: real.port,
    pid: real.process.pid,
    ...operations,
    close() {
      closing ??= (async () => {
        real.signal?.removeEventListener('abort', onAbort);
        await real.settle?.();
        await real.process.stop('SIGTERM');
        real.hops?.close();
      })();
      return closing;
    },
    killSync: () => real.process.killSync(),
  };
  return handle;
}
