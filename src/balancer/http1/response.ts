/**
 * Reads one response from a backend connection and hands it on in pieces: its final
 * head, the body's bytes as they came, and its end (with whether the connection can
 * carry another request). Interim `1xx` answers are dropped: the balancer has already
 * answered a client's `Expect: 100-continue` itself. A `101` ends the reader's job when
 * the request asked for an upgrade; anything the backend sends after it is the new
 * protocol's.
 */
import { BodyScanner } from './body.js';
import { keepsAlive, parseResponseHead, responseFraming, type ResponseHead } from './head.js';
import type { UpstreamHandler } from './upstream.js';

/** Largest response head read; Node's default `maxHeaderSize`. */
export const MAX_RESPONSE_HEAD_BYTES = 16 * 1024;

const EMPTY = Buffer.alloc(0);

export interface ResponseSink {
  /**
   * The final head, with the body's first bytes that came with it (possibly none);
   * `closeDelimited` when the body ends only with the connection.
   */
  head(head: ResponseHead, first: Buffer, closeDelimited: boolean): void;
  body(chunk: Buffer): void;
  /** The body is complete; `reusable` when the connection may take another request. */
  done(reusable: boolean): void;
  /** The backend closed, reset or sent what is not HTTP; `beforeHead` when no head had come. */
  failed(beforeHead: boolean): void;
  /** A `101` to an upgrade request, with the bytes that followed it. */
  switched?(head: ResponseHead, rest: Buffer): void;
}

export class ResponseReader implements UpstreamHandler {
  #pending: Buffer = EMPTY;
  #head: ResponseHead | undefined;
  #body: BodyScanner | undefined;
  #over = false;

  constructor(
    private readonly method: string,
    private readonly sink: ResponseSink,
  ) {}

  data(chunk: Buffer): void {
    if (this.#over) return;
    if (this.#body) return this.#relay(chunk, 0);
    this.#pending = this.#pending.length === 0 ? chunk : Buffer.concat([this.#pending, chunk]);
    for (;;) {
      const parsed = parseResponseHead(this.#pending, MAX_RESPONSE_HEAD_BYTES);
      if (parsed.kind === 'incomplete') return;
      if (parsed.kind === 'error') return this.#fail();
      const { head } = parsed;
      const rest = this.#pending.subarray(head.length);
      if (head.status === 101) {
        this.#over = true;
        if (this.sink.switched) return this.sink.switched(head, rest);
        return this.#fail();
      }
      if (head.status < 200) {
        this.#pending = rest;
        continue;
      }
      this.#pending = EMPTY;
      this.#head = head;
      this.#body = new BodyScanner(responseFraming(head, this.method));
      const end = this.#body.scan(rest);
      if (this.#body.failed) return this.#fail();
      this.sink.head(head, end === rest.length ? rest : rest.subarray(0, end), this.#body.closeDelimited);
      return this.#finishIfDone(rest.length - end);
    }
  }

  end(): void {
    if (this.#over) return;
    if (this.#body?.closeDelimited) {
      this.#body.end();
      this.#over = true;
      return this.sink.done(false);
    }
    this.#fail();
  }

  closed(): void {
    if (!this.#over) this.#fail();
  }

  #relay(chunk: Buffer, start: number): void {
    const body = this.#body as BodyScanner;
    const end = body.scan(chunk, start);
    if (body.failed) return this.#fail();
    if (end > start) this.sink.body(start === 0 && end === chunk.length ? chunk : chunk.subarray(start, end));
    this.#finishIfDone(chunk.length - end);
  }

  /** `extra`: bytes after the body's end, which no request asked for. */
  #finishIfDone(extra: number): void {
    const body = this.#body as BodyScanner;
    if (!body.done) return;
    this.#over = true;
    this.sink.done(extra === 0 && keepsAlive(this.#head as ResponseHead));
  }

  #fail(): void {
    this.#over = true;
    this.sink.failed(this.#head === undefined);
  }
}
