/**
 * The stateless `sid` cookie: a signed token (targets/common/token.ts) naming a session
 * in a shared store, with `aud: "pizza"` and an expiry. The session's idle TTL lives in
 * the store; the token's expiry is the session's absolute lifetime.
 */
import { tokenSigner } from '../../common/token.js';

export interface SessionTokens {
  /** A token naming session `sid` of `user`. */
  sign(sid: string, user: string): string;
  /** The session id a token names; undefined when it is malformed, forged or expired. */
  verify(token: string): string | undefined;
}

export interface SessionTokenOptions {
  /** The HMAC key; every server of a fleet must share it. */
  readonly secret: string;
  /** How long a token is valid after login, in seconds. */
  readonly lifetimeSeconds: number;
  /** The clock, in epoch milliseconds. @default Date.now */
  readonly now?: () => number;
}

/** Signs and verifies session tokens with `secret`. */
export function sessionTokens(options: SessionTokenOptions): SessionTokens {
  const signer = tokenSigner({ ...options, audience: 'pizza' });
  return {
    sign: (sid, user) => signer.sign(user, { sid }),
    verify(token) {
      const sid = signer.verify(token)?.sid;
      return typeof sid === 'string' && /^[0-9a-f]{32}$/.test(sid) ? sid : undefined;
    },
  };
}
