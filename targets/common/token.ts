/**
 * Signed tokens in JWT form (HS256), as the pizza `sid` cookie and the chat login use
 * them (docs/protocols.md, "Tokens"). Only the signature makes a token ours, so a forged
 * one is refused before any store is asked; an expired one, or one made for another
 * scenario (`aud`), is refused the same way.
 */
import { createHmac, timingSafeEqual } from 'node:crypto';

/** The claims every token carries, beside what a scenario adds. */
export interface TokenClaims {
  /** The user the token names. */
  readonly sub: string;
  /** The scenario it was made for: a pizza token is no chat login. */
  readonly aud: string;
  /** Issued at, seconds since the epoch. */
  readonly iat: number;
  /** Expires at, seconds since the epoch; refused from that second on. */
  readonly exp: number;
  readonly [claim: string]: unknown;
}

export interface TokenSigner {
  /** A token naming `sub`, with `extra` claims, valid for the lifetime from now. */
  sign(sub: string, extra?: Readonly<Record<string, string>>): string;
  /** The claims of a token this signer made and that has not expired; undefined otherwise. */
  verify(token: string): TokenClaims | undefined;
}

export interface TokenSignerOptions {
  /** The HMAC key; every server of a fleet must share it. */
  readonly secret: string;
  /** The `aud` claim tokens get and must carry. */
  readonly audience: string;
  /** How long a token is valid after it is issued, in seconds. */
  readonly lifetimeSeconds: number;
  /** The clock, in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');

/** Signs and verifies tokens with `secret` for one scenario. */
export function tokenSigner({ secret, audience, lifetimeSeconds, now = Date.now }: TokenSignerOptions): TokenSigner {
  const mac = (data: string): string => createHmac('sha256', secret).update(data).digest('base64url');
  return {
    sign(sub, extra = {}) {
      const iat = Math.floor(now() / 1000);
      const claims = { ...extra, sub, aud: audience, iat, exp: iat + lifetimeSeconds };
      const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
      return `${HEADER}.${payload}.${mac(`${HEADER}.${payload}`)}`;
    },
    verify(token) {
      const [head, payload, signature, extra] = token.split('.');
      // Our header only: `alg: none` or another algorithm is never tried.
      if (head !== HEADER || payload === undefined || signature === undefined || extra !== undefined) return undefined;
      // Compare encoded strings, not decoded bytes: base64url has spare bits, and a
      // signature re-encoded with them flipped must not verify.
      const given = Buffer.from(signature);
      const expected = Buffer.from(mac(`${head}.${payload}`));
      if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
      let claims: Partial<TokenClaims>;
      try {
        claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Partial<TokenClaims>;
      } catch {
        return undefined;
      }
      if (typeof claims !== 'object' || claims === null) return undefined;
      const { sub, aud, iat, exp } = claims;
      if (typeof sub !== 'string' || aud !== audience || typeof iat !== 'number' || typeof exp !== 'number') return undefined;
      return Math.floor(now() / 1000) < exp ? (claims as TokenClaims) : undefined;
    },
  };
}
