import { request } from 'undici';
import WebSocket from 'ws';

/** One HTTP request of the probe and its answer, as the judges see it. */
export interface Exchange {
  /** The request in one line, e.g. `POST /cart/items {"item":"margherita"} with cookie sid=…`. */
  readonly sent: string;
  /** Undefined when no answer came (then `error` says why). */
  readonly status: number | undefined;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | string[] | undefined>>;
  /** The body parsed as JSON, or undefined. */
  readonly body: unknown;
  readonly text: string;
  readonly error?: string;
}

export interface HttpSpec {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  readonly body?: unknown;
  readonly headers?: Readonly<Record<string, string>>;
  /** How `sent` names the credentials, instead of printing them whole. @default none */
  readonly with?: string;
}

/** What a WebSocket upgrade came back with, and a reader of its frames. */
export interface ProbeSocket {
  readonly exchange: Exchange;
  /** Whether the upgrade succeeded (101). */
  readonly open: boolean;
  /** The first frame (from now or already buffered) that `matches`, or undefined after the timeout. */
  next(matches: (frame: Frame) => boolean): Promise<Frame | undefined>;
  send(frame: unknown): void;
  close(): void;
}

export type Frame = Readonly<Record<string, unknown>>;

/**
 * The probe's only way to the server: one origin, every request timed out, every answer
 * kept, so the common checks (`x-server-id` on every answer) see all of them.
 */
export class ProbeClient {
  readonly exchanges: Exchange[] = [];
  private readonly sockets = new Set<WebSocket>();

  constructor(
    readonly origin: string,
    readonly serverId: string,
    readonly timeoutMs: number,
    private readonly signal?: AbortSignal,
  ) {}

  async http(spec: HttpSpec): Promise<Exchange> {
    this.signal?.throwIfAborted();
    const sent = describeRequest(spec);
    const headers: Record<string, string> = { accept: 'application/json', ...spec.headers };
    if (spec.body !== undefined) headers['content-type'] = 'application/json';
    let exchange: Exchange;
    try {
      const response = await request(this.origin + spec.path, {
        method: spec.method,
        headers,
        body: spec.body === undefined ? undefined : JSON.stringify(spec.body),
        headersTimeout: this.timeoutMs,
        bodyTimeout: this.timeoutMs,
        ...(this.signal ? { signal: this.signal } : {}),
      });
      const text = await response.body.text();
      exchange = { sent, status: response.statusCode, headers: response.headers, body: parseJson(text), text };
    } catch (error) {
      this.signal?.throwIfAborted();
      exchange = { sent, status: undefined, headers: {}, body: undefined, text: '', error: errorText(error) };
    }
    this.exchanges.push(exchange);
    return exchange;
  }

  /** Upgrades `path` to a WebSocket; resolves once it is open or refused. */
  websocket(path: string, describe: string): Promise<ProbeSocket> {
    this.signal?.throwIfAborted();
    const sent = `GET ${describe} (WebSocket upgrade)`;
    const ws = new WebSocket(this.origin.replace(/^http/, 'ws') + path, { handshakeTimeout: this.timeoutMs });
    this.sockets.add(ws);
    const frames: Frame[] = [];
    const waiters = new Set<() => void>();
    ws.on('message', (data) => {
      const frame = parseJson(data.toString());
      if (typeof frame === 'object' && frame !== null) frames.push(frame as Frame);
      for (const wake of waiters) wake();
    });
    const next = (matches: (frame: Frame) => boolean) =>
      new Promise<Frame | undefined>((resolve) => {
        const look = () => {
          const at = frames.findIndex(matches);
          if (at < 0) return false;
          done(frames.splice(at, 1)[0]);
          return true;
        };
        const timer = setTimeout(() => done(undefined), this.timeoutMs);
        const done = (frame: Frame | undefined) => {
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(frame);
        };
        const wake = () => void look();
        if (!look()) waiters.add(wake);
      });
    const socket = (exchange: Exchange, open: boolean): ProbeSocket => ({
      exchange,
      open,
      next,
      send: (frame) => {
        if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
      },
      close: () => {
        ws.terminate();
        this.sockets.delete(ws);
      },
    });
    return new Promise((resolve) => {
      let settled = false;
      // A refusal whose body never ends would otherwise leave the probe waiting for good.
      const timer = setTimeout(() => {
        settle({ sent, status: undefined, headers: {}, body: undefined, text: '', error: `no complete answer within ${this.timeoutMs} ms` }, false);
        ws.terminate();
      }, this.timeoutMs);
      const settle = (exchange: Exchange, open: boolean) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        ws.on('error', () => {}); // a socket cut later is the judges' business, not a crash
        this.exchanges.push(exchange);
        resolve(socket(exchange, open));
      };
      ws.once('upgrade', (res) => settle({ sent, status: 101, headers: res.headers, body: undefined, text: '' }, true));
      ws.once('unexpected-response', (_req, res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => (text += chunk.toString()));
        res.on('end', () => {
          settle({ sent, status: res.statusCode, headers: res.headers, body: parseJson(text), text }, false);
          ws.terminate();
        });
      });
      ws.once('error', (error) => settle({ sent, status: undefined, headers: {}, body: undefined, text: '', error: errorText(error) }, false));
    });
  }

  /** Closes every socket still open. */
  close(): void {
    for (const ws of this.sockets) ws.terminate();
    this.sockets.clear();
  }
}

function describeRequest(spec: HttpSpec): string {
  const body = spec.body === undefined ? '' : ` ${JSON.stringify(spec.body)}`;
  return `${spec.method} ${spec.path}${body}${spec.with ? ` with ${spec.with}` : ''}`;
}

function parseJson(text: string): unknown {
  if (text === '') return undefined;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function errorText(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code ? `${code}: ${error.message}` : error.message;
}
