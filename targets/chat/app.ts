/**
 * The chat protocol (docs/protocols.md), written once for every design: `POST /login`,
 * the HTTP reads and the WebSocket endpoint `GET /ws?token=<token>`. Who a request is
 * comes from its signed token only (auth.ts), never from a name it carries. Where logs,
 * counts and presence live, and how a frame reaches a user on another server, is the
 * `ChatStore` and `ChatBus` a design passes in; the sockets are always this process's.
 */
import { STATUS_CODES, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { createJsonServer, HttpError, json, readStringField, type Params, type Reply } from '../common/http.js';
import type { TokenSigner } from '../common/token.js';
import { USER_NAME, userNameError } from '../common/user.js';
import { authenticate, UNKNOWN_SESSION } from './auth.js';
import { attachConnection } from './connection.js';
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
  /** Fields `/healthz` adds, e.g. the store and its outbox's poll interval. @default {} */
  readonly health?: Readonly<Record<string, unknown>>;
  /** The sockets this process holds; shared with the bus, which delivers through them. */
  readonly sockets: LocalSockets;
  /** Signs login tokens and verifies them; every server of a fleet shares its secret. */
  readonly tokens: TokenSigner;
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

function userOf(params: Params): string {
  const user = params.u ?? '';
  if (!USER_NAME.test(user)) throw new HttpError(400, userNameError(user));
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

/** The chat server of one design: login, HTTP reads, and `GET /ws?token=<token>`. */
export function createChatApp({ id, arch, store, bus, sockets, tokens, health = {}, onError }: ChatAppOptions): ChatApp {
  const errorText = (error: unknown): string => {
    const body = (onError?.(error) ?? json(500, { error: 'internal error' })).body as { error?: unknown };
    return String(body.error ?? 'internal error');
  };

  /** The logged-in user, or a 401 before anything else is looked at. */
  const caller = (req: IncomingMessage): string => {
    const user = authenticate(req, tokens);
    if (user === undefined) throw new HttpError(401, UNKNOWN_SESSION);
    return user;
  };

  /** The path's user, who must be the caller: an inbox is its owner's alone. */
  const ownUser = (req: IncomingMessage, params: Params): string => {
    const me = caller(req);
    const user = userOf(params);
    if (user !== me) throw new HttpError(403, `forbidden: ${me} may read only their own inbox`);
    return user;
  };

  async function login(req: IncomingMessage): Promise<Reply> {
    const user = await readStringField(req, 'user');
    if (!USER_NAME.test(user)) throw new HttpError(400, userNameError(user));
    const token = tokens.sign(user);
    return json(200, { user, token }, { 'set-cookie': `sid=${token}; HttpOnly; SameSite=Lax; Path=/` });
  }

  // Presence is meant to be seen: any logged-in user may ask about anyone.
  async function online(req: IncomingMessage, params: Params): Promise<Reply> {
    caller(req);
    return json(200, { online: await bus.online(userOf(params)) });
  }

  async function messages(req: IncomingMessage, params: Params): Promise<Reply> {
    const user = ownUser(req, params);
    const after = new URL(req.url ?? '/', 'http://localhost').searchParams.get('after') || undefined;
    return json(200, { messages: await store.messages(user, after) });
  }

  const server = createJsonServer({
    id,
    routes: [
      { method: 'GET', path: '/healthz', handler: () => json(200, { id, arch, scenario: 'chat', ...health }) },
      { method: 'POST', path: '/login', handler: login },
      { method: 'GET', path: '/ws', handler: () => json(426, { error: 'expected a WebSocket upgrade' }, { upgrade: 'websocket' }) },
      { method: 'GET', path: '/users/:u/unread', handler: async (req, p) => json(200, { count: await store.unread(ownUser(req, p)) }) },
      { method: 'GET', path: '/users/:u/online', handler: online },
      { method: 'GET', path: '/users/:u/messages', handler: messages },
    ],
    onError,
  });

  // noServer: the upgrade is ours to vet first, so a missing token is a 401 naming the server.
  const wss = new WebSocketServer({ noServer: true, maxPayload: MAX_FRAME_BYTES });
  wss.on('headers', (headers) => headers.push(`x-server-id: ${id}`));
  // A handshake ws itself refuses (bad version, key) must name the server too.
  wss.on('wsClientError', (error, socket) => refuse(socket, id, 400, error.message));

  let closing = false;
  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/ws') return refuse(socket, id, 404, `no WebSocket endpoint at ${url.pathname}`);
    if (closing) return refuse(socket, id, 503, 'shutting down');
    // The user is the token's; a `?user=` in the URL names nobody.
    const user = authenticate(req, tokens, url.searchParams.get('token') ?? undefined);
    if (user === undefined) return refuse(socket, id, 401, UNKNOWN_SESSION);
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
