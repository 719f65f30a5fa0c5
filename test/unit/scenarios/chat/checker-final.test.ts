import { describe, expect, it } from 'vitest';
import { checkChat } from '../../../../src/scenarios/chat/checker.js';
import type { TypingSent } from '../../../../src/scenarios/chat/history.js';
import { chat, found, live, sent, span } from './checker-history.js';

describe('chat checker: unread-mismatch', () => {
  const m1 = sent('m1', 'alice', 'bob', 100);
  const m2 = sent('m2', 'alice', 'bob', 200);
  const m3 = sent('m3', 'alice', 'bob', 300);
  const delivered = { sent: [m1, m2, m3], received: [live(m1, 110), live(m2, 210), live(m3, 310)] };
  const unreadOf = (count: number | undefined, reads = [{ user: 'bob', upTo: 'm2', sentMs: 250 }], extra = {}) =>
    checkChat(chat({ ...delivered, reads, ...extra, final: { unread: { bob: count } } }));

  it('passes the count a read mark leaves, and flags another', () => {
    expect(unreadOf(1).errors).toBe(0);
    const wrong = unreadOf(3);
    expect(found(wrong)).toEqual({ 'unread-mismatch': 1 });
    expect(wrong.examples).toEqual([
      { kind: 'unread-mismatch', account: 'bob', server: 'balancer', expected: '1 unread', observed: '3 unread', atMs: 10_000 },
    ]);
  });

  it('uses the last read mark, and lets a mark on a message never received cover nothing', () => {
    const marks = [
      { user: 'bob', upTo: 'm3', sentMs: 350 },
      { user: 'bob', upTo: 'm1', sentMs: 150 },
    ];
    expect(unreadOf(0, marks).errors).toBe(0);
    expect(unreadOf(3, [{ user: 'bob', upTo: 'nope', sentMs: 400 }]).errors).toBe(0);
    expect(unreadOf(3, []).errors).toBe(0);
    expect(found(unreadOf(0, []))).toEqual({ 'unread-mismatch': 1 });
  });

  it('covers what was received before the mark in receipt order, not send order', () => {
    const c1 = sent('c1', 'carol', 'bob', 50);
    // bob got m1 before carol's earlier c1, and read up to m1: c1 is still unread.
    const extra = { sent: [c1, m1], received: [live(m1, 110), live(c1, 120)] };
    expect(unreadOf(1, [{ user: 'bob', upTo: 'm1', sentMs: 115 }], extra).errors).toBe(0);
    expect(found(unreadOf(0, [{ user: 'bob', upTo: 'm1', sentMs: 115 }], extra))).toEqual({ 'unread-mismatch': 1 });
  });

  it('covers everything received before the mark was sent, even after upTo in receipt order', () => {
    const c1 = sent('c1', 'carol', 'bob', 50);
    // The server logged c1 before m1, but its frame came after m1's; the client marks
    // read up to the newest in log order only once it holds both, so both are read.
    const extra = { sent: [c1, m1], received: [live(m1, 110), live(c1, 120)] };
    expect(unreadOf(0, [{ user: 'bob', upTo: 'm1', sentMs: 130 }], extra).errors).toBe(0);
    expect(found(unreadOf(1, [{ user: 'bob', upTo: 'm1', sentMs: 130 }], extra))).toEqual({ 'unread-mismatch': 1 });
  });

  it('lets an unacknowledged message that was not read count or not', () => {
    const extra = { sent: [...delivered.sent, sent('u1', 'alice', 'bob', 400, false)] };
    expect(unreadOf(1, undefined, extra).errors).toBe(0);
    expect(unreadOf(2, undefined, extra).errors).toBe(0);
    expect(unreadOf(3, undefined, extra).examples[0]).toMatchObject({ expected: '1 to 2 unread', observed: '3 unread' });
  });

  it('checks no count the servers did not give', () => {
    expect(unreadOf(undefined).errors).toBe(0);
  });
});

