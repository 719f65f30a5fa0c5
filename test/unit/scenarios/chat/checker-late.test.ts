/**
 * Late is not lost: under overload a message or typing indicator may arrive long after
 * it was sent. Before the end of the run it is late (a latency, and a count), never a
 * consistency error; one that never arrives is still lost.
 */
import { describe, expect, it } from 'vitest';
import { checkChat, timeliness } from '../../../../src/scenarios/chat/checker.js';
import type { TypingSent } from '../../../../src/scenarios/chat/history.js';
import { caughtUp, chat, found, live, sent, span } from './checker-history.js';

const connected = [span('alice', 0), span('bob', 0)];

describe('chat: a late message', () => {
  const m1 = sent('m1', 'alice', 'bob', 1000);
  const m2 = sent('m2', 'alice', 'bob', 1500);

  it('is no error, and shows as a delivery latency and a late count', () => {
    const history = chat({ sent: [m1, m2], received: [live(m1, 1050), live(m2, 8500)], connections: connected });
    expect(checkChat(history).errors).toBe(0);
    expect(timeliness(history)).toEqual({ delivery: [50, 7000], typing: [], late: { windowMs: 2000, messages: 1, typing: 0 } });
    expect(timeliness(history, { typingWindowMs: 10_000 }).late.messages).toBe(0);
  });

  it('is lost when it never arrives, and then is neither late nor a latency', () => {
    const history = chat({ sent: [m1, m2], received: [live(m1, 1050)], connections: connected });
    expect(found(checkChat(history))).toEqual({ lost: 1 });
    expect(timeliness(history)).toEqual({ delivery: [50], typing: [], late: { windowMs: 2000, messages: 0, typing: 0 } });
  });

  it('is not late when it was caught up from history after a reconnect: that measures the absence', () => {
    const away = [span('alice', 0), span('bob', 0, 1200), span('bob', 6000)];
    const history = chat({ sent: [m2], received: [caughtUp(m2, 6100)], connections: away });
    expect(checkChat(history).errors).toBe(0);
    expect(timeliness(history).late.messages).toBe(0);
  });
});

describe('chat: a late typing indicator', () => {
  const typing = (sentMs: number): TypingSent => ({ from: 'alice', to: 'bob', sentMs, recipientConnected: true });
  const received = (receivedMs: number) => ({ from: 'alice', to: 'bob', receivedMs });

  it('is no error, and shows as a typing latency and a late count', () => {
    const history = chat({ typingSent: [typing(1000), typing(2000)], typingReceived: [received(1040), received(7000)], connections: connected });
    expect(checkChat(history).errors).toBe(0);
    expect(timeliness(history)).toEqual({ delivery: [], typing: [40, 5000], late: { windowMs: 2000, messages: 0, typing: 1 } });
  });

  it('is lost when it never arrives while both stay connected to the end', () => {
    const history = chat({ typingSent: [typing(1000), typing(2000)], typingReceived: [received(1040)], connections: connected });
    expect(found(checkChat(history))).toEqual({ 'typing-lost': 1 });
    expect(timeliness(history)).toEqual({ delivery: [], typing: [40], late: { windowMs: 2000, messages: 0, typing: 0 } });
  });
});
