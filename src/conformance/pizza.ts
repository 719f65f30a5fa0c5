/**
 * The pizza protocol (docs/protocols.md §3) as the journey and the session-loss checker
 * rely on it. Required: log in with a `sid` cookie (the hash balancer keys on it too),
 * add / view / checkout answering the cart, and 401 for a session the server never
 * issued. Advisory: the rest of the documented answer (cookie flags, order total, an
 * unknown item refused, the cart emptied). Never judged here: whether a session survives
 * another server or a crash, which is what a run measures.
 */
import { randomBytes } from 'node:crypto';
import { MENU } from '../../targets/pizza/menu.js';
import type { Exchange, ProbeClient } from './client.js';
import { cookieValue, field, holdsAll, isSuccess, judge, judgeAll, setCookie } from './judge.js';
import type { ConformanceCheck } from './types.js';

/** Two items, so a cart holding only the last one added is caught. */
const ITEMS = ['margherita', 'diavola'] as const;
const NOT_ON_MENU = 'pineapple-surprise';

export function judgeLogin(exchange: Exchange, user: string): ConformanceCheck[] {
  const cookie = setCookie(exchange, 'sid');
  const flags = (cookie ?? '').split(';').map((part) => part.trim().toLowerCase());
  const cart = field(exchange, 'cart');
  return [
    judge({ name: 'pizza: login answers 200', required: true, expected: '200' }, exchange, isSuccess(exchange)),
    judge(
      { name: 'pizza: login sets the session cookie sid', required: true, expected: 'Set-Cookie: sid=<value>' },
      exchange,
      cookie !== undefined && cookieValue(cookie) !== '',
      cookie === undefined ? `no sid cookie (set-cookie: ${JSON.stringify(exchange.headers['set-cookie'] ?? null)})` : cookie,
    ),
    judge(
      { name: 'pizza: session cookie is HttpOnly; SameSite=Lax; Path=/', required: false, expected: 'sid=…; HttpOnly; SameSite=Lax; Path=/' },
      exchange,
      flags.includes('httponly') && flags.includes('samesite=lax') && flags.includes('path=/'),
      cookie ?? 'no sid cookie',
    ),
    judge(
      { name: 'pizza: login answers {user, cart: []}', required: false, expected: `{"user":"${user}","cart":[]}` },
      exchange,
      field(exchange, 'user') === user && Array.isArray(cart) && cart.length === 0,
    ),
  ];
}

/** An answer showing a cart (add, view) or an order: the checker compares it with the items acknowledged. */
export function judgeCart(step: string, exchange: Exchange, items: readonly string[]): ConformanceCheck {
  return judge(
    { name: `pizza: ${step} answers 200 {cart} holding every item added`, required: true, expected: `200 {"cart":${JSON.stringify(items)}}` },
    exchange,
    isSuccess(exchange) && holdsAll(field(exchange, 'cart'), items),
  );
}

export function judgeCheckout(exchange: Exchange, items: readonly string[]): ConformanceCheck[] {
  const order = field(exchange, 'order');
  const of = (name: string) => (typeof order === 'object' && order !== null ? (order as Record<string, unknown>)[name] : undefined);
  const total = items.reduce((sum, item) => sum + (MENU[item as keyof typeof MENU] ?? 0), 0);
  const id = of('id');
  return [
    judge(
      { name: 'pizza: checkout answers 200 {order: {items}} holding every item added', required: true, expected: `200 {"order":{"items":${JSON.stringify(items)}, …}}` },
      exchange,
      isSuccess(exchange) && holdsAll(of('items'), items),
    ),
    judge(
      { name: 'pizza: order has an id and its total in cents from the menu', required: false, expected: `{"order":{"id":…,"total":${total}, …}}` },
      exchange,
      (typeof id === 'string' || typeof id === 'number') && of('total') === total,
    ),
  ];
}

