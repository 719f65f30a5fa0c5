/**
 * A response head's text (status line and header fields, RFC 9112 §4-5) read into its
 * status and fields, and the fields that decide the framing read into values. Lenient
 * where a client may be (bare LF line ends, obsolete line folding), strict where a
 * mistake would misframe the body (a bare CR, a field without a colon, disagreeing
 * Content-Lengths).
 */

/** A malformed answer: the connection cannot be trusted for anything after it. */
export class ResponseParseError extends Error {
  readonly code = 'STATEBENCH_HTTP_PARSE';
  override readonly name = 'ResponseParseError';
}

/** The status and fields of one head. */
export interface ResponseHead {
  readonly status: number;
  readonly http10: boolean;
  /** Field names lower-cased; a repeated field's values joined with `, ` (RFC 9110 §5.3). */
  readonly headers: Map<string, string>;
  /** Each `Set-Cookie` field on its own: they cannot be joined. */
  readonly setCookies: string[];
}

const CR = 13;
const SP = 32;
const HT = 9;
const ZERO = 48;

/** Reads a head's text, its closing empty line included. @throws ResponseParseError */
export function readHead(text: string): ResponseHead {
  const firstEnd = lineEnd(text, 0);
  const status = statusOf(text, firstEnd);
  if (status === undefined) throw new ResponseParseError(`not an HTTP/1.x status line: ${JSON.stringify(text.slice(0, Math.min(firstEnd, 80)))}`);
  if (text.includes('\r') && /\r(?!\n)/.test(text)) throw new ResponseParseError('a bare CR in the head');
  const headers = new Map<string, string>();
  const setCookies: string[] = [];
  let last: string | undefined;
  // One pass over the head's text by index: no array of lines, no trimmed copies.
  for (let start = text.indexOf('\n') + 1; start > 0 && start < text.length; start = text.indexOf('\n', start) + 1) {
    const end = lineEnd(text, start);
    if (end === start) continue;
    const first = text.charCodeAt(start);
    if (first === SP || first === HT) {
      // Obsolete line folding (RFC 9112 §5.2): the line continues the field before it.
      if (last === undefined) throw new ResponseParseError('a folded line before any header field');
      const more = text.slice(start, end).trim();
      if (last === 'set-cookie') setCookies[setCookies.length - 1] += ` ${more}`;
      else headers.set(last, `${headers.get(last)} ${more}`);
      continue;
    }
    const colon = text.indexOf(':', start);
    if (colon <= start || colon > end) throw new ResponseParseError(`not a header field: ${JSON.stringify(text.slice(start, Math.min(end, start + 80)))}`);
    const name = text.slice(start, colon).trimEnd().toLowerCase();
    let from = colon + 1;
    let to = end;
    while (from < to && isBlank(text.charCodeAt(from))) from++;
    while (to > from && isBlank(text.charCodeAt(to - 1))) to--;
    const value = text.slice(from, to);
    last = name;
    if (name === 'set-cookie') setCookies.push(value);
    else {
      const before = headers.get(name);
      headers.set(name, before === undefined ? value : `${before}, ${value}`);
    }
  }
  return { status, http10: text.charCodeAt(7) === ZERO, headers, setCookies };
}

/** Where the line starting at `start` ends, before its CRLF or LF (or the text's end). */
function lineEnd(text: string, start: number): number {
  let end = text.indexOf('\n', start);
  if (end < 0) end = text.length;
  return end > start && text.charCodeAt(end - 1) === CR ? end - 1 : end;
}

const isBlank = (code: number) => code === SP || code === HT;

/** The status code of `HTTP/1.x NNN[ reason]` (the first `end` characters of `text`), or undefined. */
function statusOf(text: string, end: number): number | undefined {
  if (end < 12 || !text.startsWith('HTTP/1.') || (text[7] !== '0' && text[7] !== '1') || text[8] !== ' ') return undefined;
  if (end > 12 && text[12] !== ' ') return undefined;
  const code = text.slice(9, 12);
  return /^[1-9]\d\d$/.test(code) ? Number(code) : undefined;
}

/** A field's comma-separated tokens, lower-cased. */
export function tokens(value: string | undefined): string[] {
  if (value === undefined) return [];
  if (!value.includes(',')) return [value.trim().toLowerCase()];
  return value.toLowerCase().split(',').map((token) => token.trim());
}

/** Content-Length: digits, or a list of the same digits (a repeated field, RFC 9112 §6.3). */
export function contentLength(value: string): number {
  if (/^\d{1,15}$/.test(value)) return Number(value);
  const values = new Set(value.split(',').map((part) => part.trim()));
  const [only] = values;
  if (values.size !== 1 || only === undefined || !/^\d{1,15}$/.test(only)) throw new ResponseParseError(`not a Content-Length: ${JSON.stringify(value)}`);
  return Number(only);
}

/** The server's idle limit from `Keep-Alive: timeout=N`, in ms. */
export function keepAliveMs(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const match = /(?:^|[,\s])timeout\s*=\s*"?(\d+)/i.exec(value);
  return match ? Number(match[1]) * 1000 : undefined;
}
