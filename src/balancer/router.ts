/**
 * Choosing a backend and a connection to it. A connect failure means the request was
 * never sent, so that backend is marked down at once and the request is routed again
 * among the rest; nothing of the request is written until a connection is up, so it is
 * still intact for the retry. The toxic on the chosen backend, if any, acts here: a
 * latency waits before connecting; a reset or blackhole is handed back to the caller,
 * which owns the client's side.
 */
import type { AffinityMemory } from './affinity.js';
import { parseCookies } from './cookies.js';
import type { Upstream } from './http1/upstream.js';
import type { Backend, Membership } from './membership.js';
import type { AffinityPolicy, BackendView, Pick, PickFn, RequestView } from './strategies/types.js';
import { sleep, type Toxics } from './toxics.js';

export interface Router {
  readonly membership: Membership;
  readonly pick: PickFn;
  readonly policy: AffinityPolicy;
  readonly toxics: Toxics;
  /** Which backend each hash key last went to, to count the moves. */
  readonly affinity: AffinityMemory;
  /** The next decision number and its random draw, from the seeded RNG. */
  readonly nextDecision: () => { seq: number; random: number };
}

export type Routed =
  | {
      readonly kind: 'routed';
      readonly backend: Backend;
      readonly pick: Pick;
      /** Connected, nothing written yet: the caller writes the request. */
      readonly upstream: Upstream;
      /** Ends this request's hold on the backend (idempotent). */
      readonly release: () => void;
    }
  | {
      /** Chosen, not connected: the backend's toxic says the request is never answered. */
      readonly kind: 'toxic';
      readonly toxic: 'reset' | 'blackhole';
      readonly backend: Backend;
      readonly release: () => void;
    }
  | { readonly kind: 'unavailable' }
  | { readonly kind: 'aborted' };

/** Retries allowed on pooled connections found closed before anything was written to them. */
const MAX_STALE_RETRIES = 3;

/** What routing needs of a request. */
export interface RouteRequest {
  /** Every `Cookie` header value, in order. */
  readonly cookies: readonly string[];
  /** The client's address, without the port. */
  readonly clientAddress: string;
}

function requestView(router: Router, incoming: RouteRequest, unavailable: readonly BackendView[]): RequestView {
  const { seq, random } = router.nextDecision();
  return {
    cookies: parseCookies(incoming.cookies),
    clientAddress: incoming.clientAddress,
    seq,
    random,
    unavailable,
    policy: router.policy,
  };
}

/** Counts a moved session: a sticky rebind, or a hash key landing on another backend than last time. */
function noteAffinity(router: Router, pick: Pick, backend: Backend): void {
  const moved = pick.key !== undefined && router.affinity.record(pick.key, backend.id);
  if (pick.rebind || moved) router.membership.countRebind();
}

/**
 * How an exchange stops routing and forwarding early (client gone, timed out): a flag, and
 * the backend connection being connected or used, which `abort()` destroys. Cheaper per
 * request than an AbortController; an AbortSignal is made only when something waits on
 * one (a latency toxic).
 */
export class Abort {
  aborted = false;
  upstream: Upstream | undefined;
  #controller: AbortController | undefined;

  get signal(): AbortSignal {
    if (!this.#controller) {
      this.#controller = new AbortController();
      if (this.aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  abort(): void {
    if (this.aborted) return;
    this.aborted = true;
    this.#controller?.abort();
    this.upstream?.destroy();
  }
}

/**
 * Picks a backend for `incoming` and connects to it, retrying on connect failures until
 * a connection is up, no backend is left (`unavailable`) or `abort` is called.
 */
export async function route(
  router: Router,
  incoming: RouteRequest,
  connect: (backend: Backend) => Upstream,
  abort: Abort,
): Promise<Routed> {
  const { membership } = router;
  const failed = new Set<Backend>();
  const toxicFor = new Set<Backend>();
  let staleRetries = 0;
  for (;;) {
    if (abort.aborted) return { kind: 'aborted' };
    const pool = membership.available();
    const held = membership.unavailable();
    // Filtering only after a failure keeps the snapshot arrays (and the hash ring cache) intact.
    const candidates = failed.size === 0 ? pool : pool.filter((b) => !failed.has(b));
    const unavailable = failed.size === 0 ? held : [...held, ...[...failed].filter((b) => !held.includes(b))];
    const pick = router.pick(candidates, requestView(router, incoming, unavailable));
    const backend = pick && membership.get(pick.backend.id);
    if (!pick || !backend) return { kind: 'unavailable' };

    membership.acquire(backend);
    let released = false;
    const release = (): void => {
      if (released) return;
      released = true;
      membership.release(backend);
    };
    let toxic = router.toxics.get(backend.id);
    // Counted once per request and backend, not again on a stale-connection retry.
    if (toxic && !toxicFor.has(backend)) {
      toxicFor.add(backend);
      router.toxics.count(backend.id);
    }
    if (toxic?.kind === 'latency') {
      if (!(await sleep(router.toxics.delayMs(toxic), abort.signal))) {
        release();
        return { kind: 'aborted' };
      }
      toxic = router.toxics.get(backend.id); // it may have changed while this request waited
    }
    if (toxic?.kind === 'reset' || toxic?.kind === 'blackhole') {
      noteAffinity(router, pick, backend);
      return { kind: 'toxic', toxic: toxic.kind, backend, release };
    }
    if (abort.aborted) {
      release();
      return { kind: 'aborted' };
    }
    const upstream = connect(backend);
    abort.upstream = upstream;
    const connected = await upstream.connected();
    if (connected.ok && !abort.aborted) {
      membership.countForwarded(backend.id);
      noteAffinity(router, pick, backend);
      return { kind: 'routed', backend, pick, upstream, release };
    }
    release();
    upstream.destroy();
    if (abort.aborted || connected.ok) return { kind: 'aborted' };
    // A closed idle connection says nothing about the backend: route again, no penalty.
    if (connected.stale && staleRetries++ < MAX_STALE_RETRIES) continue;
    failed.add(backend);
    membership.countError(backend.id);
    membership.setHealth(backend, false, `connect failed: ${connected.reason}`);
  }
}