/** No session, a made-up one and a forged one: each must be a 401, never a new session. */
export function judgeNoSession(route: string, exchanges: readonly Exchange[]): ConformanceCheck {
  return judgeAll(
    { name: `pizza: ${route} without a valid session answers 401`, required: true, expected: '401 {"error":"unknown session"}' },
    exchanges,
    (exchange) => exchange.status === 401,
  );
}

/**
 * `value` with one letter or digit in its middle changed to another of the same kind, so
 * a signed token no longer verifies and a random id names nothing. (The last character
 * of base64 may carry unused bits: changing it could leave the token valid.)
 */
export function forge(value: string): string {
  const middle = Math.floor(value.length / 2);
  for (let offset = 0; offset < value.length; offset++) {
    const at = (middle + offset) % value.length;
    const swap = nextOfKind(value[at]!);
    if (swap !== undefined) return value.slice(0, at) + swap + value.slice(at + 1);
  }
  return `${value}x`;
}

/** The next digit or letter of the same case, wrapping (9 → 0, z → a); undefined for anything else. */
function nextOfKind(char: string): string | undefined {
  for (const [first, last] of [['0', '9'], ['a', 'z'], ['A', 'Z']] as const) {
    if (char >= first && char <= last) return char === last ? first : String.fromCharCode(char.charCodeAt(0) + 1);
  }
  return undefined;
}

const ROUTES = [
  { name: 'add', method: 'POST', path: '/cart/items', body: { item: ITEMS[0] } },
  { name: 'view', method: 'GET', path: '/cart' },
  { name: 'checkout', method: 'POST', path: '/checkout' },
] as const;

export async function probePizza(client: ProbeClient): Promise<ConformanceCheck[]> {
  const user = `probe-${randomBytes(4).toString('hex')}`;
  const login = await client.http({ method: 'POST', path: '/login', body: { user } });
  const checks = judgeLogin(login, user);
  const cookie = setCookie(login, 'sid');
  // Without a session nothing else can be tried; the failed login says why.
  if (!isSuccess(login) || cookie === undefined || cookieValue(cookie) === '') return checks;
  const sid = cookieValue(cookie);
  const session = { headers: { cookie: `sid=${sid}` }, with: 'cookie sid' };

  const added: string[] = [];
  for (const [index, item] of ITEMS.entries()) {
    added.push(item);
    checks.push(judgeCart(`add of a ${index === 0 ? 'first' : 'second'} item`, await client.http({ method: 'POST', path: '/cart/items', body: { item }, ...session }), added));
  }
  const unknown = await client.http({ method: 'POST', path: '/cart/items', body: { item: NOT_ON_MENU }, ...session });
  checks.push(
    judge({ name: 'pizza: an item not on the menu answers 400', required: false, expected: `400 {"error":"not on the menu: ${NOT_ON_MENU}"}` }, unknown, unknown.status === 400),
  );
  const view = await client.http({ method: 'GET', path: '/cart', ...session });
  checks.push(judgeCart('view', view, added));
  checks.push(judge({ name: 'pizza: view names the user', required: false, expected: `{"user":"${user}", …}` }, view, field(view, 'user') === user));
  checks.push(...judgeCheckout(await client.http({ method: 'POST', path: '/checkout', ...session }), added));
  const after = await client.http({ method: 'GET', path: '/cart', ...session });
  const cart = field(after, 'cart');
  checks.push(judge({ name: 'pizza: checkout empties the cart', required: false, expected: '200 {"cart":[]}' }, after, isSuccess(after) && Array.isArray(cart) && cart.length === 0));

  const made = randomBytes(16).toString('hex');
  for (const route of ROUTES) {
    const tries: { with: string; headers: Record<string, string> }[] = [
      { with: 'no cookie', headers: {} },
      { with: `made-up cookie sid=${made}`, headers: { cookie: `sid=${made}` } },
      { with: 'the session cookie with one character changed', headers: { cookie: `sid=${forge(sid)}` } },
    ];
    const answers: Exchange[] = [];
    for (const attempt of tries) answers.push(await client.http({ ...route, ...attempt }));
    checks.push(judgeNoSession(`${route.method} ${route.path}`, answers));
  }
  return checks;
}
