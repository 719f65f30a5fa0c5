/**
 * The driver's HTTP/1.1 client: one keep-alive connection, one request at a time, as a
 * browser tab holds one. A request goes out as one write (request line, fields and body
 * in one string); the answer is framed by `ResponseParser`. It is leaner than undici's
 * `Client` per request (docs/NOTES.md, "Driver cost") and keeps undici's rules for
 * reusing a connection: not after `Connection: close`, HTTP/1.0 or a close-delimited
 * body; not after the client's idle limit, nor within `KEEP_ALIVE_MARGIN_MS` of the
 * server's `Keep-Alive: timeout=N`, so a request is not written on a connection the
 * server is closing. A request is never sent twice: a connection that ends before its
 * answer is complete is that request's reset, as it is undici's.
 */
import { connect as netConnect, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { connect as tlsConnect } from 'node:tls';
import { unwatch, watch, type Expiring } from './deadlines.js';
import { ResponseParser, type ParsedResponse } from './response-parser.js';

/** A request that got no complete answer: `code` says why (src/driver/outcome.ts maps it to a cause). */
export class HttpClientError extends Error {
  override readonly name = 'HttpClientError';
  constructor(
    readonly code: 'STATEBENCH_HTTP_TIMEOUT' | 'STATEBENCH_HTTP_CLOSED',
    message: string,
  ) {
    super(message);
  }
}

export interface Http1ClientOptions {
  /** `http://host:port` or `https://host:port`. */
  readonly origin: string;
  /** How long a request may wait for its whole answer, from when it is written, ms. */
  readonly timeoutMs: number;
  /** The local address the connection leaves from. */
  readonly localAddress?: string;
  /** The longest a connection is kept idle for the next request, ms. @default 10_000 */
  readonly keepAliveMs?: number;
}

export interface Http1Request {
  readonly method: string;
  /** The request target, e.g. `/cart?x=1`. */
  readonly path: string;
  /** Header fields beyond `host` and `content-length`, each line ending in CRLF. */
  readonly headers: string;
  readonly body?: string;
}

/** What `Keep-Alive: timeout=N` is trusted to: a connection idle for N s minus this is not reused (undici's threshold). */
export const KEEP_ALIVE_MARGIN_MS = 2000;
const DEFAULT_KEEP_ALIVE_MS = 10_000;
const WITH_PAYLOAD = new Set(['POST', 'PUT', 'PATCH']);
/** Where every plain connection reads into; nothing in it outlives one read callback. */
const READ_BUFFER = Buffer.allocUnsafe(64 * 1024);

/** One keep-alive HTTP/1.1 connection to `origin`, opened when needed, one request at a time. */
export class Http1Client implements Expiring {
  /** When the request in flight times out (performance.now() ms); read by the deadlines. */
  deadline = 0;
  readonly #options: Http1ClientOptions;
  readonly #tls: boolean;
  readonly #hostname: string;
  readonly #port: number;
  /** The `host` line every request starts its fields with. */
  readonly #hostLine: string;
  readonly #parser = new ResponseParser();
  #socket: Socket | undefined;
  #reusable = false;
  #idleSince = 0;
  #idleLimitMs = 0;
  /** The request in flight's promise: settled once, then cleared. */
  #resolve: ((answer: ParsedResponse) => void) | undefined;
  #reject: ((error: Error) => void) | undefined;

  constructor(options: Http1ClientOptions) {
    this.#options = options;
    const url = new URL(options.origin);
    this.#tls = url.protocol === 'https:';
    this.#hostname = url.hostname.replace(/^\[(.*)\]$/, '$1');
    this.#port = url.port === '' ? (this.#tls ? 443 : 80) : Number(url.port);
    this.#hostLine = `host: ${url.host}\r\n`;
  }

  /** Sends `request` and resolves with its final answer; rejects when none came whole. */
  request(request: Http1Request): Promise<ParsedResponse> {
    if (this.#resolve) return Promise.reject(new Error('Http1Client sends one request at a time'));
    if (this.#socket && (!this.#reusable || performance.now() - this.#idleSince >= this.#idleLimitMs)) this.#drop();
    const socket = this.#socket ?? this.#open();
    this.#parser.expect(request.method === 'HEAD');
    const answer = new Promise<ParsedResponse>((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
    this.deadline = performance.now() + this.#options.timeoutMs;
    watch(this);
    socket.write(this.#text(request));
    return answer;
  }

  /** The request in flight gave up: its connection goes with it. */
  expire(): void {
    this.#drop();
    this.#fail(new HttpClientError('STATEBENCH_HTTP_TIMEOUT', `timeout: no complete answer within ${this.#options.timeoutMs} ms`));
  }

  /** Closes the connection; a request in flight fails as closed. */
  close(): void {
    this.#drop();
    this.#fail(new HttpClientError('STATEBENCH_HTTP_CLOSED', 'the client was closed'));
  }

  #text({ method, path, headers, body }: Http1Request): string {
    const head = `${method} ${path} HTTP/1.1\r\n${this.#hostLine}${headers}`;
    if (body !== undefined) return `${head}content-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`;
    return WITH_PAYLOAD.has(method) ? `${head}content-length: 0\r\n\r\n` : `${head}\r\n`;
  }

  #open(): Socket {
    const { localAddress } = this.#options;
    const where = { host: this.#hostname, port: this.#port, noDelay: true, ...(localAddress === undefined ? {} : { localAddress }) };
    let socket: Socket;
    if (this.#tls) {
      socket = tlsConnect({ ...where, servername: this.#hostname });
      socket.on('data', (chunk: Buffer) => this.#data(socket, chunk));
    } else {
      // Read into one shared buffer (`onread`), not a new Buffer pushed through a stream
      // per read: the parser copies whatever it keeps before the callback returns.
      socket = netConnect({ ...where, onread: { buffer: READ_BUFFER, callback: (length: number, buffer: Uint8Array) => this.#read(socket, length, buffer) } });
    }
    socket.on('end', () => this.#ended(socket, undefined));
    socket.on('close', () => this.#ended(socket, undefined));
    socket.on('error', (error: Error) => this.#ended(socket, error));
    this.#socket = socket;
    this.#reusable = true;
    return socket;
  }

  #read(socket: Socket, length: number, buffer: Uint8Array): boolean {
    this.#data(socket, Buffer.from(buffer.buffer, buffer.byteOffset, length));
    return true;
  }

  #data(socket: Socket, chunk: Buffer): void {
    if (socket !== this.#socket) return;
    let answer: ParsedResponse | undefined;
    try {
      answer = this.#parser.feed(chunk);
    } catch (error) {
      this.#drop();
      this.#fail(error as Error);
      return;
    }
    if (answer) this.#answered(answer);
  }

  /** The connection ended or failed: it completes a close-delimited answer, or fails the request. */
  #ended(socket: Socket, error: Error | undefined): void {
    if (socket !== this.#socket) return;
    this.#drop();
    const answer = error ? undefined : this.#parser.end();
    if (answer) this.#answered(answer);
    else this.#fail(error ?? new HttpClientError('STATEBENCH_HTTP_CLOSED', 'the server closed the connection before the answer was complete'));
  }

  #answered(answer: ParsedResponse): void {
    const resolve = this.#resolve;
    if (!resolve) return;
    this.#resolve = this.#reject = undefined;
    unwatch(this);
    this.#reusable = answer.keepAlive;
    const hinted = answer.keepAliveMs === undefined ? Infinity : answer.keepAliveMs - KEEP_ALIVE_MARGIN_MS;
    this.#idleLimitMs = Math.min(this.#options.keepAliveMs ?? DEFAULT_KEEP_ALIVE_MS, hinted);
    this.#idleSince = performance.now();
    if (!this.#reusable || this.#idleLimitMs <= 0) this.#drop();
    resolve(answer);
  }

  #fail(error: Error): void {
    const reject = this.#reject;
    if (!reject) return;
    this.#resolve = this.#reject = undefined;
    unwatch(this);
    reject(error);
  }

  #drop(): void {
    const socket = this.#socket;
    if (!socket) return;
    this.#socket = undefined;
    socket.destroy();
  }
}
