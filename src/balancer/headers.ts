/**
 * Header rewriting between client and backend. Headers travel as raw `[name, value, …]`
 * lists so duplicates (several `Set-Cookie`) and their order survive untouched; only
 * hop-by-hop headers, which describe one connection and not the message, are dropped.
 */
import { STATUS_CODES } from 'node:http';
import type { SetCookie } from './strategies/types.js';

const HOP_BY_HOP = new Set([
  'connection',
  'keep-alive',
  'proxy-connection',
  'te',
  'upgrade',
  'proxy-authenticate',
  'proxy-authorization',
  // The balancer answers `100 Continue` itself; the backend must not wait for one.
  'expect',
]);

/** The header every answer written by the balancer itself carries. */
export const BALANCER_HEADER = 'x-statebench-balancer';

function connectionTokens(raw: readonly string[]): Set<string> {
  const tokens = new Set<string>();
  for (let i = 0; i < raw.length; i += 2) {
    if (raw[i]?.toLowerCase() !== 'connection') continue;
    for (const t of (raw[i + 1] ?? '').split(',')) tokens.add(t.trim().toLowerCase());
  }
  return tokens;
}

/** `raw` without hop-by-hop headers (and those the `Connection` header names), unless kept. */
export function endToEnd(raw: readonly string[], keep: readonly string[] = []): string[] {
  const named = connectionTokens(raw);
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i] as string;
    const lower = name.toLowerCase();
    if (!keep.includes(lower) && (HOP_BY_HOP.has(lower) || named.has(lower))) continue;
    out.push(name, raw[i + 1] as string);
  }
  return out;
}

/** Request headers for the backend, with the client appended to `X-Forwarded-For`. */
export function requestHeaders(raw: readonly string[], clientAddress: string | undefined, upgrade = false): string[] {
  const kept = endToEnd(raw, upgrade ? ['connection', 'upgrade'] : []);
  const out: string[] = [];
  const forwarded: string[] = [];
  for (let i = 0; i < kept.length; i += 2) {
    if (kept[i]?.toLowerCase() === 'x-forwarded-for') forwarded.push(kept[i + 1] as string);
    else out.push(kept[i] as string, kept[i + 1] as string);
  }
  if (clientAddress) forwarded.push(clientAddress);
  if (forwarded.length > 0) out.push('X-Forwarded-For', forwarded.join(', '));
  return out;
}

/** Response headers for the client: the backend's, plus the strategy's cookie if any. */
export function responseHeaders(raw: readonly string[], setCookie: SetCookie | undefined, upgrade = false): string[] {
  const out = endToEnd(raw, upgrade ? ['connection', 'upgrade'] : []);
  if (setCookie) out.push('Set-Cookie', `${setCookie.name}=${setCookie.value}; Path=/`);
  return out;
}

/** A JSON error body and its headers, for answers the balancer writes itself. */
export function balancerAnswer(message: string): { body: string; headers: Record<string, string> } {
  const body = JSON.stringify({ error: message });
  return {
    body,
    headers: {
      'content-type': 'application/json',
      'content-length': String(Buffer.byteLength(body)),
      'cache-control': 'no-store',
      [BALANCER_HEADER]: '1',
    },
  };
}

/** The whole of an answer the balancer writes itself, `Connection: close` when `close`. */
export function balancerAnswerText(status: number, message: string, close: boolean): string {
  const { body, headers } = balancerAnswer(message);
  let head = `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n`;
  for (const name in headers) head += `${name}: ${headers[name]}\r\n`;
  if (close) head += 'connection: close\r\n';
  return `${head}\r\n${body}`;
}
