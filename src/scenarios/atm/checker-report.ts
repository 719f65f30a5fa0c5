/**
 * Turns the errors the checkers found into the report: every kind counted (0 when
 * none), a few examples of each in time order, and the money made or lost.
 */
import { CONSISTENCY_KINDS, type ConsistencyExample, type ConsistencyKind, type ConsistencyReport } from './history.js';

/** How many examples of each kind a report keeps. */
export const EXAMPLES_PER_KIND = 3;

/** One error found; a money-minted/destroyed finding carries how much, for the totals. */
export interface Finding extends ConsistencyExample {
  readonly excessCents?: number;
}

/** A record with every kind at 0. */
export function zeroByKind(): Record<ConsistencyKind, number> {
  return Object.fromEntries(CONSISTENCY_KINDS.map((kind) => [kind, 0])) as Record<ConsistencyKind, number>;
}

export function buildReport(findings: readonly Finding[]): ConsistencyReport {
  const byKind = zeroByKind();
  let moneyMintedCents = 0;
  let moneyDestroyedCents = 0;
  for (const finding of findings) {
    byKind[finding.kind] += 1;
    if (finding.kind === 'money-minted') moneyMintedCents += finding.excessCents ?? 0;
    if (finding.kind === 'money-destroyed') moneyDestroyedCents += finding.excessCents ?? 0;
  }
  // Array.prototype.sort is stable, so findings at the same time keep the order they were found in.
  const ordered = [...findings].sort((a, b) => a.atMs - b.atMs);
  const shown = zeroByKind();
  const examples: ConsistencyExample[] = [];
  for (const finding of ordered) {
    if (shown[finding.kind] >= EXAMPLES_PER_KIND) continue;
    shown[finding.kind] += 1;
    const { excessCents: _excess, ...example } = finding;
    examples.push(example);
  }
  const errors = Object.values(byKind).reduce((sum, count) => sum + count, 0);
  return { errors, byKind, examples, moneyMintedCents, moneyDestroyedCents };
}
