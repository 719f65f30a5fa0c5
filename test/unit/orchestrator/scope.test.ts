import { describe, expect, it } from 'vitest';
import { Scope, withScope } from '../../../src/orchestrator/scope.js';

describe('withScope', () => {
  it('closes what was acquired, last first, after the body and before returning its value', async () => {
    const events: string[] = [];
    const value = await withScope(async (scope) => {
      const fleet = scope.use({ name: 'fleet' }, (f) => events.push(`close ${f.name}`));
      scope.use({ name: 'balancer' }, async (b) => {
        await Promise.resolve();
        events.push(`close ${b.name}`);
      });
      scope.defer(() => events.push('stop timer'));
      events.push(`run with ${fleet.name}`);
      return 42;
    });
    expect(value).toBe(42);
    expect(events).toEqual(['run with fleet', 'stop timer', 'close balancer', 'close fleet']);
  });

  it('closes everything when the body fails, and the caller sees the body\'s failure', async () => {
    const closed: string[] = [];
    const run = withScope(async (scope) => {
      scope.defer(() => closed.push('fleet'));
      scope.defer(() => {
        throw new Error('balancer would not stop');
      });
      throw new Error('conformance failed');
    });
    await expect(run).rejects.toThrow('conformance failed');
    expect(closed).toEqual(['fleet']);
  });

  it('runs every closer even when one fails, then reports that failure', async () => {
    const closed: string[] = [];
    const run = withScope(async (scope) => {
      scope.defer(() => closed.push('fleet'));
      scope.defer(() => Promise.reject(new Error('balancer would not stop')));
      scope.defer(() => closed.push('sampler'));
      return 'done';
    });
    await expect(run).rejects.toThrow('balancer would not stop');
    expect(closed).toEqual(['sampler', 'fleet']);
  });
});

describe('Scope', () => {
  it('closes once, and refuses what comes after', async () => {
    const scope = new Scope();
    let closes = 0;
    scope.defer(() => closes++);
    await scope.close();
    await scope.close();
    expect(closes).toBe(1);
    expect(() => scope.defer(() => {})).toThrow(/closed scope/);
  });
});
