import { describe, expect, it } from 'vitest';
import { describeAnswer, holdsAll, judgeAll, judgeServerIds } from '../../../src/conformance/judge.js';
import { judgeHealth } from '../../../src/conformance/common.js';
import { answer } from './answers.js';

describe('judging answers', () => {
  it('describes an answer by status and body, or says why none came', () => {
    expect(describeAnswer(answer(401, { error: 'unknown session' }))).toBe('401 {"error":"unknown session"}');
    expect(describeAnswer(answer(204))).toBe('204');
    expect(describeAnswer(answer(undefined))).toBe('no answer (ECONNREFUSED: connect ECONNREFUSED 127.0.0.1:1)');
    expect(describeAnswer(answer(200, { text: 'x'.repeat(500) })).length).toBeLessThan(200);
  });

  it('holds every item as a multiset: a cart missing a second margherita does not', () => {
    expect(holdsAll(['diavola', 'margherita', 'margherita'], ['margherita', 'margherita'])).toBe(true);
    expect(holdsAll(['margherita', 'diavola'], ['margherita', 'margherita'])).toBe(false);
    expect(holdsAll({ items: ['margherita'] }, ['margherita'])).toBe(false);
  });

  it('a check over several answers shows the first that failed', () => {
    const rule = { name: 'r', required: true, expected: '401' };
    const failed = judgeAll(rule, [answer(401, {}, {}, 'GET /a'), answer(200, { cart: [] }, {}, 'GET /b'), answer(500, {}, {}, 'GET /c')], (a) => a.status === 401);
    expect(failed).toEqual({ ...rule, ok: false, sent: 'GET /b', got: '200 {"cart":[]}' });
    expect(judgeAll(rule, [answer(401, {}, {}, 'GET /a')], (a) => a.status === 401).ok).toBe(true);
  });

  it('x-server-id: passes when every answer names the server, fails naming the answers that do not', () => {
    const named = answer(200, {}, { 'x-server-id': 'server-1' }, 'POST /login');
    expect(judgeServerIds([named, named], 'server-1')).toMatchObject({ ok: true, required: true });
    const check = judgeServerIds([named, answer(401, {}, {}, 'GET /cart'), answer(404, {}, { 'x-server-id': 'web-7' }, 'GET /nope')], 'server-1');
    expect(check).toMatchObject({ name: 'every answer carries x-server-id', ok: false, required: true });
    expect(check.got).toBe('GET /cart → 401 without x-server-id; GET /nope → 404 with x-server-id: web-7');
  });

  it('x-server-id: an answer that never came is not held against it, but no answer at all fails', () => {
    expect(judgeServerIds([answer(200), answer(undefined)], 'server-1').ok).toBe(true);
    expect(judgeServerIds([answer(undefined)], 'server-1')).toMatchObject({ ok: false, got: 'no answer at all' });
  });

  it('health: a 200 is required, the body only advised', () => {
    const [status, body] = judgeHealth(answer(200, { status: 'up' }), 'pizza', 'server-1');
    expect(status).toMatchObject({ ok: true, required: true });
    expect(body).toMatchObject({ ok: false, required: false });
    const [down] = judgeHealth(answer(503, {}), 'pizza', 'server-1');
    expect(down).toMatchObject({ ok: false, required: true, got: '503 {}' });
    expect(judgeHealth(answer(200, { id: 'server-1', scenario: 'pizza', arch: 'x' }), 'pizza', 'server-1').every((c) => c.ok)).toBe(true);
  });
});
