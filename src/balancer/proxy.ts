/**
 * The HTTP end of an exchange (exchange.ts), on raw sockets: the request head is written
 * to a pooled backend connection with the hop-by-hop headers dropped and the client added
 * to `X-Forwarded-For`, and its body bytes follow as they came. The answer's head is
 * rewritten the same way (plus the strategy's cookie) and its body relayed byte for byte,
 * chunked framing and trailers included; http1/response.ts finds where it ends. The
 * balancer's own answers carry `x-statebench-balancer: 1`.
 */
import type { Socket } from 'node:net';
import { exchange, type ExchangeEnd, type ExchangeOptions, type ForwardHooks } from './exchange.js';
import { balancerAnswerText, requestHeaders, responseHeaders } from './headers.js';
import type { BodySink, ClientConnection } from './http1/connection.js';
import { keepsAlive, serializeHead, type RequestHead, type ResponseHead } from './http1/head.js';
import { ResponseReader, type ResponseSink } from './http1/response.js';
import type { Upstream } from './http1/upstream.js';
import type { Backend } from './membership.js';
import type { RouteRequest, Router } from './router.js';
import type { Pick } from './strategies/types.js';

export type ProxyOptions = ExchangeOptions;

/** Body bytes written together with the answer's head. */
const SMALL_BODY = 16 * 1024;
/** Request body bytes held while a backend is chosen, before the client is paused. */
const MAX_HELD_BODY = 64 * 1024;

class HttpEnd implements ExchangeEnd, BodySink {
  readonly request: RouteRequest;
  readonly client: Socket;
  /** Body bytes that came before the request was forwarded; undefined once it is (or never will be). */
  #held: Buffer[] | undefined = [];
  #heldBytes = 0;
  #upstream: Upstream | undefined;
  #bodyDone: boolean;
  /** The client's side is over: the answer is written, or the client is gone. */
  #closed = false;
  #finished = false;
  #responding = false;
  #listener: (() => void) | undefined;
  /** The client wants the connection kept open after this exchange. */
  readonly #keepAlive: boolean;

  constructor(
    private readonly connection: ClientConnection,
    private readonly head: RequestHead,
  ) {
    this.client = connection.socket;
    this.request = { cookies: head.cookies, clientAddress: connection.clientAddress };
    this.#bodyDone = connection.bodyDone;
    this.#keepAlive = keepsAlive(head);
    connection.onGone = () => this.#close();
  }

  onClose(listener: () => void): void {
    this.#listener = listener;
  }

  completed(): boolean {
    return this.#finished;
  }

  body(chunk: Buffer, done: boolean): void {
    if (done) this.#bodyDone = true;
    if (this.#closed || chunk.length === 0) return;
    if (this.#upstream) {
      const { socket } = this.#upstream;
      if (!socket.write(chunk)) {
        this.client.pause();
        socket.once('drain', () => this.client.resume());
      }
    } else if (this.#held) {
      this.#held.push(chunk);
      this.#heldBytes += chunk.length;
      if (this.#heldBytes > MAX_HELD_BODY) this.client.pause();
    }
  }

  answer(status: number, message: string): boolean {
    if (this.#responding || this.#closed) {
      this.client.destroy();
      return false;
    }
    this.#held = undefined;
    const keepAlive = this.#keepAlive && this.#bodyDone;
    this.client.write(balancerAnswerText(status, message, !keepAlive));
    this.#finish(keepAlive);
    return true;
  }

  connect(backend: Backend): Upstream {
    return backend.pool.lease();
  }

  forward(upstream: Upstream, pick: Pick, hooks: ForwardHooks): void {
    if (this.#closed) return void upstream.destroy();
    this.#upstream = upstream;
    upstream.handler = new ResponseReader(this.head.method, this.#sink(upstream, pick, hooks));
    const { method, target, minor, raw } = this.head;
    const { socket } = upstream;
    const head = serializeHead(`${method} ${target} HTTP/1.${minor}`, requestHeaders(raw, this.request.clientAddress));
    const held = this.#held ?? [];
    this.#held = undefined;
    if (held.length === 0) return void socket.write(head, 'latin1');
    socket.cork();
    socket.write(head, 'latin1');
    for (const chunk of held) socket.write(chunk);
    socket.uncork();
    this.client.resume();
  }

  swallow(): void {
    this.#held = undefined;
  }

  #sink(upstream: Upstream, pick: Pick, hooks: ForwardHooks): ResponseSink {
    let keepAlive = this.#keepAlive;
    return {
      head: (head: ResponseHead, first: Buffer, closeDelimited: boolean) => {
        if (!hooks.answered() || this.#closed) return void upstream.destroy();
        this.#responding = true;
        const raw = responseHeaders(head.raw, pick.setCookie);
        // A body delimited by the backend closing can only reach the client the same way.
        if (closeDelimited) keepAlive = false;
        if (!keepAlive) raw.push('Connection', 'close');
        else if (this.head.minor === 0) raw.push('Connection', 'keep-alive');
        const text = serializeHead(`HTTP/1.1 ${head.status} ${head.reason}`, raw);
        // A small answer goes out in one write: latin1 maps bytes to characters one to one,
        // and one plain write costs less than a corked pair (a writev).
        if (first.length <= SMALL_BODY) return void this.client.write(text + first.toString('latin1'), 'latin1');
        this.client.write(text, 'latin1');
        this.#relay(upstream, first);
      },
      body: (chunk: Buffer) => this.#relay(upstream, chunk),
      done: (reusable: boolean) => {
        if (reusable && this.#bodyDone) upstream.release();
        else upstream.destroy();
        if (this.#closed) return;
        this.#finish(keepAlive && this.#bodyDone);
      },
      failed: (beforeHead: boolean) => {
        upstream.destroy();
        if (this.#closed) return;
        if (beforeHead) hooks.failed();
        // The backend died in the middle of the body: the client must see a broken response, not a short one.
        else this.client.destroy();
      },
    };
  }

  #relay(upstream: Upstream, chunk: Buffer): void {
    if (this.#closed) return;
    if (!this.client.write(chunk)) {
      upstream.socket.pause();
      this.client.once('drain', () => upstream.socket.resume());
    }
  }

  #finish(keepAlive: boolean): void {
    this.#finished = true;
    this.#close();
    this.connection.finish(keepAlive);
  }

  #close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#listener?.();
  }
}

export function createRequestHandler(router: Router, options: ProxyOptions) {
  return (connection: ClientConnection, head: RequestHead): BodySink => {
    const end = new HttpEnd(connection, head);
    // A bug while proxying one request must not take the balancer (and every other request) down.
    exchange(router, end, options).catch(() => connection.socket.destroy());
    return end;
  };
}
