/**
 * The ATM consistency checker (docs/design.md, "What is measured"), in the spirit of Jepsen's bank test: a
 * pure function of the history, so it is tested on hand-written histories.
 *
 * - Owned accounts (one sequential customer) are walked step by step against a model
 *   of the possible balances (checker-owned.ts).
 * - Joint accounts (two customers at once) are checked by their totals (checker-joint.ts).
 * - The final audit compares every live server's balance with the model (checker-audit.ts).
 */
import { auditAccount, type Allowed } from './checker-audit.js';
import { checkJoint } from './checker-joint.js';
import { checkOwned } from './checker-owned.js';
import { buildReport, type Finding } from './checker-report.js';
import type { AtmHistory, AtmOp, AuditRead, ConsistencyReport } from './history.js';

export { allowedMax, allowedMin, allows, auditAccount, describeAllowed, type Allowed } from './checker-audit.js';
export { checkJoint, type JointResult } from './checker-joint.js';
export { describeBalances, describeRange, formatCents } from './checker-money.js';
export { checkOwned, MAX_STATES, type OwnedResult } from './checker-owned.js';
export { buildReport, EXAMPLES_PER_KIND, zeroByKind, type Finding } from './checker-report.js';

export function checkAtm(history: AtmHistory): ConsistencyReport {
  const opsOf = groupBy(history.ops, (op) => op.account);
  const readsOf = groupBy(history.audit, (read) => read.account);
  // Every account of the run, and any the history names that the plan did not.
  const accounts = [...new Set([...history.accounts, ...opsOf.keys(), ...readsOf.keys()])];
  const findings: Finding[] = [];
  for (const account of accounts) {
    const ops = opsOf.get(account) ?? [];
    let allowed: Allowed;
    if (history.joint.has(account)) {
      const joint = checkJoint(account, ops);
      findings.push(...joint.findings);
      allowed = { kind: 'range', min: joint.min, max: joint.max };
    } else {
      const owned = checkOwned(account, ops);
      findings.push(...owned.findings);
      allowed = { kind: 'set', values: owned.balances };
    }
    // Audit findings are dated at the account's last completed step: the books were
    // last written then (0 for an account nobody touched).
    const lastMs = ops.reduce((latest, op) => Math.max(latest, op.completeMs), 0);
    findings.push(...auditAccount(account, allowed, readsOf.get(account) ?? [], lastMs));
  }
  return buildReport(findings);
}

function groupBy<T>(items: readonly T[], keyOf: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const group = groups.get(key);
    if (group) group.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

export type { AtmHistory, AtmOp, AuditRead };
