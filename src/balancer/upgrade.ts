/**
 * WebSocket (and any HTTP/1.1 Upgrade) proxying: the handshake is routed like a request,
 * then the two sockets are spliced. An open WebSocket counts as in flight on its backend
 * until either side closes, so least-connections sees it and a drain waits for it. A
 * reset toxic resets the handshake or the open connection; a blackhole never answers
 * the handshake, which ends in the balancer's 504.
 */
import { STATUS_CODES, type IncomingHttpHeaders, type IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { balancerAnswer, requestHeaders, responseHeaders } from './headers.js';
import { forwardOptions, route, type Router } from './router.js';
import { resetSocket } from './toxics.js';

function head(status: number, statusMessage: string | undefined, raw: readonly string[]): string {
  let text = `HTTP/1.1 ${status} ${statusMessage ?? ''}\r\n`;
  for (let i = 0; i + 1 < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${text}\r\n`;
}

function answer(socket: Duplex, status: number, message: string): void {
  if (socket.destroyed) return;
  const { body, headers } = balancerAnswer(message);
  const raw = Object.entries(headers).flat();
  socket.end(head(status, STATUS_CODES[status], [...raw, 'Connection', 'close']) + body);
}

function withoutFraming(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = (raw[i] as string).toLowerCase();
    if (name !== 'transfer-encoding' && name !== 'content-length') out.push(raw[i] as string, raw[i + 1] as string);
  }
  return out;
}

function isUpgrade(headers: IncomingHttpHeaders): boolean {
  return headers.upgrade !== undefined;
}

export function createUpgradeHandler(router: Router, options: { readonly requestTimeoutMs: number }) {
  const { membership, toxics } = router;
  const fail = (socket: Duplex, status: number, message: string): void => {
    membership.countBalancerError();
    answer(socket, status, message);
  };

  return async function handleUpgrade(req: IncomingMessage, socket: Duplex, clientHead: Buffer): Promise<void> {
    socket.on('error', () => socket.destroy());
    if (!isUpgrade(req.headers)) return void fail(socket, 400, 'bad request');
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      fail(socket, 504, 'gateway timeout');
    }, options.requestTimeoutMs);
    socket.once('close', () => controller.abort());

    const headers = requestHeaders(req.rawHeaders, req.socket.remoteAddress, true);
    const routed = await route(
      router,
      req,
      (backend) => ({ ...forwardOptions(req, backend, headers), agent: false }),
      controller.signal,
    );
    if (routed.kind === 'aborted') return;
    if (routed.kind === 'unavailable') {
      clearTimeout(timer);
      return void fail(socket, 503, 'no backend available');
    }

    const { backend, release } = routed;
    socket.once('close', release);
    if (routed.kind === 'toxic') {
      if (routed.toxic === 'reset') {
        clearTimeout(timer);
        return resetSocket(socket);
      }
      socket.once('close', toxics.track(backend.id, () => resetSocket(socket)));
      return;
    }
    const { pick, proxyReq } = routed;
    proxyReq.on('error', () => {
      clearTimeout(timer);
      if (timedOut || controller.signal.aborted) return;
      membership.countError(backend.id);
      fail(socket, 502, 'bad gateway');
    });
    proxyReq.once('upgrade', (upstream, upstreamSocket, upstreamHead) => {
      clearTimeout(timer);
      if (timedOut) return void upstreamSocket.destroy();
      upstreamSocket.on('error', () => socket.destroy());
      socket.write(head(101, upstream.statusMessage, responseHeaders(upstream.rawHeaders, pick.setCookie, true)));
      if (upstreamHead.length > 0) socket.write(upstreamHead);
      if (clientHead.length > 0) upstreamSocket.write(clientHead);
      upstreamSocket.pipe(socket);
      socket.pipe(upstreamSocket);
      upstreamSocket.once('close', () => socket.destroy());
      socket.once('close', () => upstreamSocket.destroy());
      socket.once('close', toxics.track(backend.id, () => resetSocket(socket)));
    });
    // The backend declined the upgrade: relay its answer and close.
    proxyReq.once('response', (upstream) => {
      clearTimeout(timer);
      if (timedOut) return void upstream.resume();
      // The body is relayed as decoded bytes and delimited by closing the connection.
      const raw = withoutFraming(responseHeaders(upstream.rawHeaders, pick.setCookie));
      raw.push('Connection', 'close');
      socket.write(head(upstream.statusCode ?? 502, upstream.statusMessage, raw));
      upstream.pipe(socket);
    });
    proxyReq.end();
  };
}
