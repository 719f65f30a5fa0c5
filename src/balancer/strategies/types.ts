/**
 * The contract between the balancer and its strategies. A strategy is a pure
 * `pick(backends, request)`: health, draining and membership are decided outside it,
 * so it sees a snapshot and is tested with plain arrays.
 */

/** A backend as a strategy sees it: only healthy, non-draining ones, in a stable order. */
export interface BackendView {
  readonly id: string;
  /** Requests (and open WebSockets) the balancer has running on this backend now. */
  readonly inFlight: number;
}

/** What a strategy may know about the request being routed. */
export interface RequestView {
  /** Cookies of the request, first occurrence of each name, values as sent. */
  readonly cookies: Readonly<Record<string, string>>;
  /** The client's remote `address:port`. */
  readonly clientKey: string;
  /** A monotonic counter of routing decisions in this balancer (a retry takes a new one). */
  readonly seq: number;
  /** A number in [0, 1) drawn from the balancer's seeded RNG for this decision. */
  readonly random: number;
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
}

/** Chooses a backend; `undefined` only when `backends` is empty. Must not mutate its inputs. */
export type PickFn = (backends: readonly BackendView[], req: RequestView) => Pick | undefined;
