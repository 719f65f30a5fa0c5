/**
 * The driver's HTTP/1.1 response parser (RFC 9112), fed the bytes of one connection as
 * they come. It frames an answer the ways any conforming server may: Content-Length,
 * chunked (extensions and trailers read and dropped), delimited by the close, or no body
 * (1xx, 204, 304, the answer to HEAD). Interim 1xx answers are skipped. It says whether
 * the connection may carry another request (HTTP/1.0, `Connection: close`, a close-
 * delimited body or bytes nobody asked for say no) and the server's idle limit
 * (`Keep-Alive: timeout=N`).
 */
import { contentLength, keepAliveMs, readHead, ResponseParseError, tokens } from './head.js';

export { ResponseParseError } from './head.js';

/** One final answer. */
export interface ParsedResponse {
  readonly status: number;
  /** Field names lower-cased; a repeated field's values joined with `, ` (RFC 9110 §5.3). */
  readonly headers: ReadonlyMap<string, string>;
  /** Each `Set-Cookie` field on its own: they cannot be joined. */
  readonly setCookies: readonly string[];
  readonly body: Buffer;
  /** Whether the connection may carry the next request. */
  readonly keepAlive: boolean;
  /** The server's idle limit from `Keep-Alive: timeout=N`, in ms; undefined when it gave none. */
  readonly keepAliveMs: number | undefined;
}

/** Largest head (status line and fields) or chunk line accepted, as undici's default. */
const MAX_HEAD_BYTES = 16 * 1024;
const LF = 10;
const CR = 13;

const enum State {
  Idle,
  Head,
  Length,
  Close,
  ChunkSize,
  ChunkData,
  ChunkEnd,
  Trailers,
}

interface Answer {
  status: number;
  headers: Map<string, string>;
  setCookies: string[];
  body: Buffer;
  keepAlive: boolean;
  keepAliveMs: number | undefined;
}

/** Parses the answers of one connection, one request at a time. */
export class ResponseParser {
  #state = State.Idle;
  #noBody = false;
  /** Bytes of a head or a chunk line that came split, kept until its end comes. */
  #pending: Buffer | undefined;
  #answer: Answer | undefined;
  #remaining = 0;
  #chunks: Buffer[] = [];
  #received = false;

  /** Waits for the answer to a new request; `noBody` for a HEAD request. */
  expect(noBody = false): void {
    this.#state = State.Head;
    this.#noBody = noBody;
    this.#pending = undefined;
    this.#answer = undefined;
    this.#chunks = [];
    this.#received = false;
  }

  /** Whether any byte of the current answer came (a stale connection's close brings none). */
  get received(): boolean {
    return this.#received;
  }

