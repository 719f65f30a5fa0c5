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
