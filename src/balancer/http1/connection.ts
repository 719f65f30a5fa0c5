/**
 * One client connection to the balancer, read as a stream of HTTP/1.x requests: a head,
 * then its body (Content-Length or chunked, relayed as it came), one exchange at a time.
 * Bytes of a pipelined next request wait in a buffer until the current answer is
 * complete. An upgrade hands the socket over for good.
 */
import type { Socket } from 'node:net';
import { MAX_HEADER_BYTES } from '../client-error.js';
import { BodyScanner } from './body.js';
import { isUpgrade, parseRequestHead, requestFraming, type HeadError, type RequestHead } from './head.js';

/** An idle keep-alive connection is closed after this long, as Node's `server.keepAliveTimeout`. */
export const KEEP_ALIVE_MS = 5000;
/** Pipelined bytes buffered while an exchange runs before the connection stops reading. */
const MAX_BUFFERED = 64 * 1024;
const EMPTY = Buffer.alloc(0);
const CONTINUE = 'HTTP/1.1 100 Continue\r\n\r\n';

/** Where a request's body goes, piece by piece; `done` with the last one (possibly empty). */
export interface BodySink {
  body(chunk: Buffer, done: boolean): void;
}

export interface ConnectionHandlers {
  /** A request head has come (its body follows through the returned sink). */
  request(connection: ClientConnection, head: RequestHead): BodySink;
  /** An upgrade (or CONNECT) request: the socket is the handler's from now on, `rest` what came after the head. */
  upgrade(socket: Socket, head: RequestHead, rest: Buffer): void;
  /** A head that cannot be read; the connection reads nothing more. */
  malformed(socket: Socket, code: HeadError): void;
}

export class ClientConnection {
  /** Called once if the socket closes while an exchange runs. */
  onGone: (() => void) | undefined;
  #buffered: Buffer = EMPTY;
  #body: BodyScanner | undefined;
  #sink: BodySink | undefined;
  #busy = false;
  #ended = false;
  readonly #onData = (chunk: Buffer): void => this.#read(chunk);
  readonly #onEnd = (): void => {
    this.#ended = true;
    if (!this.#busy) this.socket.destroy();
  };

  constructor(
    readonly socket: Socket,
    private readonly handlers: ConnectionHandlers,
  ) {
    socket.setNoDelay(true);
    socket.setTimeout(KEEP_ALIVE_MS);
    socket.on('data', this.#onData);
    socket.on('end', this.#onEnd);
    socket.on('timeout', () => {
      if (!this.#busy) socket.destroy();
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      const gone = this.onGone;
      this.onGone = undefined;
      gone?.();
    });
  }

  /** The client's address, without the port. */
  get clientAddress(): string {
    return this.socket.remoteAddress ?? '';
  }

  /** The request's body has all come. */
  get bodyDone(): boolean {
    return this.#body === undefined;
  }

  /**
   * The current exchange is over: its answer is written. The next request is read, or the
   * connection ends when `keepAlive` is false, the client has half-closed, or the body
   * of the request just answered has not all come.
   */
  finish(keepAlive: boolean): void {
    this.#busy = false;
    this.onGone = undefined;
    if (!keepAlive || this.#ended || this.#body) {
      // What the client sends from now on (the rest of an unread body) is dropped.
      this.#detach();
      this.#body = undefined;
      this.#sink = undefined;
      this.socket.end();
      // A client that never closes its side is not waited for forever.
      this.socket.setTimeout(KEEP_ALIVE_MS);
      return;
    }
    if (this.socket.isPaused()) this.socket.resume();
    this.#next();
  }

  #read(chunk: Buffer): void {
    if (this.#body) {
      const body = this.#body;
      const end = body.scan(chunk);
      if (body.failed) return void this.socket.destroy();
      const sink = this.#sink as BodySink;
      if (body.done) {
        this.#body = undefined;
        this.#sink = undefined;
      }
      sink.body(end === chunk.length ? chunk : chunk.subarray(0, end), body.done);
      if (end === chunk.length) return;
      chunk = chunk.subarray(end);
    }
    this.#buffered = this.#buffered.length === 0 ? chunk : Buffer.concat([this.#buffered, chunk]);
    if (!this.#busy) this.#next();
    else if (this.#buffered.length > MAX_BUFFERED) this.socket.pause();
  }

  #next(): void {
    if (this.#busy || this.#buffered.length === 0) return;
    const parsed = parseRequestHead(this.#buffered, MAX_HEADER_BYTES);
    if (parsed.kind === 'incomplete') return;
    this.#busy = true;
    if (parsed.kind === 'error') {
      this.#detach();
      return this.handlers.malformed(this.socket, parsed.code);
    }
    const { head } = parsed;
    const rest = this.#buffered.subarray(head.length);
    this.#buffered = EMPTY;
    if (isUpgrade(head) || head.method === 'CONNECT') {
      this.#detach();
      return this.handlers.upgrade(this.socket, head, rest);
    }
    if (head.expectContinue && head.minor === 1) this.socket.write(CONTINUE);
    const body = new BodyScanner(requestFraming(head));
    // Set before the handler runs, so that `bodyDone` is true for it only when there is no body.
    this.#body = body.done ? undefined : body;
    const sink = this.handlers.request(this, head);
    if (body.done) {
      this.#buffered = rest;
      return;
    }
    this.#sink = sink;
    if (rest.length > 0) this.#read(rest);
  }

  /** Stops reading requests: the socket belongs to someone else now. */
  #detach(): void {
    this.socket.off('data', this.#onData);
    this.socket.off('end', this.#onEnd);
    this.socket.setTimeout(0);
  }
}
