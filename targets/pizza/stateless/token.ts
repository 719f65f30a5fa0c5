/**
 * The stateless `sid` cookie: a signed token in JWT form (HS256) naming a session in a
 * shared store. Only the signature makes a token ours, so a forged one is refused
 * before any store is asked.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

export interface SessionTokens {
  /** A token naming session `sid` of `user`. */
  sign(sid: string, user: string): string;
  /** The session id a token names; undefined when it is malformed or forged. */
  verify(token: string): string | undefined;
}

/** Signs and verifies session tokens with `secret`; every server of a fleet must share it. */
export function sessionTokens(secret: string): SessionTokens {
  const header = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
  const mac = (data: string): string => createHmac('sha256', secret).update(data).digest('base64url');
  return {
    sign(sid, user) {
      const payload = Buffer.from(JSON.stringify({ sid, sub: user, iat: Math.floor(Date.now() / 1000) })).toString('base64url');
      return `${header}.${payload}.${mac(`${header}.${payload}`)}`;
    },
    verify(token) {
      const [head, payload, signature, extra] = token.split('.');
      if (head !== header || payload === undefined || signature === undefined || extra !== undefined) return undefined;
      // Compare encoded strings, not decoded bytes: base64url has spare bits, and a
      // signature re-encoded with them flipped must not verify.
      const given = Buffer.from(signature);
      const expected = Buffer.from(mac(`${head}.${payload}`));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      try {
        const { sid } = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { sid?: unknown };
        return typeof sid === 'string' && /^[0-9a-f]{32}$/.test(sid) ? sid : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
