/**
 * The HTTP side of the balancer: each request is routed, its body streamed to the chosen
 * backend and the answer streamed back with every header (Set-Cookie included). What
 * goes wrong is answered as docs/protocols.md says, by the balancer itself and marked
 * with `x-statebench-balancer: 1`: 503 when no backend is available, 502 when the
 * backend failed after the request was sent, 504 when it did not answer in time. A
 * backend's toxic (toxics.ts) may instead reset the client's connection, or leave the
 * request unanswered until that 504.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { balancerAnswer, requestHeaders, responseHeaders } from './headers.js';
import { forwardOptions, route, type Router } from './router.js';
import { resetSocket } from './toxics.js';

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
  const { membership, toxics } = router;
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

    const { backend, release } = routed;
    onTimeout = () => {
      membership.countError(backend.id);
      fail(res, 504, 'gateway timeout');
    };
    // A reset toxic set later resets this client connection; the abort above then stops the rest.
    const untrack = toxics.track(backend.id, () => resetSocket(req.socket));
    if (routed.kind === 'toxic') {
      res.once('close', release);
      res.once('close', untrack);
      if (routed.toxic === 'reset') return resetSocket(req.socket);
      // Blackhole: the body is read and dropped, nothing is answered; the timeout (or the client) ends it.
      req.resume();
      return;
    }
    const { pick, proxyReq } = routed;
    proxyReq.once('close', release);
    proxyReq.once('close', untrack);
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
