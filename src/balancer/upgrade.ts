/**
 * The WebSocket (any HTTP/1.1 Upgrade) end of an exchange (exchange.ts): the handshake
 * is routed like a request, on a backend connection of its own, then the two sockets are
 * spliced. The exchange lasts until either side closes, so an open WebSocket counts as in
 * flight on its backend (least-connections sees it, a drain waits for it) and a reset
 * toxic resets it.
 */
import type { Socket } from 'node:net';
import { exchange, type ExchangeEnd, type ExchangeOptions, type ForwardHooks } from './exchange.js';
import { balancerAnswerText, requestHeaders, responseHeaders } from './headers.js';
import { serializeHead, type RequestHead } from './http1/head.js';
import { ResponseReader, type ResponseSink } from './http1/response.js';
import type { Upstream } from './http1/upstream.js';
import type { Router } from './router.js';
import type { Pick } from './strategies/types.js';

function answer(socket: Socket, status: number, message: string): boolean {
  if (socket.destroyed) return false;
  socket.end(balancerAnswerText(status, message, true));
  return true;
}

/** Writes `chunk` to `to`, pausing `from` until `to` drains. */
function write(from: Socket, to: Socket, chunk: Buffer): void {
  if (!to.write(chunk)) {
    from.pause();
    to.once('drain', () => from.resume());
  }
}

/** Joins the switched connections byte for byte; either side closing closes both. */
function splice(upstream: Upstream, client: Socket): void {
  const { socket } = upstream;
  upstream.handler = {
    data: (chunk) => write(socket, client, chunk),
    end: () => client.end(),
    closed: () => client.destroy(),
  };
  client.on('data', (chunk: Buffer) => write(client, socket, chunk));
  client.once('end', () => socket.end());
  client.once('close', () => socket.destroy());
}

function upgradeEnd(socket: Socket, head: RequestHead, rest: Buffer): ExchangeEnd {
  const clientAddress = socket.remoteAddress ?? '';
  // Until the 101, what the client sends is kept for the backend, and its FIN means it
  // gave up (the balancer's sockets are half-open, so without this it would never close).
  const early: Buffer[] = rest.length > 0 ? [rest] : [];
  const hold = (chunk: Buffer): void => void early.push(chunk);
  const gone = (): void => void socket.destroy();
  socket.on('data', hold);
  socket.once('end', gone);

  const sink = (upstream: Upstream, pick: Pick, hooks: ForwardHooks): ResponseSink => ({
    switched(response, after) {
      if (!hooks.answered()) return upstream.destroy();
      socket.write(serializeHead(`HTTP/1.1 101 ${response.reason}`, responseHeaders(response.raw, pick.setCookie, true)), 'latin1');
      if (after.length > 0) socket.write(after);
      socket.off('data', hold);
      socket.off('end', gone);
      for (const chunk of early) upstream.socket.write(chunk);
      splice(upstream, socket);
    },
    // The backend declined the upgrade: its answer is relayed, then the connection closed.
    head(response, first) {
      if (!hooks.answered()) return upstream.destroy();
      const raw = responseHeaders(response.raw, pick.setCookie);
      raw.push('Connection', 'close');
      socket.write(serializeHead(`HTTP/1.1 ${response.status} ${response.reason}`, raw), 'latin1');
      if (first.length > 0) socket.write(first);
    },
    body: (chunk) => write(upstream.socket, socket, chunk),
    done() {
      upstream.destroy();
      socket.end();
    },
    failed(beforeHead) {
      upstream.destroy();
      if (beforeHead) hooks.failed();
      else socket.destroy();
    },
  });

  return {
    request: { cookies: head.cookies, clientAddress },
    client: socket,
    onClose: (listener) => void socket.once('close', listener),
    // Whatever stage it was at, the other side must stop: an upgraded connection has no "finished".
    completed: () => false,
    answer: (status, message) => answer(socket, status, message),
    connect: (backend) => backend.pool.dedicated(),
    forward(upstream, pick, hooks) {
      upstream.handler = new ResponseReader(head.method, sink(upstream, pick, hooks));
      const text = serializeHead(`${head.method} ${head.target} HTTP/1.${head.minor}`, requestHeaders(head.raw, clientAddress, true));
      upstream.socket.write(text, 'latin1');
    },
    // Nothing to read: the handshake has no body, and no byte may pass before the 101.
    swallow: () => {},
  };
}

export function createUpgradeHandler(router: Router, options: ExchangeOptions) {
  return (socket: Socket, head: RequestHead, rest: Buffer): void => {
    // CONNECT (a tunnel, not an upgrade) is not proxied.
    if (head.upgrade === undefined) {
      if (answer(socket, 400, 'bad request')) router.membership.countBalancerError();
      return;
    }
    // A bug while proxying one handshake must not take the balancer down.
    exchange(router, upgradeEnd(socket, head, rest), options).catch(() => socket.destroy());
  };
}
