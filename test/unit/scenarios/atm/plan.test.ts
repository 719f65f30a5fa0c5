import { describe, expect, it } from 'vitest';
import { createRng } from '../../../../src/driver/rng.js';
import { planAccounts } from '../../../../src/scenarios/atm/accounts.js';
import { planVisit } from '../../../../src/scenarios/atm/journey.js';

describe('atm account plan', () => {
  it('makes the asked share of accounts joint, each used by exactly two customers', () => {
    const plan = planAccounts(50, 0.2, 7);
    const users = new Map<string, number>();
    for (const account of plan.accountOf) users.set(account, (users.get(account) ?? 0) + 1);
    expect(plan.joint.size / plan.accounts.length).toBeCloseTo(0.2, 1);
    for (const account of plan.accounts) expect(users.get(account)).toBe(plan.joint.has(account) ? 2 : 1);
  });

  it('is the same for the same seed and another for another seed', () => {
    expect(planAccounts(20, 0.5, 1)).toEqual(planAccounts(20, 0.5, 1));
    expect(planAccounts(20, 0.5, 1).accountOf).not.toEqual(planAccounts(20, 0.5, 2).accountOf);
  });

  it('has no joint account at 0% and pairs everyone it can at 100%', () => {
    expect(planAccounts(10, 0, 1).joint.size).toBe(0);
    expect(planAccounts(10, 1, 1).joint.size).toBe(5);
  });
});

describe('atm visit plan', () => {
  it('starts with a balance and then asks for 2 to 5 whole-dollar operations', () => {
    const rng = createRng(3);
    for (let i = 0; i < 200; i++) {
      const visit = planVisit(rng);
      expect(visit[0]).toEqual({ kind: 'balance' });
      expect(visit.length).toBeGreaterThanOrEqual(3);
      expect(visit.length).toBeLessThanOrEqual(6);
      for (const op of visit) if (op.amount !== undefined) expect(op.amount % 100).toBe(0);
    }
  });
});
