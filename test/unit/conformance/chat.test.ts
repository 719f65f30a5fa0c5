import { describe, expect, it } from 'vitest';
import { judgeCount, judgeFrame, judgeHistory, judgeLogin } from '../../../src/conformance/chat.js';
import { answer } from './answers.js';

describe('chat conformance judges', () => {
  it('login must give a token', () => {
    expect(judgeLogin(answer(200, { user: 'a', token: 't' }), 'a', 'first')[0]!.ok).toBe(true);
    expect(judgeLogin(answer(200, { user: 'a' }), 'a', 'first')[0]).toMatchObject({ name: 'chat: login of the first user answers 200 {token}', ok: false, required: true });
  });

  it('history must list exactly the messages after the mark, oldest first, each with from and an integer seq', () => {
    const m = (id: string, seq: unknown) => ({ id, from: 'a', to: 'b', text: 'hi', ts: 1, seq });
    expect(judgeHistory('h', answer(200, { messages: [m('1', 1), m('2', 2)] }), 'a', ['1', '2']).ok).toBe(true);
    expect(judgeHistory('h', answer(200, { messages: [m('2', 2), m('1', 1)] }), 'a', ['1', '2']).ok).toBe(false);
    // `after` ignored: the whole log again, which the client would count as duplicates.
    expect(judgeHistory('h', answer(200, { messages: [m('1', 1), m('2', 2)] }), 'a', ['2']).ok).toBe(false);
    expect(judgeHistory('h', answer(200, { messages: [m('1', '1')] }), 'a', ['1']).ok).toBe(false);
    expect(judgeHistory('h', answer(200, [m('1', 1)]), 'a', ['1']).ok).toBe(false);
  });

  it('a frame that never came fails and says so', () => {
    expect(judgeFrame('f', 'send', 'ack', undefined, () => true)).toMatchObject({ ok: false, got: 'no such frame in time' });
    expect(judgeFrame('f', 'send', 'ack', { type: 'hello', server: 'web-1' }, (f) => f.server === 'server-1')).toMatchObject({ ok: false, got: '{"type":"hello","server":"web-1"}' });
    expect(judgeFrame('f', 'send', 'ack', { type: 'ack', id: 'x' }, () => true).ok).toBe(true);
  });

  it('counts and presence must be the exact value, typed: "1" is not 1, 1 is not true', () => {
    expect(judgeCount('c', answer(200, { count: 1 }), 'count', 1).ok).toBe(true);
    expect(judgeCount('c', answer(200, { count: '1' }), 'count', 1).ok).toBe(false);
    expect(judgeCount('o', answer(200, { online: 1 }), 'online', true).ok).toBe(false);
    expect(judgeCount('o', answer(200, { online: false }), 'online', false).ok).toBe(true);
  });
});
