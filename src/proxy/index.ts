/**
 * The proxy in front of a design's fleet: statebench's own balancer, or a real HAProxy or
 * nginx from PATH (docs/proxies.md). Every one is a `BalancerHandle`, so the run, the
 * faults and the report see one shape whichever it is.
 */
import { join } from 'node:path';
import { startBalancer, type BalancerHandle } from '../balancer/client.js';
import { ConfigError } from '../errors.js';
import { startHaproxy } from './haproxy.js';
import { supports, unsupported } from './kinds.js';
import { startNginx } from './nginx.js';
import type { ProxyOptions } from './options.js';

export { PROXY_KINDS, PROXY_RULES, isProxyKind, supports, unsupported, type ProxyKind } from './kinds.js';
export type { ProxyOptions } from './options.js';
export { findBinary } from './process.js';

/** Starts the proxy `options.proxy` and resolves once it accepts connections. */
export async function startProxy(options: ProxyOptions): Promise<BalancerHandle> {
  if (!supports(options.proxy, options.strategy)) throw new ConfigError(unsupported(options.proxy, options.strategy));
  switch (options.proxy) {
    case 'builtin':
      return startBalancer({ ...options, logFile: join(options.dir, 'balancer.log') });
    case 'haproxy':
      return startHaproxy(options);
    case 'nginx':
      return startNginx(options);
  }
}

/** The proxy's log, for the report's `logs`. */
export function proxyLog(options: Pick<ProxyOptions, 'proxy' | 'dir'>): string {
  return join(options.dir, options.proxy === 'builtin' ? 'balancer.log' : `${options.proxy}.log`);
}
