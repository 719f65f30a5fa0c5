/**
 * The few HTTP pieces every reference target needs: a JSON reply, a size-limited JSON
 * body, cookies and a method+path router. Every response, errors and 404s included,
 * carries `x-server-id` so the driver can attribute each step to a server.
 */
import { createServer, STATUS_CODES, type IncomingMessage, type Server, type ServerResponse } from 'node:http';

/** What a handler answers; the server turns it into a JSON response. */
export interface Reply {
  readonly status: number;
  readonly body: unknown;
  readonly headers?: Readonly<Record<string, string>>;
}

/** Thrown by a handler to answer `{"error": message}` with `status`. */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = 'HttpError';
  }
}

export type Params = Readonly<Record<string, string>>;
export type Handler = (req: IncomingMessage, params: Params) => Reply | Promise<Reply>;

/** A route: `path` segments starting with `:` capture a parameter (`/accounts/:id`). */
export interface Route {
  readonly method: string;
  readonly path: string;
  readonly handler: Handler;
}

export interface JsonServerOptions {
  readonly id: string;
  readonly routes: readonly Route[];
  /** Maps an unexpected (non-HttpError) error to a reply. @default 500 "internal error" */
  readonly onError?: (error: unknown) => Reply;
}

export const json = (status: number, body: unknown, headers?: Record<string, string>): Reply => ({ status, body, headers });

export function sendJson(res: ServerResponse, reply: Reply): void {
  const text = JSON.stringify(reply.body);
  res.writeHead(reply.status, {
    ...reply.headers,
    'content-type': 'application/json; charset=utf-8',
    'content-length': Buffer.byteLength(text),
  });
  res.end(text);
}

/** Reads a JSON body of at most `limit` bytes: 400 on bad JSON, 413 when too large. */
export async function readJson(req: IncomingMessage, limit = 16 * 1024): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new HttpError(413, `body larger than ${limit} bytes`);
    chunks.push(chunk);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown;
  } catch {
    throw new HttpError(400, 'invalid JSON body');
  }
}

/** Reads a JSON object body and returns its non-empty string field `name`, else 400. */
export async function readStringField(req: IncomingMessage, name: string): Promise<string> {
  const body = await readJson(req);
  const value = typeof body === 'object' && body !== null ? (body as Record<string, unknown>)[name] : undefined;
  if (typeof value !== 'string' || value === '') throw new HttpError(400, `expected "${name}" to be a non-empty string`);
  return value;
}

/** Parses a `Cookie` header; a malformed pair is skipped, not fatal. */
export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  for (const pair of (header ?? '').split(';')) {
    const eq = pair.indexOf('=');
    if (eq <= 0) continue;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    try {
      if (!cookies.has(name)) cookies.set(name, decodeURIComponent(value));
    } catch {
      // A bad %-escape is a garbage cookie: treat it as absent.
    }
  }
  return cookies;
}

function decodePathSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new HttpError(400, `bad %-escape in path segment \`${segment}\``);
  }
}

function match(pattern: string, path: string): Params | undefined {
  const want = pattern.split('/');
  const got = path.split('/');
  if (want.length !== got.length) return undefined;
  const params: Record<string, string> = {};
  for (const [i, segment] of want.entries()) {
    const actual = got[i] ?? '';
    if (segment.startsWith(':') && actual !== '') params[segment.slice(1)] = decodePathSegment(actual);
    else if (segment !== actual) return undefined;
  }
  return params;
}

/** An HTTP server answering JSON through `routes`, `x-server-id` on every response. */
export function createJsonServer({ id, routes, onError }: JsonServerOptions): Server {
  const server = createServer((req, res) => {
    res.setHeader('x-server-id', id);
    void answer(req).then(
      (reply) => sendJson(res, reply),
      (error: unknown) => {
        const reply = error instanceof HttpError ? json(error.status, { error: error.message }) : onError?.(error);
        sendJson(res, reply ?? json(500, { error: 'internal error' }));
      },
    );
  });

  async function answer(req: IncomingMessage): Promise<Reply> {
    const path = (req.url ?? '/').split('?')[0] ?? '/';
    const allowed: string[] = [];
    for (const route of routes) {
      const params = match(route.path, path);
      if (!params) continue;
      if (route.method === req.method) return route.handler(req, params);
      allowed.push(route.method);
    }
    if (allowed.length > 0) return json(405, { error: `method not allowed` }, { allow: allowed.join(', ') });
    throw new HttpError(404, `no route for ${req.method ?? '?'} ${path}`);
  }

  // Node answers unparseable requests with a bare 400; ours still names the server, and
  // says 431 when the headers were too large (Node's limit, 16 KB by default).
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (error.code === 'ECONNRESET' || !socket.writable) return socket.destroy();
    const [status, message] = error.code === 'HPE_HEADER_OVERFLOW' ? [431, 'request headers too large'] : [400, 'bad request'];
    const body = JSON.stringify({ error: message });
    socket.end(
      `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\nx-server-id: ${id}\r\ncontent-type: application/json; charset=utf-8\r\n` +
        `content-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });
  return server;
}