  /**
   * Takes the next bytes of the connection; returns the final answer once it is complete.
   * The bytes it keeps are copied, so `chunk` may be a read buffer that is reused.
   * Bytes after it that nobody asked for make it the connection's last (`keepAlive` false).
   * @throws ResponseParseError on a malformed answer, or bytes when no answer is awaited.
   */
  feed(chunk: Buffer): ParsedResponse | undefined {
    if (chunk.length === 0) return undefined;
    if (this.#state === State.Idle) throw new ResponseParseError(`${chunk.length} bytes came when no answer was awaited`);
    this.#received = true;
    let buf = chunk;
    if (this.#pending) {
      buf = Buffer.concat([this.#pending, chunk]);
      this.#pending = undefined;
    }
    let pos = 0;
    while (pos < buf.length) {
      switch (this.#state) {
        case State.Head: {
          // A client SHOULD ignore empty lines before a status line (RFC 9112 §2.2).
          while (pos < buf.length && (buf[pos] === CR || buf[pos] === LF)) pos++;
          if (pos === buf.length) return undefined;
          const end = headEnd(buf, pos);
          if (end < 0) return this.#keep(buf, pos, 'head');
          const done = this.#head(buf.toString('latin1', pos, end));
          pos = end;
          if (done) return this.#finish(buf, pos);
          break;
        }
        case State.Length:
        case State.ChunkData: {
          const n = Math.min(this.#remaining, buf.length - pos);
          this.#chunks.push(Buffer.from(buf.subarray(pos, pos + n)));
          pos += n;
          this.#remaining -= n;
          if (this.#remaining > 0) break;
          if (this.#state === State.Length) return this.#finish(buf, pos);
          this.#state = State.ChunkEnd;
          break;
        }
        case State.Close:
          this.#chunks.push(Buffer.from(buf.subarray(pos)));
          pos = buf.length;
          break;
        case State.ChunkSize:
        case State.ChunkEnd:
        case State.Trailers: {
          const nl = buf.indexOf(LF, pos);
          if (nl < 0) return this.#keep(buf, pos, 'chunk line');
          const line = buf.toString('latin1', pos, nl > pos && buf[nl - 1] === CR ? nl - 1 : nl);
          pos = nl + 1;
          if (this.#line(line)) return this.#finish(buf, pos);
          break;
        }
        default:
          // The answer completed above (Idle): the loop returned before reaching here.
          return undefined;
      }
    }
    return undefined;
  }

  /**
   * The connection ended: completes an answer delimited by the close; undefined when an
   * answer was awaited and is incomplete (or none had begun).
   */
  end(): ParsedResponse | undefined {
    if (this.#state !== State.Close) return undefined;
    return this.#finish(Buffer.alloc(0), 0);
  }

  #keep(buf: Buffer, pos: number, what: string): undefined {
    if (buf.length - pos > MAX_HEAD_BYTES) throw new ResponseParseError(`${what} longer than ${MAX_HEAD_BYTES} bytes`);
    // A copy: the caller may reuse `buf` for its next read.
    this.#pending = Buffer.from(buf.subarray(pos));
    return undefined;
  }

  /** Reads a head; true when it completes a final answer with no body. */
  #head(text: string): boolean {
    const { status, http10, headers, setCookies } = readHead(text);
    if (status < 200) {
      if (status === 101) throw new ResponseParseError('101 Switching Protocols, which was not asked for');
      // An interim answer (100 Continue, 103 Early Hints): the final one follows.
      return false;
    }
    const connection = tokens(headers.get('connection'));
    const answer: Answer = {
      status,
      headers,
      setCookies,
      body: EMPTY,
      keepAlive: http10 ? connection.includes('keep-alive') : !connection.includes('close'),
      keepAliveMs: keepAliveMs(headers.get('keep-alive')),
    };
    this.#answer = answer;
    if (this.#noBody || status === 204 || status === 304) return true;
    const coding = headers.get('transfer-encoding');
    if (coding !== undefined) {
      // Transfer-Encoding overrides Content-Length; with both, or in HTTP/1.0, the
      // framing is suspect and the connection is not reused (RFC 9112 §6.1, §6.3).
      if (http10 || headers.has('content-length')) answer.keepAlive = false;
      if (tokens(coding).at(-1) === 'chunked') {
        this.#state = State.ChunkSize;
        return false;
      }
      this.#state = State.Close;
      answer.keepAlive = false;
      return false;
    }
    const length = headers.get('content-length');
    if (length === undefined) {
      this.#state = State.Close;
      answer.keepAlive = false;
      return false;
    }
    this.#remaining = contentLength(length);
    if (this.#remaining === 0) return true;
    this.#state = State.Length;
    return false;
  }

  /** Reads a chunk-size line, the end of a chunk or a trailer line; true when the body is complete. */
  #line(line: string): boolean {
    if (this.#state === State.ChunkEnd) {
      if (line !== '') throw new ResponseParseError('chunk data longer than its size');
      this.#state = State.ChunkSize;
      return false;
    }
    if (this.#state === State.Trailers) return line === '';
    const semicolon = line.indexOf(';');
    const hex = (semicolon < 0 ? line : line.slice(0, semicolon)).trim();
    if (!/^[0-9a-fA-F]{1,12}$/.test(hex)) throw new ResponseParseError(`not a chunk size: ${JSON.stringify(line.slice(0, 80))}`);
    this.#remaining = parseInt(hex, 16);
    this.#state = this.#remaining === 0 ? State.Trailers : State.ChunkData;
    return false;
  }

  #finish(buf: Buffer, pos: number): ParsedResponse {
    const answer = this.#answer!;
    const chunks = this.#chunks;
    answer.body = chunks.length === 0 ? EMPTY : chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
    // Bytes past the answer were not asked for: nothing after them can be trusted.
    if (pos < buf.length) answer.keepAlive = false;
    this.#state = State.Idle;
    this.#chunks = [];
    this.#answer = undefined;
    return answer;
  }
}

const EMPTY = Buffer.alloc(0);

/** The index just past the empty line that ends a head starting at `from`, or -1. */
function headEnd(buf: Buffer, from: number): number {
  for (let nl = buf.indexOf(LF, from); nl >= 0; nl = buf.indexOf(LF, nl + 1)) {
    if (buf[nl + 1] === LF) return nl + 2;
    if (buf[nl + 1] === CR && buf[nl + 2] === LF) return nl + 3;
  }
  return -1;
}
