import { describe, expect, it } from 'vitest';
import { formatDollars, formatInt, formatPercent } from '../../../src/report/format.js';
import { describeFault, summarize } from '../../../src/report/summary.js';
import type { DesignRun, RunResult } from '../../../src/result.js';
import { loadReport } from '../../fixtures/reports/load.js';
import { result as handWritten } from './fixture.js';

const run = (result: RunResult, arch: string): DesignRun => {
  const found = result.runs.find((r) => r.arch === arch);
  if (!found) throw new Error(`no ${arch} run`);
  return found;
};

describe('summarize', () => {
  it('tells the pizza crash: who crashed when, carts lost per design, recovery', () => {
    const result = loadReport('pizza-crash');
    const stateful = run(result, 'stateful');
    const stateless = run(result, 'stateless');
    const [lead] = summarize(result);
    const at = (result.faults[0]!.atMs! / 1000).toFixed(1);
    expect(lead).toMatch(new RegExp(`^server-1 crashed at ${at} s: `));
    expect(lead).toContain(`${formatInt(stateful.sessionLoss.journeys)} of ${formatInt(stateful.journeys.started)} stateful journeys ` +
      `(${formatPercent(stateful.sessionLoss.rate)}) lost their carts`);
    expect(stateless.sessionLoss.journeys).toBe(0);
    expect(lead).toContain('the stateless fleet lost no cart');
    expect(lead).toContain(`had ${formatInt(stateless.requests.errors)} of ${formatInt(stateless.requests.total)} requests fail`);
    expect(lead).toContain(`recovered in ${(stateless.phases![0]!.recoveryMs! / 1000).toFixed(1)} s`);
  });

  it('tells pizza with tabs by the items: dropped per design, then what tabs are and why items get lost', () => {
    const pizza = loadReport('pizza-crash');
    const withTabs = (byKind: Record<string, number>) => ({ ...run(pizza, 'stateless'), consistency: { errors: byKind['lost-item']! + byKind['phantom-item']!, byKind } });
    const result: RunResult = {
      ...pizza,
      faults: [],
      tabs: 3,
      runs: [{ ...withTabs({ 'lost-item': 0, 'phantom-item': 0 }), phases: [], faults: [] }, { ...withTabs({ 'lost-item': 7, 'phantom-item': 1 }), arch: 'stateless-naive', phases: [], faults: [] }],
    };
    const [lead, tabs, why] = summarize(result);
    expect(lead).toContain('the stateless fleet lost no cart, dropped no item a tab had added and had');
    expect(lead).toContain('the stateless-naive fleet lost no cart, dropped 7 items that tabs had added and the server acknowledged, with 1 item in a cart that no one added and had');
    expect(tabs).toBe("Each user had 3 tabs open on one session: a journey's adds went out from all of them at once, and the cart it looked at next had to hold every item a server had acknowledged.");
    expect(why).toMatch(/^An item is kept when each add is applied whole/);
    // Without tabs, no word of them.
    expect(summarize(pizza).join(' ')).not.toMatch(/tab/);
  });

  it('tells atm by the books: errors by kind and money minted, the sound design kept its books', () => {
    const result = loadReport('atm-all');
    const stateful = run(result, 'stateful');
    const naive = run(result, 'stateless-naive');
    const [lead] = summarize(result);
    expect(lead).toMatch(/^With no fault injected, /);
    expect(lead).toContain(`the stateful fleet broke its books ${formatInt(stateful.consistency.errors)} times`);
    expect(lead).toContain(`${stateful.consistency.byKind['stale-read']} stale reads`);
    expect(lead).toContain(`minted ${formatDollars(stateful.consistency.moneyMintedCents!)}`);
    expect(lead).toContain('the stateless fleet kept its books');
    expect(lead).toContain(`the stateless-naive fleet broke its books ${formatInt(naive.consistency.errors)} times`);
    expect(lead).toContain(`${naive.consistency.byKind['lost-update']} lost update`);
  });

  it('tells chat by its messages: the pause, messages lost, the stateless fleet losing none', () => {
    const result = loadReport('chat-pause');
    const stateful = run(result, 'stateful');
    const [lead] = summarize(result);
    expect(lead).toMatch(/^server-2 was paused at 2\.0 s for 1\.0 s: /);
    expect(lead).toContain(`the stateful fleet lost ${formatInt(stateful.consistency.byKind.lost!)} messages`);
    expect(lead).toContain(`${stateful.consistency.byKind['typing-lost']} typing events lost`);
    expect(lead).toContain('the stateless fleet lost no message');
  });

  it('reads the hand-written crash as the README tells it', () => {
    expect(summarize(handWritten)[0]).toBe(
      'server-1 crashed at 4.0 s: 37 of 412 stateful journeys (9.0%) lost their carts, and the fleet failed 7 of 412 journeys ' +
      'and had 19 of 2,051 requests fail (0.9%); the stateless fleet lost no cart and had 3 of 2,093 requests fail (0.1%).',
    );
  });

  it('is deterministic: the same report gives the same words', () => {
    const result = loadReport('pizza-crash');
    expect(summarize(result)).toEqual(summarize(structuredClone(result)));
  });

  it('says when a fault did not fire, and when a design never recovered', () => {
    const result = loadReport('pizza-crash');
    const stateful = run(result, 'stateful');
    const changed: RunResult = {
      ...result,
      runs: [
        { ...stateful, faults: stateful.faults.map(({ firedAtMs: _f, endedAtMs: _e, ...fault }) => fault), phases: [] },
        { ...run(result, 'stateless'), phases: [{ ...run(result, 'stateless').phases![0]!, recoveryMs: null }] },
      ],
    };
    const sentences = summarize(changed);
    expect(sentences).toContain('Crash server-1 @ 3.0s did not fire in the stateful run.');
    expect(sentences[0]).toContain('had not recovered by the end of the run');
  });

  it('says a recovery of merged repeats is their median', () => {
    const result = loadReport('pizza-crash');
    const stateless = run(result, 'stateless');
    const merged: RunResult = {
      ...result,
      runs: [{ ...stateless, phases: [{ ...stateless.phases![0]!, recoveryMs: 600, recoveryRange: { minMs: 400, maxMs: 900, repeats: 3 } }] }],
    };
    expect(summarize(merged)[0]).toContain('recovered in 0.6 s (median of 3 runs)');
  });

  it('adds the runs\' notes, each naming its design', () => {
    const result = loadReport('chat-pause');
    const withNote: RunResult = { ...result, runs: [{ ...result.runs[0]!, notes: ['the store lost its state'] }, result.runs[1]!] };
    expect(summarize(withNote)).toContain('Note on stateful: the store lost its state');
  });
});

describe('describeFault', () => {
  it('words each kind of fault as an event', () => {
    expect(describeFault({ kind: 'crash', target: 'server-1', atMs: 4000 })).toBe('server-1 crashed at 4.0 s');
    expect(describeFault({ kind: 'pause', target: 'server-2', atMs: 2000, spanMs: 1500 })).toBe('server-2 was paused at 2.0 s for 1.5 s');
    expect(describeFault({ kind: 'store-pause', target: '-', atMs: 1000, spanMs: 2000 })).toBe('the store was unreachable at 1.0 s for 2.0 s');
    expect(describeFault({ kind: 'restart', target: 'server-3', afterJourneys: 200 })).toBe('server-3 was restarted empty after 200 journeys');
    expect(describeFault({ kind: 'rolling', target: '-', firedAtMs: 5000 })).toBe('every server was restarted in turn at 5.0 s');
    expect(describeFault({ kind: 'new-kind', target: '-', label: 'new thing', atMs: 1000 })).toBe('new thing fired at 1.0 s');
  });
});
