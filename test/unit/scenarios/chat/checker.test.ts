import { describe, expect, it } from 'vitest';
import { checkChat, deliveryLatencies } from '../../../../src/scenarios/chat/checker.js';
import { CHAT_KINDS } from '../../../../src/scenarios/chat/history.js';
import { caughtUp, chat, found, live, sent, span } from './checker-history.js';

// bob is on server-1 until 3 s, away for a second, then back on server-2.
const bobAway = [span('alice', 0), span('bob', 0, 3000), span('bob', 4000, undefined, 'server-2')];

describe('chat checker: a clean run', () => {
  it('passes live delivery, a reconnect with history catch-up, reads, presence and typing, with every kind at 0', () => {
    const m1 = sent('m1', 'alice', 'bob', 100);
    const m2 = sent('m2', 'alice', 'bob', 1000);
    const m3 = sent('m3', 'alice', 'bob', 3500);
    const m4 = sent('m4', 'alice', 'bob', 5000);
    const r1 = sent('r1', 'bob', 'alice', 1200);
    const history = chat({
      sent: [m1, m2, r1, m3, m4],
      received: [live(m1, 110), live(m2, 1020), live(r1, 1230), caughtUp(m3, 4050), live(m4, 5040)],
      typingSent: [{ from: 'alice', to: 'bob', sentMs: 500, recipientConnected: true }],
      typingReceived: [{ from: 'alice', to: 'bob', receivedMs: 520 }],
      reads: [{ user: 'bob', upTo: 'm4', sentMs: 5100 }],
      connections: bobAway,
      final: { unread: { alice: 1, bob: 0 }, online: { alice: true, bob: true }, connected: { alice: true, bob: true } },
    });
    expect(checkChat(history)).toEqual({ errors: 0, byKind: Object.fromEntries(CHAT_KINDS.map((kind) => [kind, 0])), examples: [], times: [] });
    // m3 came from history: it measures bob's absence, not delivery.
    expect(deliveryLatencies(history)).toEqual([10, 20, 30, 40]);
  });
});

describe('chat checker: lost', () => {
  const m1 = sent('m1', 'alice', 'bob', 3500);

  it('flags an acknowledged message never received, and passes one caught up from history after a reconnect', () => {
    const lost = checkChat(chat({ sent: [m1], connections: bobAway }));
    expect(found(lost)).toEqual({ lost: 1 });
    expect(lost.examples).toEqual([
      { kind: 'lost', account: 'bob', server: 'server-2', expected: 'm1 from alice', observed: 'never received', atMs: 3500 },
    ]);
    expect(checkChat(chat({ sent: [m1], received: [caughtUp(m1, 4100)], connections: bobAway })).errors).toBe(0);
  });

  it('never flags an unacknowledged message, received or not', () => {
    const unacked = sent('m1', 'alice', 'bob', 100, false);
    expect(checkChat(chat({ sent: [unacked], connections: bobAway })).errors).toBe(0);
    expect(checkChat(chat({ sent: [unacked], received: [live(unacked, 120)] })).errors).toBe(0);
  });

  it('counts every lost message and keeps the first three examples in time order', () => {
    const messages = [500, 400, 300, 200, 100].map((ms) => sent(`m${ms}`, 'alice', 'bob', ms));
    const report = checkChat(chat({ sent: messages, connections: [span('bob', 0)] }));
    expect(report.errors).toBe(5);
    expect(report.examples.map((e) => [e.expected, e.server])).toEqual([
      ['m100 from alice', 'server-1'],
      ['m200 from alice', 'server-1'],
      ['m300 from alice', 'server-1'],
    ]);
  });

  it('does not judge a message whose recipient never connected again, and judges one whose recipient came back', () => {
    // bob never managed to connect (an overloaded machine): nothing could have brought it.
    expect(checkChat(chat({ sent: [m1] })).errors).toBe(0);
    // bob was there when it was sent, dropped, and never came back: it may have been in flight.
    expect(checkChat(chat({ sent: [m1], connections: [span('bob', 0, 3600)] })).errors).toBe(0);
    expect(found(checkChat(chat({ sent: [m1], connections: [span('bob', 0, 3600), span('bob', 9000)] })))).toEqual({ lost: 1 });
  });

  it('does not judge a message whose recipient came back but never read its history after it', () => {
    // bob reconnected at 4 s, but every history read on that connection timed out until
    // the end (an overloaded machine): the message may be stored and never asked for.
    expect(checkChat(chat({ sent: [m1], connections: [span('bob', 0, 3000), span('bob', 4000, undefined, 'server-2', null)] })).errors).toBe(0);
    // A read sent before the message was acknowledged need not hold it; one sent after must.
    expect(checkChat(chat({ sent: [m1], connections: [span('bob', 0, 3000), span('bob', 3000, 3400, 'server-2', 3000)] })).errors).toBe(0);
    expect(found(checkChat(chat({ sent: [m1], connections: [span('bob', 0, 3000), span('bob', 3000, 3400, 'server-2', 3000), span('bob', 5000, 5100, 'server-3')] })))).toEqual({ lost: 1 });
  });
});