describe('chat checker: stale-presence', () => {
  const presence = (online: boolean | undefined, connected: boolean, closeMs: number | undefined, options = {}) =>
    checkChat(chat({ connections: [span('bob', 0, closeMs)], final: { online: { bob: online }, connected: { bob: connected } } }), options);

  it('flags a user shown online long after it disconnected, and passes the right answer', () => {
    const stale = presence(true, false, 2000);
    expect(found(stale)).toEqual({ 'stale-presence': 1 });
    expect(stale.examples).toEqual([
      { kind: 'stale-presence', account: 'bob', server: 'balancer', expected: 'offline', observed: 'online', atMs: 10_000 },
    ]);
    expect(presence(false, false, 2000).errors).toBe(0);
    expect(presence(true, true, undefined).errors).toBe(0);
  });

  it('flags a connected user shown offline', () => {
    expect(presence(false, true, undefined).examples[0]).toMatchObject({ expected: 'online', observed: 'offline' });
  });

  it('tolerates either answer for a user that disconnected or connected within the grace period', () => {
    expect(presence(true, false, 8000).errors).toBe(0);
    expect(found(presence(true, false, 8000, { presenceGraceMs: 1000 }))).toEqual({ 'stale-presence': 1 });
    const reconnected = chat({
      connections: [span('bob', 0, 1000), span('bob', 9000)],
      final: { online: { bob: false }, connected: { bob: true } },
    });
    expect(checkChat(reconnected).errors).toBe(0);
  });

  it('checks no presence the servers did not give', () => {
    expect(presence(undefined, false, 2000).errors).toBe(0);
  });
});

describe('chat checker: typing-lost', () => {
  const typing = (sentMs: number, recipientConnected = true): TypingSent => ({ from: 'alice', to: 'bob', sentMs, recipientConnected });
  const received = (receivedMs: number) => ({ from: 'alice', to: 'bob', receivedMs });
  const check = (typingSent: TypingSent[], receivedMs: number[], bob = [span('bob', 0)], options = {}, alice = [span('alice', 0)]) =>
    checkChat(chat({ typingSent, typingReceived: receivedMs.map(received), connections: [...alice, ...bob] }), options);

  it('flags an indicator a connected recipient never got, and passes one it got, in its window or later', () => {
    const lost = check([typing(1000)], []);
    expect(found(lost)).toEqual({ 'typing-lost': 1 });
    expect(lost.examples).toEqual([
      {
        kind: 'typing-lost',
        account: 'bob',
        server: 'server-1',
        expected: 'typing from alice by the end of the run',
        observed: 'none',
        atMs: 1000,
      },
    ]);
    expect(check([typing(1000)], [1500]).errors).toBe(0);
    // Late is not lost: after its window, before the end.
    expect(check([typing(1000)], [3500]).errors).toBe(0);
    expect(check([typing(1000)], [9000], [span('bob', 0)], { typingWindowMs: 400 }).errors).toBe(0);
  });

  it('tolerates a recipient that disconnected before the end, or was away when it was sent', () => {
    expect(check([typing(1000)], [], [span('bob', 0, 2000), span('bob', 2500)]).errors).toBe(0);
    // Gone after the window: the indicator may have been late, and went with the connection.
    expect(check([typing(1000)], [], [span('bob', 0, 6000), span('bob', 6500)]).errors).toBe(0);
    expect(check([typing(1000, false)], []).errors).toBe(0);
  });

  it('tolerates a sender whose connection dropped before the end, and flags one that stayed', () => {
    expect(check([typing(1000)], [], [span('bob', 0)], {}, [span('alice', 0, 1500), span('alice', 1800)]).errors).toBe(0);
    expect(check([typing(1000)], [], [span('bob', 0)], {}, [span('alice', 0, 3500)]).errors).toBe(0);
    expect(found(check([typing(1000)], [], [span('bob', 0)], {}, [span('alice', 0)]))).toEqual({ 'typing-lost': 1 });
  });

  it('does not judge an indicator whose window the final read cuts short, and judges one it does not', () => {
    const at = (finalMs: number) =>
      checkChat(chat({ typingSent: [typing(1000)], connections: [span('alice', 0), span('bob', 0)], final: { atMs: finalMs } }));
    expect(at(2500).errors).toBe(0);
    expect(found(at(3000))).toEqual({ 'typing-lost': 1 });
  });

  it('lets each received indicator answer for one sent indicator only', () => {
    expect(found(check([typing(1000), typing(1200)], [1300]))).toEqual({ 'typing-lost': 1 });
    expect(check([typing(1000), typing(1200)], [1300, 1400]).errors).toBe(0);
    // One that came before an indicator was sent answers for an earlier one, not for it.
    expect(found(check([typing(1000), typing(5000)], [1100, 1200]))).toEqual({ 'typing-lost': 1 });
    // An indicator from carol does not answer for alice's.
    const carol = { from: 'carol', to: 'bob', receivedMs: 1100 };
    const fromCarol = chat({ typingSent: [typing(1000)], typingReceived: [carol], connections: [span('alice', 0), span('bob', 0)] });
    expect(found(checkChat(fromCarol))).toEqual({ 'typing-lost': 1 });
  });
});
