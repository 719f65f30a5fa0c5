/**
 * Where an HTTP/1.x body ends, found without decoding it: the balancer relays a body's
 * bytes as they came (chunk sizes, extensions and trailers included) and only needs to
 * know which byte is its last, so that the next message on the connection starts after
 * it. Pure: fed any split of the bytes, it finds the same end.
 */

/** How a body is delimited (RFC 9112 §6.3). */
export type Framing =
  | { readonly kind: 'none' }
  | { readonly kind: 'length'; readonly length: number }
  | { readonly kind: 'chunked' }
  /** Ends when the sender closes the connection. */
  | { readonly kind: 'close' };

const enum Chunk {
  Size,
  Extension,
  SizeLf,
  Data,
  DataCr,
  DataLf,
  TrailerLine,
  TrailerStart,
  TrailerLf,
  EndLf,
}

const CR = 13;
const LF = 10;
/** 13 hex digits stay below 2^53. */
const MAX_SIZE_DIGITS = 13;

function hexValue(byte: number): number {
  if (byte >= 48 && byte <= 57) return byte - 48;
  const lower = byte | 0x20;
  if (lower >= 97 && lower <= 102) return lower - 87;
  return -1;
}

/** Tracks one body through the bytes that carry it. */
export class BodyScanner {
  /** The body has ended. */
  done: boolean;
  /** The bytes cannot be a body of this framing (a bad chunk size or line end). */
  failed = false;
  readonly #framing: Framing['kind'];
  #remaining: number;
  #state = Chunk.Size;
  #digits = 0;

  constructor(framing: Framing) {
    this.#framing = framing.kind;
    this.#remaining = framing.kind === 'length' ? framing.length : 0;
    this.done = framing.kind === 'none' || (framing.kind === 'length' && framing.length === 0);
  }

  /** The body ends with the connection, not within it. */
  get closeDelimited(): boolean {
    return this.#framing === 'close';
  }

  /**
   * Reads `buf` from `start`; returns the offset just past the body's last byte in `buf`,
   * or `buf.length` when all of it belongs to the body (then `done` says whether the body
   * ended exactly there). Sets `failed` (and returns `start`) on bytes no body can hold.
   */
  scan(buf: Buffer, start = 0): number {
    if (this.done || this.failed) return start;
    if (this.#framing === 'close') return buf.length;
    if (this.#framing === 'length') {
      const take = Math.min(this.#remaining, buf.length - start);
      this.#remaining -= take;
      if (this.#remaining === 0) this.done = true;
      return start + take;
    }
    return this.#chunked(buf, start);
  }

  /** The sender closed the connection: a close-delimited body is then complete, any other is cut short. */
  end(): void {
    if (this.#framing === 'close') this.done = true;
  }

  #chunked(buf: Buffer, start: number): number {
    let i = start;
    while (i < buf.length) {
      const byte = buf[i] as number;
      switch (this.#state) {
        case Chunk.Size: {
          const digit = hexValue(byte);
          if (digit >= 0 && this.#digits < MAX_SIZE_DIGITS) {
            this.#remaining = this.#remaining * 16 + digit;
            this.#digits++;
          } else if (this.#digits > 0 && (byte === 59 /* ; */ || byte === 32 || byte === 9)) this.#state = Chunk.Extension;
          else if (this.#digits > 0 && byte === CR) this.#state = Chunk.SizeLf;
          else return this.#fail(start);
          i++;
          break;
        }
        case Chunk.Extension:
          if (byte === CR) this.#state = Chunk.SizeLf;
          else if (byte === LF) return this.#fail(start);
          i++;
          break;
        case Chunk.SizeLf:
          if (byte !== LF) return this.#fail(start);
          this.#state = this.#remaining === 0 ? Chunk.TrailerStart : Chunk.Data;
          i++;
          break;
        case Chunk.Data: {
          const take = Math.min(this.#remaining, buf.length - i);
          this.#remaining -= take;
          i += take;
          if (this.#remaining === 0) this.#state = Chunk.DataCr;
          break;
        }
        case Chunk.DataCr:
        case Chunk.DataLf:
          // The CRLF after a chunk's data; then the next chunk's size.
          if (byte !== (this.#state === Chunk.DataCr ? CR : LF)) return this.#fail(start);
          this.#state = this.#state === Chunk.DataCr ? Chunk.DataLf : Chunk.Size;
          this.#digits = 0;
          i++;
          break;
        case Chunk.TrailerStart:
          // A blank line ends the trailer section (and the body); anything else is a trailer field.
          this.#state = byte === CR ? Chunk.EndLf : Chunk.TrailerLine;
          if (byte === LF) return this.#fail(start);
          i++;
          break;
        case Chunk.TrailerLine:
          if (byte === CR) this.#state = Chunk.TrailerLf;
          i++;
          break;
        case Chunk.TrailerLf:
          if (byte !== LF) return this.#fail(start);
          this.#state = Chunk.TrailerStart;
          i++;
          break;
        case Chunk.EndLf:
          if (byte !== LF) return this.#fail(start);
          this.done = true;
          return i + 1;
      }
    }
    return i;
  }

  #fail(start: number): number {
    this.failed = true;
    return start;
  }
}