describe('chat checker: duplicated', () => {
  const m1 = sent('m1', 'alice', 'bob', 2000);

  it('flags a message received live and again from history, and passes a single receipt', () => {
    const twice = checkChat(chat({ sent: [m1], received: [live(m1, 2010), caughtUp(m1, 4100)], connections: bobAway }));
    expect(found(twice)).toEqual({ duplicated: 1 });
    expect(twice.examples).toEqual([
      {
        kind: 'duplicated',
        account: 'bob',
        server: 'server-2',
        expected: 'm1 from alice once',
        observed: 'copy 2 of 2 (live, history)',
        atMs: 4100,
      },
    ]);
    expect(checkChat(chat({ sent: [m1], received: [live(m1, 2010)], connections: bobAway })).errors).toBe(0);
  });

  it('counts one error per extra copy, live or from history, acknowledged or not', () => {
    const unacked = sent('u1', 'alice', 'bob', 2100, false);
    const received = [live(m1, 2010), live(m1, 2020), caughtUp(m1, 4100), caughtUp(unacked, 4100), caughtUp(unacked, 4200)];
    expect(found(checkChat(chat({ sent: [m1, unacked], received })))).toEqual({ duplicated: 3 });
  });
});

describe('chat checker: out-of-order', () => {
  const m1 = sent('m1', 'alice', 'bob', 100);
  const m2 = sent('m2', 'alice', 'bob', 200);
  const m3 = sent('m3', 'alice', 'bob', 4500);

  it('flags a message that overtook one sent before it, and passes them in order', () => {
    const swapped = checkChat(chat({ sent: [m1, m2], received: [live(m2, 210), live(m1, 300)] }));
    expect(found(swapped)).toEqual({ 'out-of-order': 1 });
    expect(swapped.examples[0]).toMatchObject({ account: 'bob', expected: 'm2 from alice after m1', observed: 'm2 (live) before m1 (live)', atMs: 210 });
    expect(checkChat(chat({ sent: [m1, m2], received: [live(m1, 210), live(m2, 210)] })).errors).toBe(0);
  });

  it('passes a history catch-up in order, and flags a live message that overtook it once per message', () => {
    const a = sent('m1', 'alice', 'bob', 3100);
    const b = sent('m2', 'alice', 'bob', 3200);
    const sentAway = [a, b, m3];
    const inOrder = [caughtUp(a, 4100), caughtUp(b, 4100), live(m3, 4510)];
    expect(checkChat(chat({ sent: sentAway, received: inOrder, connections: bobAway })).errors).toBe(0);
    // m3 arrived live before the catch-up returned m1 and m2: one late message, one error.
    const overtaken = [live(m3, 4510), caughtUp(a, 4600), caughtUp(b, 4600)];
    const report = checkChat(chat({ sent: sentAway, received: overtaken, connections: bobAway }));
    expect(found(report)).toEqual({ 'out-of-order': 1 });
    expect(report.examples[0]).toMatchObject({ server: 'server-2', observed: 'm3 (live) before m1 (history)' });
  });

  it('compares only messages of one sender to one recipient, and only acknowledged ones', () => {
    const c1 = sent('c1', 'carol', 'bob', 50);
    const users = ['alice', 'bob', 'carol'];
    expect(checkChat(chat({ users, sent: [c1, m1], received: [live(m1, 110), live(c1, 120)] })).errors).toBe(0);
    const unacked = sent('m0', 'alice', 'bob', 50, false);
    expect(checkChat(chat({ sent: [unacked, m1], received: [live(m1, 110), live(unacked, 120)] })).errors).toBe(0);
  });

  it('judges order by first receipt, so a duplicate is not also out of order', () => {
    const received = [live(m1, 110), live(m2, 210), caughtUp(m1, 4100)];
    expect(found(checkChat(chat({ sent: [m1, m2], received })))).toEqual({ duplicated: 1 });
  });
});
