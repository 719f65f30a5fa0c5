import { describe, expect, it } from 'vitest';
import { tokenSigner } from '../../../targets/common/token.js';

const SECRET = 'k'.repeat(32);
const at = (ms: number) => () => ms;

describe('tokenSigner: signed tokens with an audience and an expiry', () => {
  it('verifies its own token and gives back the claims', () => {
    const signer = tokenSigner({ secret: SECRET, audience: 'chat', lifetimeSeconds: 60, now: at(1_000_000) });
    const token = signer.sign('ann', { sid: 'abc' });
    expect(token.split('.')).toHaveLength(3);
    expect(signer.verify(token)).toEqual({ sid: 'abc', sub: 'ann', aud: 'chat', iat: 1000, exp: 1060 });
  });

  it('refuses a token signed with another key', () => {
    const theirs = tokenSigner({ secret: 'x'.repeat(32), audience: 'chat', lifetimeSeconds: 60 }).sign('ann');
    expect(tokenSigner({ secret: SECRET, audience: 'chat', lifetimeSeconds: 60 }).verify(theirs)).toBeUndefined();
  });

  it('takes a token until its exp second and refuses it from then on', () => {
    const token = tokenSigner({ secret: SECRET, audience: 'chat', lifetimeSeconds: 60, now: at(1_000_000) }).sign('ann');
    const checkAt = (ms: number) => tokenSigner({ secret: SECRET, audience: 'chat', lifetimeSeconds: 60, now: at(ms) }).verify(token);
    expect(checkAt(1_059_999)?.sub).toBe('ann');
    expect(checkAt(1_060_000)).toBeUndefined();
  });

  it("refuses another scenario's token signed with the same key", () => {
    const pizza = tokenSigner({ secret: SECRET, audience: 'pizza', lifetimeSeconds: 60 }).sign('ann');
    expect(tokenSigner({ secret: SECRET, audience: 'chat', lifetimeSeconds: 60 }).verify(pizza)).toBeUndefined();
  });

  it('refuses alg none, a changed payload, extra parts and garbage', () => {
    const signer = tokenSigner({ secret: SECRET, audience: 'chat', lifetimeSeconds: 60 });
    const [, payload, signature] = signer.sign('ann').split('.') as [string, string, string];
    const none = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
    const mallory = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(payload, 'base64url').toString()), sub: 'mallory' })).toString('base64url');
    const header = signer.sign('ann').split('.')[0];
    for (const token of [`${none}.${payload}.`, `${none}.${payload}.${signature}`, `${header}.${mallory}.${signature}`, `${header}.${payload}.${signature}.x`, 'garbage', '']) {
      expect(signer.verify(token), token).toBeUndefined();
    }
  });
});
