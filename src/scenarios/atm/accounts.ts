import { createRng, deriveSeed } from '../../driver/rng.js';

/** Who uses which account: each customer owns one, or shares a joint one with another. */
export interface AccountPlan {
  /** Account of user i (0-based). */
  readonly accountOf: readonly string[];
  readonly joint: ReadonlySet<string>;
  /** Every account, owned and joint. */
  readonly accounts: readonly string[];
}

/**
 * Seeded: the same seed and user count give the same plan. `jointShare` is the share of
 * *accounts* that are joint: with J joint and O owned accounts, J / (J + O) ≈ jointShare
 * and 2J + O = users.
 */
export function planAccounts(users: number, jointShare: number, seed: number): AccountPlan {
  const jointCount = Math.min(Math.floor(users / 2), Math.round((users * jointShare) / (1 + jointShare)));
  const rng = createRng(deriveSeed(seed, 0x10a7));
  const order = Array.from({ length: users }, (_, index) => index);
  for (let i = order.length - 1; i > 0; i--) {
    const j = rng.int(0, i);
    [order[i], order[j]] = [order[j]!, order[i]!];
  }
  const accountOf: string[] = Array.from({ length: users }, (_, index) => `acct-${index + 1}`);
  const joint = new Set<string>();
  for (let k = 0; k < jointCount; k++) {
    const account = `joint-${k + 1}`;
    accountOf[order[2 * k]!] = account;
    accountOf[order[2 * k + 1]!] = account;
    joint.add(account);
  }
  return { accountOf, joint, accounts: [...new Set(accountOf)].sort() };
}

/**
 * The 0-based shard of user `index` among `count` (`--shard`): its account's first user's
 * `index % count`, so both customers of a joint account run in one shard and every
 * account's whole history is in one report. An owned account's user keeps `index % count`.
 */
export function shardOfUser(plan: AccountPlan, index: number, count: number): number {
  const account = plan.accountOf[index];
  return plan.accountOf.indexOf(account!) % count;
}

/** The accounts whose users all run in shard `index` (1-based) of `count`. */
export function accountsOfShard(plan: AccountPlan, shard: { readonly index: number; readonly count: number }): string[] {
  const mine = new Set<string>();
  plan.accountOf.forEach((account, user) => {
    if (shardOfUser(plan, user, shard.count) === shard.index - 1) mine.add(account);
  });
  return plan.accounts.filter((account) => mine.has(account));
}
