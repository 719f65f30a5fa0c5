import { describe, expect, it } from 'vitest';
import { History, historyOf } from '../../../src/metrics/history.js';

describe('History', () => {
  it('gives back every field of every request, across column chunks', () => {
    const history = new History();
    const rows = 70_000;
    for (let i = 0; i < rows; i++) {
      history.addRequest({
        step: i % 2 === 0 ? 'login' : 'add',
        server: `server-${i % 3}`,
        atMs: i / 7,
        sentAtMs: i / 7 + (i % 5),
        latencyUs: i * 3 + 0.5,
        outcome: i % 3 === 0 ? 'indeterminate' : 'ok',
        ...(i % 3 === 0 ? { cause: 'reset' as const } : {}),
      });
    }
    expect(history.requestCount).toBe(rows);
    for (const i of [0, 1, 65_535, 65_536, 69_999]) {
      expect(history.step(i)).toBe(i % 2 === 0 ? 'login' : 'add');
      expect(history.server(i)).toBe(`server-${i % 3}`);
      expect(history.intendedMs(i)).toBe(i / 7);
      expect(history.sentMs(i)).toBeCloseTo(i / 7 + (i % 5), 3);
      expect(history.latencyUs(i)).toBe(i * 3 + 0.5);
      expect(history.doneMs(i)).toBe(i / 7 + (i * 3 + 0.5) / 1000);
      expect(history.outcome(i)).toBe(i % 3 === 0 ? 'indeterminate' : 'ok');
      expect(history.countsAsError(i)).toBe(i % 3 === 0);
      expect(history.cause(i)).toBe(i % 3 === 0 ? 'reset' : undefined);
    }
    // 25 bytes a request, in two chunks of 65,536 rows.
    expect(history.bytes).toBe(2 * 65_536 * 25);
  });

  it('takes countsAsError as given, and a sent time equal to the intended one by default', () => {
    const history = historyOf({ requests: [{ step: 'add', server: 'server-1', atMs: 12, latencyUs: 1, outcome: 'fail', countsAsError: false }] });
    expect(history.countsAsError(0)).toBe(false);
    expect(history.sentMs(0)).toBe(12);
  });

  it('ends a fault window once, never before it starts, and starts none before the load', () => {
    const history = new History();
    const pause = history.openFault('pause server-1', -40);
    history.closeFault(pause, -10);
    history.closeFault(pause, 5000);
    const crash = history.openFault('crash server-2', Number.NaN);
    history.closeFault(crash, Number.POSITIVE_INFINITY);
    history.openFault('store-outage', 7000);
    expect(history.faults).toEqual([
      { label: 'pause server-1', startMs: 0, endMs: 0 },
      { label: 'crash server-2', startMs: 0, endMs: 0 },
      { label: 'store-outage', startMs: 7000 },
    ]);
  });
});
