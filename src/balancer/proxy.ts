/**
 * The HTTP side of the balancer: each request is routed, its body streamed to the chosen
 * backend and the answer streamed back with every header (Set-Cookie included). What
 * goes wrong is answered the way DESIGN.md §2 says, by the balancer itself and marked
 * with `x-statebench-balancer: 1`: 503 when no backend is available, 502 when the
 * backend failed after the request was sent, 504 when it did not answer in time.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { balancerAnswer, requestHeaders, responseHeaders } from './headers.js';
import { forwardOptions, route, type Router } from './router.js';

export interface ProxyOptions {
  /** No response headers after this long (from arrival): 504. */
  readonly requestTimeoutMs: number;
}

function answer(res: ServerResponse, status: number, message: string): void {
  if (res.headersSent || res.destroyed) {
    res.destroy();
    return;
  }
  const { body, headers } = balancerAnswer(message);
  res.writeHead(status, headers).end(body);
}

export function createRequestHandler(router: Router, options: ProxyOptions) {
  const { membership } = router;
  const fail = (res: ServerResponse, status: number, message: string): void => {
    membership.countBalancerError();
    answer(res, status, message);
  };

  return async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const controller = new AbortController();
    let timedOut = false;
    let onTimeout = (): void => fail(res, 504, 'gateway timeout');
    const timer = setTimeout(() => {
      timedOut = true;
      onTimeout();
      controller.abort();
    }, options.requestTimeoutMs);
    // The client went away: stop whatever is still running for it.
    res.once('close', () => {
      clearTimeout(timer);
      if (!res.writableFinished) controller.abort();
    });

    const headers = requestHeaders(req.rawHeaders, req.socket.remoteAddress);
    const routed = await route(router, req, (backend) => forwardOptions(req, backend, headers), controller.signal);
    if (routed.kind === 'aborted') return;
    if (routed.kind === 'unavailable') {
      clearTimeout(timer);
      fail(res, 503, 'no backend available');
      return;
    }

    const { backend, pick, proxyReq, release } = routed;
    onTimeout = () => {
      membership.countError(backend.id);
      fail(res, 504, 'gateway timeout');
    };
    proxyReq.once('close', release);
    proxyReq.on('error', () => {
      clearTimeout(timer);
      if (timedOut || controller.signal.aborted) return;
      membership.countError(backend.id);
      if (res.headersSent) res.destroy();
      else fail(res, 502, 'bad gateway');
    });
    proxyReq.once('response', (upstream) => {
      clearTimeout(timer);
      if (timedOut) {
        upstream.resume();
        return;
      }
      res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, responseHeaders(upstream.rawHeaders, pick.setCookie));
      upstream.pipe(res);
      // The backend died in the middle of the body: the client must see a broken response, not a short one.
      upstream.once('close', () => {
        if (!upstream.complete) res.destroy();
      });
      upstream.on('error', () => res.destroy());
    });
    req.once('error', () => proxyReq.destroy());
    req.pipe(proxyReq);
  };
}
