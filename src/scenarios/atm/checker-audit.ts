/**
 * The final audit of one account (docs/design.md, "What is measured"): every live server's balance, read
 * directly, against what the model allows. Each kind is counted at most once per
 * account, so a bigger fleet does not multiply one mistake.
 */
import { describeBalances, describeRange, formatCents } from './checker-money.js';
import type { Finding } from './checker-report.js';
import type { AuditRead } from './history.js';

/** What the model allows at the end: a set of balances (owned) or a range (joint). */
export type Allowed =
  | { readonly kind: 'set'; readonly values: readonly number[] }
  | { readonly kind: 'range'; readonly min: number; readonly max: number };

export function allowedMin(allowed: Allowed): number {
  return allowed.kind === 'range' ? allowed.min : Math.min(...allowed.values);
}

export function allowedMax(allowed: Allowed): number {
  return allowed.kind === 'range' ? allowed.max : Math.max(...allowed.values);
}

export function allows(allowed: Allowed, balance: number): boolean {
  return allowed.kind === 'range' ? balance >= allowed.min && balance <= allowed.max : allowed.values.includes(balance);
}

export function describeAllowed(allowed: Allowed): string {
  return allowed.kind === 'range' ? describeRange(allowed.min, allowed.max) : describeBalances(allowed.values);
}

interface Read {
  readonly server: string;
  readonly balance: number;
}

/** Compares one account's audit reads with the model; `atMs` dates the findings. */
export function auditAccount(account: string, allowed: Allowed, reads: readonly AuditRead[], atMs: number): Finding[] {
  // A server that could not be read has nothing to say about the books.
  const known: Read[] = reads.flatMap((r) => (r.balance === undefined ? [] : [{ server: r.server, balance: r.balance }]));
  if (known.length === 0) return [];
  const findings: Finding[] = [];
  const at = (kind: Finding['kind'], servers: readonly Read[], expected: string, observed: string, excessCents?: number): Finding => ({
    kind,
    account,
    server: servers.map((r) => r.server).join(', '),
    expected,
    observed,
    atMs,
    ...(excessCents === undefined ? {} : { excessCents }),
  });
  const listed = (list: readonly Read[]) => list.map((r) => `${r.server} ${formatCents(r.balance)}`).join(', ');

  const divergent = new Set(known.map((r) => r.balance)).size > 1;
  if (divergent) findings.push(at('divergent-read', known, 'the same balance on every server', listed(known)));

  const expected = describeAllowed(allowed);
  const min = allowedMin(allowed);
  const max = allowedMax(allowed);
  const outside = known.filter((r) => !allows(allowed, r.balance));
  const above = outside.filter((r) => r.balance > max).sort((a, b) => b.balance - a.balance);
  const below = outside.filter((r) => r.balance < min).sort((a, b) => a.balance - b.balance);
  // Only an owned account can hold a balance between its bounds that it does not allow.
  const between = outside.filter((r) => r.balance >= min && r.balance <= max);
  const highest = above[0];
  if (highest) {
    const minted = highest.balance - max;
    findings.push(at('money-minted', [highest], expected, `${formatCents(highest.balance)} (${formatCents(minted)} minted)`, minted));
  }
  const lowest = below[0];
  if (lowest) {
    const destroyed = min - lowest.balance;
    findings.push(at('money-destroyed', [lowest], expected, `${formatCents(lowest.balance)} (${formatCents(destroyed)} destroyed)`, destroyed));
  }
  if (between.length > 0) findings.push(at('stale-read', between, expected, listed(between)));
  // Every server agrees on a balance the model does not allow: in a single store, an
  // acknowledged update is gone. (When servers disagree, divergent-read says it.)
  const agreed = known[0]!;
  if (!divergent && outside.length > 0) findings.push(at('lost-update', known, expected, `${formatCents(agreed.balance)} on every server`));
  return findings;
}
