import type { Scenario } from '../types.js';
import { accountsOfShard, planAccounts, shardOfUser } from './accounts.js';
import { auditAccounts } from './audit.js';
import { checkAtm } from './checker.js';
import type { AtmOp } from './history.js';
import { atmJourney } from './journey.js';

/** The bank: does it keep its books when customers walk to any ATM, and when one dies? */
export const atm: Scenario = {
  name: 'atm',
  description: 'bank: balance, withdraw, deposit at any ATM; books checked like Jepsen checks a database (consistency)',
  // Customers walk to any ATM, whatever the design.
  autoBalancer: () => 'round-robin',
  prepare: ({ users, seed, jointShare, shard }) => {
    const plan = planAccounts(users, jointShare, seed);
    // A shard audits and checks only its own accounts; the others are another shard's.
    const accounts = shard ? accountsOfShard(plan, shard) : plan.accounts;
    const ops: AtmOp[] = [];
    return {
      shardOf: (index, count) => shardOfUser(plan, index, count),
      journey: (user) => atmJourney(user, plan.accountOf[user.index]!, (op) => ops.push(op)),
      // A 409 "insufficient funds" is the bank answering correctly, not an error.
      countsAsError: (result) => result.outcome !== 'ok' && result.status !== 409,
      finish: async (context) => {
        const audit = await auditAccounts(accounts, context);
        const { times, ...consistency } = checkAtm({ ops, audit, joint: plan.joint, accounts });
        return { consistency, errorTimesMs: times };
      },
    };
  },
};
