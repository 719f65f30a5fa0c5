import type { BalancerOptions } from '../balancer/client.js';
import type { ProxyKind } from './kinds.js';

/** What starting a proxy takes: the built-in balancer's options, and where a real one keeps its files. */
export interface ProxyOptions extends BalancerOptions {
  readonly proxy: ProxyKind;
  /** The folder for the proxy's configuration, logs, socket and pid file (beside the server logs). */
  readonly dir: string;
  /** Put a hop (hop.ts) between the proxy and each server, so toxics can act. @default false */
  readonly hops?: boolean;
  /** Ids of servers that may join later (scale-up), for proxies that declare servers up front. */
  readonly spareIds?: readonly string[];
  /** Where to look for the binary. @default process.env.PATH */
  readonly path?: string;
}

/** A server the proxy's configuration names: where the proxy sends requests, and where it checks health. */
export interface ConfiguredServer {
  readonly id: string;
  /** 127.0.0.1:port the proxy sends to: the server itself, or its hop. */
  readonly port: number;
  /** The server's own port, for health checks that bypass the hop. */
  readonly checkPort: number;
  /** Declared now, taking no traffic until it joins (HAProxy's spare slots). */
  readonly spare?: boolean;
  /** Taking no new requests (nginx `down` while it drains). */
  readonly down?: boolean;
}

/** The port of an http://127.0.0.1:port URL. */
export function portOf(url: string): number {
  return Number(new URL(url).port);
}
