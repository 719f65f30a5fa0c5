import { describe, expect, it } from 'vitest';
import { createConnectGate } from '../../../../src/scenarios/chat/connect-gate.js';

describe('chat connect gate', () => {
  it('lets at most its limit through at once, the rest in the order they came, and frees a slot however work ends', async () => {
    const gate = createConnectGate(2);
    let inside = 0;
    let most = 0;
    const order: number[] = [];
    const releases: (() => void)[] = [];
    const work = (n: number, fail = false) =>
      gate.run(async () => {
        inside++;
        most = Math.max(most, inside);
        order.push(n);
        await new Promise<void>((resolve) => releases.push(resolve));
        inside--;
        if (fail) throw new Error(`work ${n} failed`);
        return n;
      });
    const all = [work(1, true), work(2), work(3), work(4)].map((p) => p.catch((error: Error) => error.message));
    await Promise.resolve();
    expect(order).toEqual([1, 2]);
    for (let turn = 0; turn < 10; turn++) {
      releases.shift()?.();
      await new Promise((resolve) => setImmediate(resolve));
    }
    expect(await Promise.all(all)).toEqual(['work 1 failed', 2, 3, 4]);
    expect(order).toEqual([1, 2, 3, 4]);
    expect(most).toBe(2);
  });
});
