/**
 * The WebSocket (any HTTP/1.1 Upgrade) end of an exchange (exchange.ts): the handshake
 * is routed like a request, then the two sockets are spliced. The exchange lasts until
 * either side closes, so an open WebSocket counts as in flight on its backend
 * (least-connections sees it, a drain waits for it) and a reset toxic resets it.
 */
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { exchange, type ExchangeEnd, type ExchangeOptions } from './exchange.js';
import { balancerAnswer, requestHeaders, responseHeaders } from './headers.js';
import { forwardOptions, type Router } from './router.js';

function head(status: number, statusMessage: string | undefined, raw: readonly string[]): string {
  let text = `HTTP/1.1 ${status} ${statusMessage ?? ''}\r\n`;
  for (let i = 0; i + 1 < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${text}\r\n`;
}

function answer(socket: Duplex, status: number, message: string): boolean {
  if (socket.destroyed) return false;
  const { body, headers } = balancerAnswer(message);
  const raw = Object.entries(headers).flat();
  socket.end(head(status, STATUS_CODES[status], [...raw, 'Connection', 'close']) + body);
  return true;
}

function withoutFraming(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (name !== 'transfer-encoding' && name !== 'content-length') out.push(raw[i] as string, raw[i + 1] as string);
  }
  return out;
}

function upgradeEnd(req: IncomingMessage, socket: Duplex, clientHead: Buffer): ExchangeEnd {
  const headers = requestHeaders(req.rawHeaders, req.socket.remoteAddress, true);
  // Until the 101, what the client sends is kept for the backend, and its FIN means it
  // gave up (the server's sockets are half-open, so without this it would never close).
  const early: Buffer[] = clientHead.length > 0 ? [clientHead] : [];
  const hold = (chunk: Buffer): void => void early.push(chunk);
  const gone = (): void => void socket.destroy();
  socket.on('data', hold);
  socket.once('end', gone);
  return {
    req,
    client: socket,
    onClose: (listener) => void socket.once('close', listener),
    // Whatever stage it was at, the other side must stop: an upgraded connection has no "finished".
    completed: () => false,
    answer: (status, message) => answer(socket, status, message),
    requestOptions: (backend) => ({ ...forwardOptions(req, backend, headers), agent: false }),
    forward(proxyReq, pick, answered) {
      proxyReq.once('upgrade', (upstream, upstreamSocket, upstreamHead) => {
        if (!answered()) return void upstreamSocket.destroy();
        upstreamSocket.on('error', () => socket.destroy());
        socket.write(head(101, upstream.statusMessage, responseHeaders(upstream.rawHeaders, pick.setCookie, true)));
        if (upstreamHead.length > 0) socket.write(upstreamHead);
        socket.off('data', hold);
        socket.off('end', gone);
        for (const chunk of early) upstreamSocket.write(chunk);
        upstreamSocket.pipe(socket);
        socket.pipe(upstreamSocket);
        upstreamSocket.once('close', () => socket.destroy());
        socket.once('close', () => upstreamSocket.destroy());
      });
      // The backend declined the upgrade: relay its answer and close.
      proxyReq.once('response', (upstream) => {
        if (!answered()) return void upstream.resume();
        // The body is relayed as decoded bytes and delimited by closing the connection.
        const raw = withoutFraming(responseHeaders(upstream.rawHeaders, pick.setCookie));
        raw.push('Connection', 'close');
        socket.write(head(upstream.statusCode ?? 502, upstream.statusMessage, raw));
        upstream.pipe(socket);
      });
      proxyReq.end();
    },
    // Nothing to read: the handshake has no body, and no byte may pass before the 101.
    swallow: () => {},
  };
}

export function createUpgradeHandler(router: Router, options: ExchangeOptions) {
  return async function handleUpgrade(req: IncomingMessage, socket: Duplex, clientHead: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (req.headers.upgrade === undefined) {
      if (answer(socket, 400, 'bad request')) router.membership.countBalancerError();
      return;
    }
    return exchange(router, upgradeEnd(req, socket, clientHead), options);
  };
}
