import type { RequestCause } from '../result.js';

/**
 * What one request did, in Jepsen's terms (docs/design.md, "What is measured"):
 * - `ok`: a 2xx answer;
 * - `fail`: a definite refusal (a target's 4xx/5xx, or the balancer's 503 when no
 *   backend was up: the request was never sent);
 * - `indeterminate`: sent, no answer (a reset, a timeout, the balancer's 502), or a 504
 *   from anyone: a gateway's "the one behind me did not answer in time", the balancer's
 *   of a backend or a stateless target's of its store. It may or may not have taken effect.
 */
export type Outcome = 'ok' | 'fail' | 'indeterminate';

export interface Answer {
  /** Undefined when no HTTP answer came at all (transport error, timeout). */
  readonly status: number | undefined;
  /** The answer was made by the balancer, not a target (`x-statebench-balancer`). */
  readonly fromBalancer: boolean;
}

export function classify(answer: Answer): Outcome {
  const { status, fromBalancer } = answer;
  if (status === undefined) return 'indeterminate';
  if (status >= 200 && status < 300) return 'ok';
  if (status === 504 || (fromBalancer && status === 502)) return 'indeterminate';
  return 'fail';
}

/** Error codes of the driver's client (src/driver/http1/client.ts), undici and Node's sockets, by the cause they mean. */
const CAUSE_OF_CODE: Readonly<Record<string, RequestCause>> = {
  STATEBENCH_HTTP_TIMEOUT: 'timeout',
  STATEBENCH_HTTP_CLOSED: 'reset',
  UND_ERR_HEADERS_TIMEOUT: 'timeout',
  UND_ERR_BODY_TIMEOUT: 'timeout',
  UND_ERR_CONNECT_TIMEOUT: 'timeout',
  ETIMEDOUT: 'timeout',
  UND_ERR_SOCKET: 'reset',
  ECONNRESET: 'reset',
  EPIPE: 'reset',
  ECONNREFUSED: 'refused',
};

/**
 * Why a request had no definite answer, or was refused by the balancer itself: the
 * transport error's code (undici wraps the socket's in `cause`), or the balancer's status.
 * Undefined for an answer from a target, ok or not, except its 504.
 */
export function causeOf(answer: Answer & { readonly error?: unknown }): RequestCause | undefined {
  const { status, fromBalancer } = answer;
  if (status === undefined) return codeOf(answer.error) ?? 'other';
  if (status === 504) return 'status-504';
  if (fromBalancer && status === 502) return 'status-502';
  if (fromBalancer && status === 503) return 'status-503';
  return undefined;
}

function codeOf(error: unknown): RequestCause | undefined {
  for (let e = error, depth = 0; e instanceof Error && depth < 4; e = e.cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string' && CAUSE_OF_CODE[code]) return CAUSE_OF_CODE[code];
  }
  return undefined;
}
