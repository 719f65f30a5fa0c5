import WebSocket from 'ws';

/** A server frame as the client reads it, before its fields are checked. */
export type Frame = { type?: unknown; id?: unknown; from?: unknown; server?: unknown; seq?: unknown };

export interface SocketHandlers {
  /**
   * The server said hello: the socket is open. Called at once, before any frame that
   * came in the same read, so the client takes the socket as its own before its frames.
   */
  onOpen(socket: WebSocket, server: string): void;
  /** Every frame after hello, in order. */
  onFrame(frame: Frame): void;
  /** The socket that said hello closed. */
  onClose(): void;
  /** The upgrade was answered with `status` instead (e.g. 401 for a token the fleet refuses). */
  onRefused(status: number | undefined): void;
}

/**
 * Opens `GET /ws?token=` through the balancer and resolves once the server says hello
 * (after `onOpen`); rejects when it does not in `timeoutMs`. A socket that did not get as far as hello is
 * dropped whole, so a late one never delivers frames beside its successor's.
 */
export function openChatSocket(origin: string, token: string, timeoutMs: number, handlers: SocketHandlers, localAddress?: string): Promise<void> {
  const url = `${origin.replace(/^http/, 'ws')}/ws?token=${encodeURIComponent(token)}`;
  return new Promise((resolve, reject) => {
    // No compression (the servers offer none) and no UTF-8 check of what they send: the
    // driver pays for every byte of ten thousand sockets.
    const socket = new WebSocket(url, {
      handshakeTimeout: timeoutMs,
      perMessageDeflate: false,
      skipUTF8Validation: true,
      ...(localAddress === undefined ? {} : { localAddress }),
    });
    let opened = false;
    const abandon = (error: Error) => {
      socket.removeAllListeners('message');
      socket.on('error', () => {});
      socket.terminate();
      reject(error);
    };
    socket.once('error', abandon);
    socket.once('close', () => abandon(new Error('closed before hello')));
    socket.once('unexpected-response', (_req, res) => {
      res.resume();
      handlers.onRefused(res.statusCode);
      abandon(new Error(`upgrade refused: ${res.statusCode ?? '?'}`));
    });
    socket.on('message', (data) => {
      const frame = parse(data.toString());
      if (opened) {
        if (frame) handlers.onFrame(frame);
        return;
      }
      if (frame?.type !== 'hello') return;
      opened = true;
      socket.removeAllListeners('error');
      socket.removeAllListeners('close');
      socket.on('error', () => {});
      socket.on('close', () => handlers.onClose());
      handlers.onOpen(socket, String(frame.server ?? '-'));
      resolve();
    });
  });
}

function parse(text: string): Frame | undefined {
  try {
    return JSON.parse(text) as Frame;
  } catch {
    return undefined;
  }
}
