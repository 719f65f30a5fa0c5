/**
 * The contract between the balancer and its strategies. A strategy is a pure
 * `pick(backends, request)`: health, draining and membership are decided outside it,
 * so it sees a snapshot and is tested with plain arrays.
 */
import type { HashMode } from '../../config/types.js';

export type { HashMode } from '../../config/types.js';

/** A backend as a strategy sees it: only healthy, non-draining ones, in a stable order. */
export interface BackendView {
  readonly id: string;
  /** Requests (and open WebSockets) the balancer has running on this backend now. */
  readonly inFlight: number;
}

/** How the affinity strategies (sticky, hash) treat a session whose backend is unavailable. */
export interface AffinityPolicy {
  /**
   * Move a request whose sticky cookie (or hash key) names a down or draining backend to
   * another one, as HAProxy's `option redispatch`; when false it is answered 503.
   * @default true
   */
  readonly redispatch: boolean;
  /**
   * `consistent`: a ring, a membership change moves about 1/N of the keys; `modulo`:
   * `hash(key) mod N` over the backend list, a change moves most of them.
   * @default 'consistent'
   */
  readonly hashMode: HashMode;
}

export const DEFAULT_POLICY: AffinityPolicy = { redispatch: true, hashMode: 'consistent' };

/** What a strategy may know about the request being routed. */
export interface RequestView {
  /** Cookies of the request, first occurrence of each name, values as sent. */
  readonly cookies: Readonly<Record<string, string>>;
  /** The client's remote address, without the port (`source`, and `hash` without a session cookie). */
  readonly clientAddress: string;
  /** A monotonic counter of routing decisions in this balancer (a retry takes a new one). */
  readonly seq: number;
  /** A number in [0, 1) drawn from the balancer's seeded RNG for this decision. */
  readonly random: number;
  /**
   * Members that exist but take no new request now (down, draining, or refused this
   * request's connect), so that a session bound to one can be held there when
   * `policy.redispatch` is off. Never overlaps `backends`.
   */
  readonly unavailable: readonly BackendView[];
  readonly policy: AffinityPolicy;
}

/** The cookie a strategy wants the balancer to add to the response. */
export interface SetCookie {
  readonly name: string;
  readonly value: string;
}

export interface Pick {
  readonly backend: BackendView;
  /** Sent to the client as `Set-Cookie: <name>=<value>; Path=/`. */
  readonly setCookie?: SetCookie;
  /** True when the request was bound to a backend that is gone and was sent elsewhere. */
  readonly rebind?: boolean;
  /**
   * The affinity key the choice was derived from (hash). The balancer remembers which
   * backend last took each key and counts a rebind when the key lands elsewhere.
   */
  readonly key?: string;
}

/**
 * Chooses a backend; `undefined` when none may take the request: `backends` is empty,
 * or the request is bound to an unavailable backend and `policy.redispatch` is off.
 * Must not mutate its inputs.
 */
export type PickFn = (backends: readonly BackendView[], req: RequestView) => Pick | undefined;
