/**
 * Who a chat request is: the user its signed login token names (docs/protocols.md,
 * "chat"), taken from `Authorization: Bearer <token>`, else the `sid` cookie, else (for
 * the WebSocket upgrade, which a browser cannot give headers) `?token=`. A request
 * without a valid token is nobody, whatever user name it carries.
 */
import type { IncomingMessage } from 'node:http';
import { parseCookies } from '../common/http.js';
import type { TokenSigner } from '../common/token.js';
import { USER_NAME } from '../common/user.js';

/** The `error` of every 401: missing, malformed, forged or expired are told apart to nobody. */
export const UNKNOWN_SESSION = 'unknown session';

const BEARER = /^Bearer +(\S+) *$/i;

/** The user a request's token names, or undefined when it carries no valid one. */
export function authenticate(req: IncomingMessage, tokens: TokenSigner, queryToken?: string): string | undefined {
  const header = req.headers.authorization;
  const token = header !== undefined ? BEARER.exec(header)?.[1] : (parseCookies(req.headers.cookie).get('sid') ?? queryToken);
  if (token === undefined) return undefined;
  const user = tokens.verify(token)?.sub;
  return user !== undefined && USER_NAME.test(user) ? user : undefined;
}
