/**
 * Turns the errors the checkers found into the report: every kind counted (0 when
 * none), a few examples of each in time order, and the money made or lost.
 */
import { EXAMPLES_PER_KIND, tallyFindings, zeroByKind as zeroOf } from '../findings.js';
import { CONSISTENCY_KINDS, type ConsistencyExample, type ConsistencyKind, type ConsistencyReport } from './history.js';

export { EXAMPLES_PER_KIND };

/** One error found; a money-minted/destroyed finding carries how much, for the totals. */
export interface Finding extends ConsistencyExample {
  readonly excessCents?: number;
}

/** A record with every kind at 0. */
export function zeroByKind(): Record<ConsistencyKind, number> {
  return zeroOf(CONSISTENCY_KINDS);
}

export function buildReport(findings: readonly Finding[]): ConsistencyReport {
  const money = (kind: ConsistencyKind) =>
    findings.filter((finding) => finding.kind === kind).reduce((sum, finding) => sum + (finding.excessCents ?? 0), 0);
  const { errors, byKind, examples, times } = tallyFindings(CONSISTENCY_KINDS, findings);
  return {
    errors,
    byKind,
    examples: examples.map(({ excessCents: _excess, ...example }) => example),
    moneyMintedCents: money('money-minted'),
    moneyDestroyedCents: money('money-destroyed'),
    times,
  };
}
