/**
 * The chat protocol (DESIGN.md §1), written once for every design: the HTTP routes and
 * the WebSocket endpoint `GET /ws?user=<u>`. Where logs, counts and presence live, and
 * how a frame reaches a user on another server, is the `ChatStore` and `ChatBus` a
 * design passes in; the sockets are always this process's (`LocalSockets`).
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createJsonServer, HttpError, json, type Params, type Reply } from '../shared/http.js';
import { attachConnection } from './connection.js';
import { USER_NAME } from './protocol.js';
import type { LocalSockets } from './sockets.js';
import type { ChatBus, ChatStore } from './store.js';

export type ChatArch = 'stateful' | 'stateless';

export interface ChatAppOptions {
  /** Server id, echoed in `x-server-id`, by `/healthz` and in the `hello` frame. */
  readonly id: string;
  /** Reported by `/healthz`. */
  readonly arch: ChatArch;
  readonly store: ChatStore;
  readonly bus: ChatBus;
  /** The sockets this process holds; shared with the bus, which delivers through them. */
  readonly sockets: LocalSockets;
  /** Maps an unexpected error (the store failing) to a reply; frames carry its `error`. @default 500 "internal error" */
  readonly onError?: (error: unknown) => Reply;
}

export interface ChatApp {
  /** An HTTP server, not yet listening, that also accepts the WebSocket upgrades. */
  readonly server: Server;
  /** Refuses new sockets and closes the open ones with 1001 (going away), for a graceful shutdown. */
  closeSockets(): void;
}

/** How long a closing socket may take to answer our close frame before it is cut. */
const CLOSE_GRACE_MS = 1_000;
const MAX_FRAME_BYTES = 64 * 1024;

const userError = (user: string): string =>
  `expected the user to be 1 to 64 letters, digits, '_', '.' or '-', got \`${user}\``;

function userOf(params: Params): string {
  const user = params.u ?? '';
  if (!USER_NAME.test(user)) throw new HttpError(400, userError(user));
  return user;
}

/** Answers an upgrade we will not perform, still naming the server, and hangs up. */
function refuse(socket: Duplex, id: string, status: number, message: string): void {
  socket.on('error', () => socket.destroy()); // the client may be gone already
  if (!socket.writable) return void socket.destroy();
  const body = JSON.stringify({ error: message });
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      `x-server-id: ${id}\r\ncontent-type: application/json; charset=utf-8\r\n` +
      `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}

/** The chat server of one design: HTTP routes plus `GET /ws?user=<u>`. */
export function createChatApp({ id, arch, store, bus, sockets, onError }: ChatAppOptions): ChatApp {
  const errorText = (error: unknown): string => {
    const body = (onError?.(error) ?? json(500, { error: 'internal error' })).body as { error?: unknown };
    return String(body.error ?? 'internal error');
  };

  async function messages(req: IncomingMessage, params: Params): Promise<Reply> {
    const user = userOf(params);
    const after = new URL(req.url ?? '/', 'http://localhost').searchParams.get('after') || undefined;
    return json(200, { messages: await store.messages(user, after) });
  }

  const server = createJsonServer({
    id,
    routes: [
      { method: 'GET', path: '/healthz', handler: () => json(200, { id, arch, scenario: 'chat' }) },
      { method: 'GET', path: '/ws', handler: () => json(426, { error: 'expected a WebSocket upgrade' }, { upgrade: 'websocket' }) },
      { method: 'GET', path: '/users/:u/unread', handler: async (_req, p) => json(200, { count: await store.unread(userOf(p)) }) },
      { method: 'GET', path: '/users/:u/online', handler: async (_req, p) => json(200, { online: await bus.online(userOf(p)) }) },
      { method: 'GET', path: '/users/:u/messages', handler: messages },
    ],
    onError,
  });

  // noServer: the upgrade is ours to vet first, so a bad user is a 400 naming the server.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  wss.on('headers', (headers) => headers.push(`x-server-id: ${id}`));
  // A handshake ws itself refuses (bad version, key) must name the server too.
  wss.on('wsClientError', (error, socket) => refuse(socket, id, 400, error.message));

  let closing = false;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return refuse(socket, id, 404, `no WebSocket endpoint at ${url.pathname}`);
    if (closing) return refuse(socket, id, 503, 'shutting down');
    const user = url.searchParams.get('user') ?? '';
    if (!USER_NAME.test(user)) return refuse(socket, id, 400, userError(user));
    wss.handleUpgrade(req, socket, head, (ws) => attachConnection({ ws, user, serverId: id, store, bus, sockets, describe: errorText }));
  });

  return {
    server,
    closeSockets() {
      closing = true;
      for (const ws of wss.clients) ws.close(1001, 'server shutting down');
      // A client that never answers the close frame must not hold the shutdown.
      setTimeout(() => wss.clients.forEach((ws) => ws.terminate()), CLOSE_GRACE_MS).unref();
    },
  };
}
