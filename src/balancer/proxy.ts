/**
 * The HTTP end of an exchange (exchange.ts): each request's body is streamed to the
 * chosen backend and the answer streamed back with every header (Set-Cookie included).
 * The balancer's own answers carry `x-statebench-balancer: 1`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Readable, Writable } from 'node:stream';
import { exchange, type ExchangeEnd, type ExchangeOptions } from './exchange.js';
import { balancerAnswer, requestHeaders, responseHeaders } from './headers.js';
import { forwardOptions, type Router } from './router.js';

export type ProxyOptions = ExchangeOptions;

/**
 * Streams `from` into `to` with backpressure: `pipe()` without its bookkeeping (a dozen
 * listeners set and removed per stream), which showed in the balancer's CPU profile.
 */
function relay(from: Readable, to: Writable): void {
  from.on('data', (chunk: Buffer) => {
    if (!to.write(chunk)) {
      from.pause();
      to.once('drain', () => from.resume());
    }
  });
  from.once('end', () => to.end());
}

function httpEnd(req: IncomingMessage, res: ServerResponse): ExchangeEnd {
  const headers = requestHeaders(req.rawHeaders, req.socket.remoteAddress);
  return {
    req,
    client: req.socket,
    onClose: (listener) => void res.once('close', listener),
    completed: () => res.writableFinished,
    answer(status, message) {
      if (res.headersSent || res.destroyed) {
        res.destroy();
        return false;
      }
      const answer = balancerAnswer(message);
      res.writeHead(status, answer.headers).end(answer.body);
      return true;
    },
    requestOptions: (backend) => forwardOptions(req, backend, headers),
    forward(proxyReq, pick, answered) {
      proxyReq.once('response', (upstream) => {
        if (!answered()) return void upstream.resume();
        res.writeHead(upstream.statusCode ?? 502, upstream.statusMessage, responseHeaders(upstream.rawHeaders, pick.setCookie));
        relay(upstream, res);
        // The backend died in the middle of the body: the client must see a broken response, not a short one.
        upstream.once('close', () => {
          if (!upstream.complete) res.destroy();
        });
        upstream.on('error', () => res.destroy());
      });
      req.once('error', () => proxyReq.destroy());
      // Most requests (a GET) have arrived whole by now, with no body left to stream.
      if (req.complete && req.readableLength === 0) {
        req.resume();
        proxyReq.end();
      } else relay(req, proxyReq);
    },
    // The body is read and dropped.
    swallow: () => void req.resume(),
  };
}

export function createRequestHandler(router: Router, options: ProxyOptions) {
  return (req: IncomingMessage, res: ServerResponse): Promise<void> => exchange(router, httpEnd(req, res), options);
}
