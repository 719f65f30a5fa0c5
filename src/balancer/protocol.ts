/**
 * The IPC protocol between the orchestrator (client.ts) and the balancer process
 * (main.ts). Messages are plain JSON over the `fork()` channel.
 */
import type { HashMode, StrategyName } from '../config/types.js';
import type { ProcessSaturation } from '../result.js';
import type { Toxic, ToxicStats } from './toxics.js';

/** A backend the balancer may send requests to. */
export interface BackendSpec {
  /** The server id, e.g. `server-2`; also the value of the sticky cookie. */
  readonly id: string;
  /** Base URL, e.g. `http://127.0.0.1:4001`. */
  readonly url: string;
}

/** Everything the balancer process needs to start; sent once, first. */
export interface InitMessage {
  readonly type: 'init';
  readonly strategy: StrategyName;
  readonly seed: number;
  /** 0 picks a free port. */
  readonly port: number;
  readonly host: string;
  readonly backends: readonly BackendSpec[];
  readonly healthPath: string;
  readonly healthIntervalMs: number;
  readonly healthTimeoutMs: number;
  /** No response headers from the backend after this long: 504. */
  readonly requestTimeoutMs: number;
  /** Sticky and hash: move a session whose backend is down or draining (else 503). */
  readonly redispatch: boolean;
  readonly hashMode: HashMode;
  /**
   * Processes that share the listening port (workers.ts). 1 (or absent): this process
   * serves. More: it becomes their primary and serves through them.
   */
  readonly workers?: number;
  /** Set by a primary on its workers' init: which one this is (1-based), for the log. */
  readonly worker?: { readonly index: number; readonly count: number };
}

/** Commands after init. `reqId`, when given, is answered with an `ack` (or `nack`). */
export type CommandMessage =
  | { readonly type: 'add'; readonly backend: BackendSpec; readonly reqId?: number }
  | { readonly type: 'remove'; readonly id: string; readonly reqId?: number }
  | { readonly type: 'drain'; readonly id: string; readonly reqId?: number }
  | { readonly type: 'set-toxic'; readonly id: string; readonly toxic: Toxic; readonly reqId?: number }
  | { readonly type: 'clear-toxic'; readonly id: string; readonly reqId?: number }
  | { readonly type: 'stats'; readonly reqId: number }
  | { readonly type: 'close' };

export type ParentMessage = InitMessage | CommandMessage;

/** Per-backend counters since the balancer started; removed backends keep their counts. */
export interface BalancerStats extends ToxicStats {
  /** Requests (and WebSocket upgrades) forwarded to each backend. */
  readonly byBackend: Record<string, number>;
  /** Connect failures, 502s and 504s attributed to each backend. */
  readonly errorsByBackend: Record<string, number>;
  /**
   * Sessions moved: requests whose sticky cookie named a backend that was not available,
   * and hash requests whose key went to another backend than the one it last went to.
   */
  readonly rebinds: number;
  /** Health of each current member. */
  readonly up: Record<string, boolean>;
  /** Requests and WebSockets running on each current member now. */
  readonly inFlight: Record<string, number>;
  /** Ids of current members that are draining. */
  readonly draining: readonly string[];
  /** Requests answered by the balancer itself (502, 503, 504). */
  readonly balancerErrors: number;
  /** The balancer process's own event-loop delay and CPU since it was ready; absent from a balancer that is not statebench's. */
  readonly saturation?: ProcessSaturation;
}

/** A health transition, for the orchestrator's timeline. */
export interface BalancerEvent {
  readonly type: 'event';
  readonly kind: 'up' | 'down';
  readonly id: string;
  readonly reason: string;
  /** `Date.now()` in the balancer process. */
  readonly at: number;
}

export type ChildMessage =
  /** From a primary's worker once it listens for `init`: what reaches a worker before its code runs is lost. */
  | { readonly type: 'waiting' }
  | { readonly type: 'ready'; readonly port: number }
  | { readonly type: 'error'; readonly code: string; readonly message: string }
  | ({ readonly type: 'stats'; readonly reqId: number } & BalancerStats)
  | { readonly type: 'ack'; readonly reqId: number }
  | { readonly type: 'nack'; readonly reqId: number; readonly message: string }
  | BalancerEvent;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null;
}

export function isBackendSpec(value: unknown): value is BackendSpec {
  return isObject(value) && typeof value.id === 'string' && typeof value.url === 'string';
}

/** Structural check of what arrives on the channel; the payloads are validated by their handlers. */
export function isParentMessage(value: unknown): value is ParentMessage {
  if (!isObject(value)) return false;
  switch (value.type) {
    case 'init':
      return Array.isArray(value.backends) && value.backends.every(isBackendSpec);
    case 'add':
      return isBackendSpec(value.backend);
    case 'remove':
    case 'drain':
    case 'clear-toxic':
      return typeof value.id === 'string';
    case 'set-toxic':
      return typeof value.id === 'string' && isObject(value.toxic);
    case 'stats':
      return typeof value.reqId === 'number';
    case 'close':
      return true;
    default:
      return false;
  }
}

export function isChildMessage(value: unknown): value is ChildMessage {
  return isObject(value) && typeof value.type === 'string';
}
