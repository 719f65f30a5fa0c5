/**
 * HTTP/1.x message heads (RFC 9112), parsed only as far as the balancer needs them: the
 * start line, the header fields as a raw `[name, value, …]` list (duplicates and case as
 * sent) and what decides the connection and the body's end. Pure: bytes in, a head out.
 * Strict where leniency lets a request be read two ways (request smuggling): no space
 * before a colon, no obsolete line folding, no `Content-Length` beside
 * `Transfer-Encoding`, no conflicting lengths.
 */
import type { Framing } from './body.js';

interface HeadBase {
  /** 0 for HTTP/1.0, 1 for HTTP/1.1. */
  readonly minor: 0 | 1;
  /** `[name, value, name, value, …]` as sent. */
  readonly raw: string[];
  /** Bytes of the head, the blank line included. */
  readonly length: number;
  /** The `Connection` header's tokens, lower-cased (`close`, `keep-alive`, `upgrade`, header names). */
  readonly connection: readonly string[];
  /** The last `Transfer-Encoding` coding is `chunked`. */
  readonly chunked: boolean;
  /** `Transfer-Encoding` is present (chunked or not). */
  readonly transferEncoding: boolean;
  /** The `Content-Length`, or -1 when absent. */
  readonly contentLength: number;
}

export interface RequestHead extends HeadBase {
  readonly method: string;
  readonly target: string;
  /** Every `Cookie` header value, in order. */
  readonly cookies: string[];
  /** The `Upgrade` header, if any. */
  readonly upgrade: string | undefined;
  /** `Expect: 100-continue`. */
  readonly expectContinue: boolean;
}

export interface ResponseHead extends HeadBase {
  readonly status: number;
  readonly reason: string;
}

/** Why a head could not be read; the codes are llhttp's, which client-error.ts maps to 431 or 400. */
export type HeadError = 'HPE_HEADER_OVERFLOW' | 'HPE_INVALID';

export type Parsed<T> = { readonly kind: 'head'; readonly head: T } | { readonly kind: 'incomplete' } | { readonly kind: 'error'; readonly code: HeadError };

const INCOMPLETE = { kind: 'incomplete' } as const;
const INVALID = { kind: 'error', code: 'HPE_INVALID' } as const;
const OVERFLOW = { kind: 'error', code: 'HPE_HEADER_OVERFLOW' } as const;
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
/** A field value: visible characters, spaces and tabs, obs-text; no CR, LF or NUL. */
const BAD_VALUE = /[\0\r\n]/;
/** A request target has no controls and no spaces. */
const BAD_TARGET = /[\0-\x20\x7f]/;

/**
 * Where the head in `buf` ends (just past its blank line), -1 if it has not all come, or
 * -2 when its lines end in a bare LF (never valid here, and never followed by CRLF CRLF).
 */
function headEnd(buf: Buffer): number {
  const at = buf.indexOf('\r\n\r\n', 0, 'latin1');
  if (at >= 0) return at + 4;
  return buf.indexOf('\n\n', 0, 'latin1') >= 0 ? -2 : -1;
}

interface Fields {
  raw: string[];
  connection: string[];
  chunked: boolean;
  transferEncoding: boolean;
  contentLength: number;
  cookies: string[];
  upgrade: string | undefined;
  expectContinue: boolean;
}

/** Parses the field lines (after the start line); undefined when one is malformed. */
function fields(lines: string[]): Fields | undefined {
  const f: Fields = { raw: [], connection: [], chunked: false, transferEncoding: false, contentLength: -1, cookies: [], upgrade: undefined, expectContinue: false };
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i] as string;
    if (line === '') continue;
    const colon = line.indexOf(':');
    // A line starting with whitespace is obsolete folding; a name with spaces is a smuggling vector.
    if (colon <= 0) return undefined;
    const name = line.slice(0, colon);
    if (!TOKEN.test(name)) return undefined;
    const value = line.slice(colon + 1).trim();
    if (BAD_VALUE.test(value)) return undefined;
    f.raw.push(name, value);
    switch (name.toLowerCase()) {
      case 'connection':
        for (const token of value.split(',')) f.connection.push(token.trim().toLowerCase());
        break;
      case 'content-length': {
        if (!/^\d{1,15}$/.test(value)) return undefined;
        const length = Number(value);
        if (f.contentLength >= 0 && f.contentLength !== length) return undefined;
        f.contentLength = length;
        break;
      }
      case 'transfer-encoding': {
        f.transferEncoding = true;
        const codings = value.split(',');
        f.chunked = (codings[codings.length - 1] as string).trim().toLowerCase() === 'chunked';
        break;
      }
      case 'cookie':
        f.cookies.push(value);
        break;
      case 'upgrade':
        f.upgrade = value;
        break;
      case 'expect':
        if (value.toLowerCase() === '100-continue') f.expectContinue = true;
        break;
    }
  }
  return f;
}

