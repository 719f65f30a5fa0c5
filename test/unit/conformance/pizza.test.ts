import { describe, expect, it } from 'vitest';
import { forge, judgeCart, judgeCheckout, judgeLogin, judgeNoSession } from '../../../src/conformance/pizza.js';
import { answer } from './answers.js';

const verdicts = (checks: { name: string; ok: boolean; required: boolean }[]) => Object.fromEntries(checks.map((c) => [c.name, `${c.required ? 'required' : 'advisory'} ${c.ok ? 'ok' : 'failed'}`]));

describe('pizza conformance judges', () => {
  it('a login as documented passes every check', () => {
    const login = answer(200, { user: 'ann', cart: [] }, { 'set-cookie': 'sid=abc123; HttpOnly; SameSite=Lax; Path=/', 'x-server-id': 'server-1' });
    expect(judgeLogin(login, 'ann').every((check) => check.ok)).toBe(true);
  });

  it('a login without a sid cookie fails; one without HttpOnly only warns', () => {
    const other = answer(200, { user: 'ann', cart: [] }, { 'set-cookie': ['theme=dark', 'connect.sid=s%3Axyz; Path=/'] });
    expect(verdicts(judgeLogin(other, 'ann'))).toEqual({
      'pizza: login answers 200': 'required ok',
      'pizza: login sets the session cookie sid': 'required failed',
      'pizza: session cookie is HttpOnly; SameSite=Lax; Path=/': 'advisory failed',
      'pizza: login answers {user, cart: []}': 'advisory ok',
    });
    const bare = answer(201, { ok: true }, { 'set-cookie': 'sid=abc; Path=/' });
    expect(verdicts(judgeLogin(bare, 'ann'))).toEqual({
      'pizza: login answers 200': 'required ok',
      'pizza: login sets the session cookie sid': 'required ok',
      'pizza: session cookie is HttpOnly; SameSite=Lax; Path=/': 'advisory failed',
      'pizza: login answers {user, cart: []}': 'advisory failed',
    });
  });

  it('a cart must hold every item added; extra items are not its business', () => {
    expect(judgeCart('view', answer(200, { user: 'ann', cart: ['margherita', 'diavola', 'funghi'] }), ['margherita', 'diavola']).ok).toBe(true);
    const lost = judgeCart('view', answer(200, { cart: ['diavola'] }), ['margherita', 'diavola']);
    expect(lost).toMatchObject({ ok: false, required: true, got: '200 {"cart":["diavola"]}' });
    expect(judgeCart('view', answer(302, { cart: ['margherita'] }), ['margherita']).ok).toBe(false);
  });

  it('checkout: the items are required, the total (in cents from the menu) advised', () => {
    const right = judgeCheckout(answer(200, { order: { id: 'o1', items: ['margherita', 'diavola'], total: 2050 } }), ['margherita', 'diavola']);
    expect(right.every((check) => check.ok)).toBe(true);
    const dollars = judgeCheckout(answer(200, { order: { id: 7, items: ['margherita', 'diavola'], total: 20.5 } }), ['margherita', 'diavola']);
    expect(dollars.map((check) => [check.required, check.ok])).toEqual([[true, true], [false, false]]);
    const empty = judgeCheckout(answer(200, { order: { id: 'o1', items: [], total: 0 } }), ['margherita']);
    expect(empty[0]).toMatchObject({ required: true, ok: false });
  });

  it('without a valid session every answer must be 401: a fresh session with 200 fails', () => {
    expect(judgeNoSession('GET /cart', [answer(401, {}), answer(401, {}), answer(401, {})]).ok).toBe(true);
    const check = judgeNoSession('GET /cart', [answer(401, {}), answer(200, { user: 'anonymous', cart: [] }, {}, 'GET /cart with made-up cookie')]);
    expect(check).toEqual({
      name: 'pizza: GET /cart without a valid session answers 401',
      required: true,
      ok: false,
      sent: 'GET /cart with made-up cookie',
      expected: '401 {"error":"unknown session"}',
      got: '200 {"user":"anonymous","cart":[]}',
    });
  });

  it('forges a session id by changing one letter or digit in its middle, keeping its form', () => {
    expect(forge('0123456789abcdef')).toBe('0123456799abcdef');
    // A separator is kept: the next letter changes (z wraps to a).
    expect(forge('aaaa.zzzz')).toBe('aaaa.azzz');
    expect(forge('eyJh.eyJz.SIG9')).toBe('eyJh.eyKz.SIG9');
    expect(forge('---')).toBe('---x');
  });
});
