/**
 * The pizza protocol (docs/protocols.md), written once for every design: log in, add, view,
 * pay. Where the session lives is the store's business, so the stateful and stateless
 * servers differ only in the `PizzaStore` they pass in.
 */
import { randomUUID } from 'node:crypto';
import type { IncomingMessage, Server } from 'node:http';
import { createJsonServer, HttpError, json, parseCookies, readStringField, type Reply } from '../common/http.js';
import { USER_NAME, userNameError } from '../common/user.js';
import { cartTotal, isMenuItem } from './menu.js';
import type { PizzaStore } from './store.js';

/** The reference designs, as `/healthz` names them. */
export type PizzaArch = 'stateful' | 'stateless' | 'stateless-naive';

export interface PizzaAppOptions {
  /** Server id, echoed in `x-server-id` and by `/healthz`. */
  readonly id: string;
  /** Reported by `/healthz`. */
  readonly arch: PizzaArch;
  readonly store: PizzaStore;
  /** Fields `/healthz` adds, e.g. which store a stateless server uses. @default {} */
  readonly health?: Readonly<Record<string, unknown>>;
  /** Maps an unexpected error (the store failing) to a reply. @default 500 "internal error" */
  readonly onError?: (error: unknown) => Reply;
}

/** Most items a cart holds: an add beyond it is a 413, so a cart (and each add's cost) stays bounded. */
export const MAX_CART_ITEMS = 100;

/** The store's answer for a session; a missing one (unknown, forged, expired, lost) is a 401. */
function known<T>(found: T | undefined): T {
  if (found === undefined) throw new HttpError(401, 'unknown session');
  return found;
}

/** An HTTP server (not yet listening) answering the pizza protocol from `store`. */
export function createPizzaApp({ id, arch, store, health = {}, onError }: PizzaAppOptions): Server {
  // Checked before any body is read: a request without a session is a 401, whatever it carries.
  const sidOf = (req: IncomingMessage): string => {
    const cookie = parseCookies(req.headers.cookie).get('sid');
    return known(cookie === undefined ? undefined : store.identify(cookie));
  };

  async function login(req: IncomingMessage): Promise<Reply> {
    const user = await readStringField(req, 'user');
    if (!USER_NAME.test(user)) throw new HttpError(400, userNameError(user));
    const token = await store.createSession(user);
    return json(200, { user, cart: [] }, { 'set-cookie': `sid=${token}; HttpOnly; SameSite=Lax; Path=/` });
  }

  async function addItem(req: IncomingMessage): Promise<Reply> {
    const sid = sidOf(req);
    const item = await readStringField(req, 'item');
    if (!isMenuItem(item)) throw new HttpError(400, `not on the menu: ${item}`);
    const cart = known(await store.addItem(sid, item, MAX_CART_ITEMS));
    if (cart === 'full') throw new HttpError(413, `cart is full: at most ${MAX_CART_ITEMS} items`);
    return json(200, { cart });
  }

  async function view(req: IncomingMessage): Promise<Reply> {
    const { user, cart } = known(await store.load(sidOf(req)));
    return json(200, { user, cart });
  }

  async function checkout(req: IncomingMessage): Promise<Reply> {
    const items = known(await store.checkout(sidOf(req)));
    return json(200, { order: { id: randomUUID(), items, total: cartTotal(items) } });
  }

  return createJsonServer({
    id,
    routes: [
      { method: 'GET', path: '/healthz', handler: () => json(200, { id, arch, scenario: 'pizza', ...health }) },
      { method: 'POST', path: '/login', handler: login },
      { method: 'POST', path: '/cart/items', handler: addItem },
      { method: 'GET', path: '/cart', handler: view },
      { method: 'POST', path: '/checkout', handler: checkout },
    ],
    onError,
  });
}