function withoutLength(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if ((raw[i] as string).toLowerCase() !== 'content-length') out.push(raw[i] as string, raw[i + 1] as string);
  }
  return out;
}

function version(text: string): 0 | 1 | undefined {
  if (text === 'HTTP/1.1') return 1;
  if (text === 'HTTP/1.0') return 0;
  return undefined;
}

/** The head's lines and its length in bytes, or why there is no head to read (yet). */
function headLines(buf: Buffer, maxBytes: number): [string[], number] | Exclude<Parsed<never>, { kind: 'head' }> {
  const end = headEnd(buf);
  if (end === -2) return INVALID;
  if (end < 0) return buf.length > maxBytes ? OVERFLOW : INCOMPLETE;
  if (end > maxBytes) return OVERFLOW;
  return [buf.toString('latin1', 0, end - 4).split('\r\n'), end];
}

/** Reads a request head from the start of `buf`, at most `maxBytes` long. */
export function parseRequestHead(buf: Buffer, maxBytes: number): Parsed<RequestHead> {
  const read = headLines(buf, maxBytes);
  if (!Array.isArray(read)) return read;
  const [lines, end] = read;
  const [method, target, proto, extra] = (lines[0] as string).split(' ');
  const minor = version(proto ?? '');
  if (extra !== undefined || minor === undefined || !method || !TOKEN.test(method) || !target || BAD_TARGET.test(target)) return INVALID;
  const f = fields(lines);
  // A request body is chunked or counted (not both); any other coding cannot be delimited (RFC 9112 §6.3).
  if (!f || (f.transferEncoding && (!f.chunked || f.contentLength >= 0))) return INVALID;
  return { kind: 'head', head: { method, target, minor, length: end, ...f } };
}

/** Reads a response head from the start of `buf`, at most `maxBytes` long. */
export function parseResponseHead(buf: Buffer, maxBytes: number): Parsed<ResponseHead> {
  const read = headLines(buf, maxBytes);
  if (!Array.isArray(read)) return read;
  const [lines, end] = read;
  const start = lines[0] as string;
  const minor = version(start.slice(0, 8));
  const status = Number(start.slice(9, 12));
  if (minor === undefined || start[8] !== ' ' || !/^\d{3}$/.test(start.slice(9, 12)) || (start.length > 12 && start[12] !== ' ')) return INVALID;
  const f = fields(lines);
  if (!f) return INVALID;
  // Transfer-Encoding overrides Content-Length in an answer; the length is dropped so the
  // client cannot read the body the other way (RFC 9112 §6.3).
  if (f.transferEncoding && f.contentLength >= 0) {
    f.raw = withoutLength(f.raw);
    f.contentLength = -1;
  }
  return { kind: 'head', head: { status, reason: start.slice(13), minor, length: end, raw: f.raw, connection: f.connection, chunked: f.chunked, transferEncoding: f.transferEncoding, contentLength: f.contentLength } };
}

/** The connection stays open after this message (RFC 9112 §9.3). */
export function keepsAlive(head: HeadBase): boolean {
  if (head.connection.includes('close')) return false;
  return head.minor === 1 || head.connection.includes('keep-alive');
}

/** The request is a protocol switch (WebSocket and other `Upgrade`s). */
export function isUpgrade(head: RequestHead): boolean {
  return head.upgrade !== undefined && head.connection.includes('upgrade');
}

/** How the request body ends. */
export function requestFraming(head: RequestHead): Framing {
  if (head.chunked) return { kind: 'chunked' };
  return head.contentLength > 0 ? { kind: 'length', length: head.contentLength } : { kind: 'none' };
}

/** How the response body ends, given the request's method (RFC 9112 §6.3). */
export function responseFraming(head: ResponseHead, method: string): Framing {
  if (method === 'HEAD' || head.status < 200 || head.status === 204 || head.status === 304) return { kind: 'none' };
  if (head.transferEncoding) return head.chunked ? { kind: 'chunked' } : { kind: 'close' };
  if (head.contentLength >= 0) return head.contentLength > 0 ? { kind: 'length', length: head.contentLength } : { kind: 'none' };
  return { kind: 'close' };
}

/** Serialises a head: start line, `raw` fields, blank line. */
export function serializeHead(startLine: string, raw: readonly string[]): string {
  let text = `${startLine}\r\n`;
  for (let i = 0; i + 1 < raw.length; i += 2) text += `${raw[i]}: ${raw[i + 1]}\r\n`;
  return `${text}\r\n`;
}
