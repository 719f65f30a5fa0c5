import { describe, expect, it } from 'vitest';
import { accountsOfShard, planAccounts, shardOfUser } from '../../../../src/scenarios/atm/accounts.js';

describe('atm shards: each account within one shard', () => {
  const users = 40;
  const plan = planAccounts(users, 0.5, 7);

  it.each([1, 2, 3, 5])('%i shards hold every user once, and both customers of a joint account together', (count) => {
    const shardOf = (user: number) => shardOfUser(plan, user, count);
    const slices = Array.from({ length: count }, (_, k) => Array.from({ length: users }, (_, u) => u).filter((u) => shardOf(u) === k));
    expect(slices.flat().sort((a, b) => a - b)).toEqual(Array.from({ length: users }, (_, u) => u));
    for (const account of plan.joint) {
      const holders = plan.accountOf.flatMap((a, user) => (a === account ? [shardOf(user)] : []));
      expect(new Set(holders).size, account).toBe(1);
    }
    const accounts = Array.from({ length: count }, (_, k) => accountsOfShard(plan, { index: k + 1, count }));
    expect(accounts.flat().sort()).toEqual([...plan.accounts].sort());
  });

  it('keeps an owned account with its user at user % count', () => {
    const owned = plan.accountOf.findIndex((account) => !plan.joint.has(account));
    expect(shardOfUser(plan, owned, 3)).toBe(owned % 3);
  });
});
