import { describe, expect, it } from 'vitest';
import { checkTabs, findingsOf, type CartView, type TabAdd, type TabBurst } from '../../../../src/scenarios/pizza/checker-tabs.js';

const ack = (tab: number, item: string, atMs: number, server = `server-${tab}`): TabAdd => ({ tab, item, outcome: 'ok', status: 200, server, atMs });
const noAnswer = (tab: number, item: string, atMs: number): TabAdd => ({ tab, item, outcome: 'indeterminate', status: undefined, server: '-', atMs });
const refused = (tab: number, item: string, atMs: number, status: number): TabAdd => ({ tab, item, outcome: 'fail', status, server: 'server-1', atMs });
const view = (cart: string[], atMs = 500, step: CartView['step'] = 'view'): CartView => ({ step, cart, server: 'server-2', atMs });
const burst = (adds: TabAdd[], seen?: CartView, user = 'user-1'): TabBurst => ({ user, journey: 1, adds, ...(seen ? { view: seen } : {}) });

describe('pizza concurrent-writes checker', () => {
  it('passes interleaved acks whose items are all in the next cart view, in any order', () => {
    // Tab 2's answer came first although tab 1 sent first: the order of acks does not matter.
    const report = checkTabs([
      burst([ack(2, 'diavola', 110), ack(1, 'margherita', 140), ack(1, 'funghi', 230), ack(3, 'margherita', 180)], view(['funghi', 'margherita', 'diavola', 'margherita'])),
    ]);
    expect(report).toEqual({ errors: 0, byKind: { 'lost-item': 0, 'phantom-item': 0 }, examples: [], times: [] });
  });

  it('flags each acknowledged add the next view lacks as a lost item, dated at the view', () => {
    // The naive store's race: both tabs read an empty cart, the second write won.
    const report = checkTabs([burst([ack(1, 'margherita', 120), ack(2, 'diavola', 130)], view(['diavola'], 400))]);
    expect(report.byKind).toEqual({ 'lost-item': 1, 'phantom-item': 0 });
    expect(report.times).toEqual([400]);
    expect(report.examples).toEqual([{
      kind: 'lost-item',
      account: 'user-1',
      server: 'server-2',
      expected: 'margherita (tab 1, acknowledged by server-1 at 0.12 s)',
      observed: 'cart at server-2: diavola',
      atMs: 400,
    }]);
  });

  it('counts copies: two acknowledged adds of one item need two in the cart; the one answered last is the lost one', () => {
    const [finding, ...others] = findingsOf(burst([ack(1, 'margherita', 100), ack(2, 'margherita', 150)], view(['margherita'])));
    expect(others).toEqual([]);
    expect(finding).toMatchObject({ kind: 'lost-item', expected: 'margherita (tab 2, acknowledged by server-2 at 0.15 s)' });
  });

  it('lets an add with no answer be in the cart or not: neither is an error', () => {
    const adds = [ack(1, 'margherita', 100), noAnswer(2, 'diavola', 2100)];
    expect(checkTabs([burst(adds, view(['margherita'])), burst(adds, view(['margherita', 'diavola']))]).errors).toBe(0);
  });

  it('flags an item nobody added as a phantom, and an add refused outright that shows up anyway', () => {
    const phantom = findingsOf(burst([ack(1, 'margherita', 100)], view(['margherita', 'pepperoni'])));
    expect(phantom).toEqual([expect.objectContaining({ kind: 'phantom-item', expected: 'at most margherita', observed: 'pepperoni in the cart at server-2: margherita, pepperoni' })]);
    // A 413 "cart is full" applied nothing: the item must not be there.
    const refusedThenShown = findingsOf(burst([ack(1, 'margherita', 100), refused(2, 'diavola', 120, 413)], view(['margherita', 'diavola'])));
    expect(refusedThenShown.map((finding) => finding.kind)).toEqual(['phantom-item']);
    // A copy beyond the adds is a phantom too.
    expect(findingsOf(burst([ack(1, 'funghi', 100)], view(['funghi', 'funghi']))).map((finding) => finding.kind)).toEqual(['phantom-item']);
  });

  it('judges by the checkout order when the view got no answer, and not at all when the journey ended before any view', () => {
    const byOrder = findingsOf(burst([ack(1, 'margherita', 100), ack(2, 'diavola', 110)], view(['diavola'], 700, 'checkout')));
    expect(byOrder).toEqual([expect.objectContaining({ kind: 'lost-item', observed: 'order at server-2: diavola', atMs: 700 })]);
    // A 401 mid-burst is a lost session, counted apart: there is no cart to judge.
    expect(findingsOf(burst([ack(1, 'margherita', 100), refused(2, 'diavola', 110, 401)]))).toEqual([]);
  });

  it('reports findings of every user in time order, and an empty cart in words', () => {
    const report = checkTabs([
      burst([ack(1, 'funghi', 900)], view([], 950), 'user-2'),
      burst([ack(1, 'margherita', 100), ack(2, 'diavola', 110)], view(['margherita'], 300), 'user-1'),
    ]);
    expect(report.times).toEqual([300, 950]);
    expect(report.examples.map((example) => [example.account, example.observed])).toEqual([
      ['user-1', 'cart at server-2: margherita'],
      ['user-2', 'cart at server-2: empty'],
    ]);
  });
});
