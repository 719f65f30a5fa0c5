/**
 * Pure judgement of answers: an exchange (or several) in, a ConformanceCheck out. The
 * scenario probes decide what to send and which rules apply; these say how an answer is
 * described and compared, so every check reads the same way.
 */
import type { Exchange } from './client.js';
import type { ConformanceCheck } from './types.js';

const SHOWN_CHARS = 160;

/** An answer in one line: `401 {"error":"unknown session"}`, or why none came. */
export function describeAnswer(exchange: Exchange): string {
  if (exchange.status === undefined) return `no answer (${exchange.error ?? 'unknown error'})`;
  const text = exchange.text.replace(/\s+/g, ' ').trim();
  const body = text.length > SHOWN_CHARS ? `${text.slice(0, SHOWN_CHARS)}…` : text;
  return body === '' ? String(exchange.status) : `${exchange.status} ${body}`;
}

export interface Rule {
  readonly name: string;
  readonly required: boolean;
  readonly expected: string;
}

/** A check of one exchange against `ok`; `got` describes the answer unless told otherwise. */
export function judge(rule: Rule, exchange: Exchange, ok: boolean, got: string = describeAnswer(exchange)): ConformanceCheck {
  return { ...rule, ok, sent: exchange.sent, got };
}

/** A check of several exchanges that must all pass: it shows the first that did not. */
export function judgeAll(rule: Rule, exchanges: readonly Exchange[], ok: (exchange: Exchange) => boolean): ConformanceCheck {
  const failed = exchanges.find((exchange) => !ok(exchange));
  if (failed) return judge(rule, failed, false);
  return { ...rule, ok: true, sent: exchanges.map((exchange) => exchange.sent).join('; '), got: exchanges.map(describeAnswer).join('; ') };
}

/** A 2xx, which is all the driver asks of a success (docs/protocols.md, status codes). */
export function isSuccess(exchange: Exchange): boolean {
  return exchange.status !== undefined && exchange.status >= 200 && exchange.status < 300;
}

/** The body's field `name`, when the body is a JSON object. */
export function field(exchange: Exchange, name: string): unknown {
  const body = exchange.body;
  return typeof body === 'object' && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>)[name] : undefined;
}

/** Whether `value` is an array of strings holding every item of `items` (as a multiset). */
export function holdsAll(value: unknown, items: readonly string[]): boolean {
  if (!Array.isArray(value)) return false;
  const left = [...value];
  for (const item of items) {
    const at = left.indexOf(item);
    if (at < 0) return false;
    left.splice(at, 1);
  }
  return true;
}

/** Every value of a header, as a list (`set-cookie` and the like may come several times). */
export function headerValues(exchange: Exchange, name: string): string[] {
  const value = exchange.headers[name.toLowerCase()];
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

/** The `Set-Cookie` line that sets cookie `name`, if any. */
export function setCookie(exchange: Exchange, name: string): string | undefined {
  return headerValues(exchange, 'set-cookie').find((line) => line.trimStart().startsWith(`${name}=`));
}

/** The value a `Set-Cookie` line sets. */
export function cookieValue(line: string): string {
  const pair = line.split(';')[0] ?? '';
  return pair.slice(pair.indexOf('=') + 1).trim();
}

/**
 * `x-server-id: <id>` on every answer, errors included: the driver attributes each step
 * to the server named there. One check over every exchange of the probe.
 */
export function judgeServerIds(exchanges: readonly Exchange[], serverId: string): ConformanceCheck {
  const rule: Rule = { name: 'every answer carries x-server-id', required: true, expected: `x-server-id: ${serverId} on every answer, errors included` };
  const answered = exchanges.filter((exchange) => exchange.status !== undefined);
  const wrong = answered.filter((exchange) => headerValues(exchange, 'x-server-id')[0] !== serverId);
  if (answered.length === 0) return { ...rule, ok: false, sent: 'every request of the probe', got: 'no answer at all' };
  if (wrong.length === 0) return { ...rule, ok: true, sent: `${answered.length} requests`, got: `x-server-id: ${serverId} on all ${answered.length}` };
  const shown = wrong.slice(0, 3).map((exchange) => {
    const id = headerValues(exchange, 'x-server-id')[0];
    return `${exchange.sent} → ${exchange.status} ${id === undefined ? 'without x-server-id' : `with x-server-id: ${id}`}`;
  });
  const more = wrong.length > shown.length ? ` (and ${wrong.length - shown.length} more)` : '';
  return { ...rule, ok: false, sent: `${answered.length} requests`, got: `${shown.join('; ')}${more}` };
}
