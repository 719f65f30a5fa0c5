/**
 * One exchange through the balancer, HTTP request or WebSocket handshake alike, written
 * once (as undici writes its handler contract once): a timer from arrival, an abort when
 * the client goes away, routing, the toxic on the chosen backend, and the failure
 * answers of docs/protocols.md (503 no backend, 502 failed after sending, 504 no answer
 * in time). What differs between HTTP and WebSocket is a thin `ExchangeEnd` (proxy.ts,
 * upgrade.ts): how to answer, how to forward, how to swallow a blackholed request.
 *
 * From the moment a backend is chosen the exchange holds it (in flight, which
 * least-connections and drain see) and a `reset` toxic set on it resets the client's
 * connection, until the client's side closes: for a WebSocket, that is the end of the
 * spliced connection, so an open WebSocket counts as in flight.
 */
import type { Duplex } from 'node:stream';
import type { Upstream } from './http1/upstream.js';
import type { Backend } from './membership.js';
import { Abort, route, type RouteRequest, type Router } from './router.js';
import type { Pick } from './strategies/types.js';
import { resetSocket } from './toxics.js';

export interface ExchangeOptions {
  /** No answer from the backend after this long (from arrival): 504. */
  readonly requestTimeoutMs: number;
}

/** What the exchange tells its end while forwarding. */
export interface ForwardHooks {
  /**
   * Called before relaying anything of the backend's answer; false when the exchange has
   * already been answered (timed out) and the answer must be discarded.
   */
  answered(): boolean;
  /** The backend closed, reset or garbled the connection before its answer's head: a 502. */
  failed(): void;
}

/** What an exchange needs from its side of the wire (HTTP response or upgraded socket). */
export interface ExchangeEnd {
  readonly request: RouteRequest;
  /** The client's connection, which a `reset` toxic resets. */
  readonly client: Duplex;
  /** Calls `listener` once, when the client's side is closed (finished or gone). */
  onClose(listener: () => void): void;
  /** True when the client's side closed because the exchange finished, not because the client left. */
  completed(): boolean;
  /** Writes the balancer's own answer; false when it could not (the client's side had started or gone). */
  answer(status: number, message: string): boolean;
  /** A connection to `backend` for this exchange (pooled, or one of its own). */
  connect(backend: Backend): Upstream;
  /** Writes the request on `upstream` and relays the answer. */
  forward(upstream: Upstream, pick: Pick, hooks: ForwardHooks): void;
  /** A blackholed exchange: accept what the client sends, answer nothing. */
  swallow(): void;
}

/** Runs one exchange to its end; resolves once it is routed (or refused), not when it is over. */
export async function exchange(router: Router, end: ExchangeEnd, options: ExchangeOptions): Promise<void> {
  const { membership, toxics } = router;
  const abort = new Abort();
  let timedOut = false;
  /** Set once routed: the backend held, and how to let go of it and of its toxic's reach. */
  const held: { backend?: Backend; release?: () => void; untrack?: () => void } = {};

  const fail = (status: number, message: string): void => {
    if (end.answer(status, message)) membership.countBalancerError();
  };
  const timer = setTimeout(() => {
    timedOut = true;
    // Routed: the backend took too long, which is its error as well as the balancer's 504.
    if (held.backend) membership.countError(held.backend.id);
    fail(504, 'gateway timeout');
    abort.abort();
  }, options.requestTimeoutMs);
  end.onClose(() => {
    clearTimeout(timer);
    if (!end.completed()) abort.abort();
    held.release?.();
    held.untrack?.();
  });

  const routed = await route(router, end.request, (b) => end.connect(b), abort);
  if (routed.kind === 'aborted') return;
  if (routed.kind === 'unavailable') {
    clearTimeout(timer);
    return fail(503, 'no backend available');
  }

  const { backend, release } = routed;
  // The client left while routing (its close listener ran before `release` was set): let go now.
  if (abort.aborted) return void release();
  held.backend = backend;
  held.release = release;
  const reset = (): void => resetSocket(end.client);
  // A reset toxic set from now on resets this client connection, the handshake in flight included.
  held.untrack = toxics.track(backend.id, reset);
  if (routed.kind === 'toxic') {
    if (routed.toxic === 'reset') {
      clearTimeout(timer);
      return reset();
    }
    // Blackhole: nothing is answered; the timeout (or the client) ends it.
    return end.swallow();
  }

  const { upstream, pick } = routed;
  end.forward(upstream, pick, {
    answered() {
      clearTimeout(timer);
      return !timedOut;
    },
    failed() {
      clearTimeout(timer);
      if (timedOut || abort.aborted) return;
      membership.countError(backend.id);
      fail(502, 'bad gateway');
    },
  });
}
