import type { ProbeClient } from './client.js';

/**
 * One verdict of the conformance probe (docs/conformance.md): what was sent, what the
 * protocol expects, what came back. A check that is not `required` is advisory: when it
 * fails it is a warning, never a refusal.
 */
export interface ConformanceCheck {
  /** Stable and readable, e.g. `pizza: add answers 200 {cart} holding the item`. */
  readonly name: string;
  /** Whether the journeys or checkers rely on it; only these can fail the check. */
  readonly required: boolean;
  readonly ok: boolean;
  /** The request(s), e.g. `POST /cart/items {"item":"margherita"} with cookie sid`. */
  readonly sent: string;
  readonly expected: string;
  /** What came back, e.g. `401 {"error":"unknown session"}` or `no answer (ECONNREFUSED)`. */
  readonly got: string;
}

/** Where and how to probe one server. */
export interface ProbeOptions {
  /** The id the server was started with: `x-server-id` and `hello` must name it. */
  readonly serverId: string;
  /** @default '/healthz' */
  readonly healthPath?: string;
  /** Per request, and per awaited WebSocket frame. @default 10000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

/** A scenario's part of the probe: its own checks, given a client bound to one server. */
export type ScenarioProbe = (client: ProbeClient) => Promise<ConformanceCheck[]>;
