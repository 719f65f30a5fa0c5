import type { CheckerExample } from '../result.js';

/** How many examples of each kind a checker's report keeps. */
export const EXAMPLES_PER_KIND = 3;

/** A record with every kind at 0. */
export function zeroByKind<K extends string>(kinds: readonly K[]): Record<K, number> {
  return Object.fromEntries(kinds.map((kind) => [kind, 0])) as Record<K, number>;
}

/**
 * What every checker reports of its findings: each kind counted (0 when none), the total,
 * the first few examples of each kind in time order, and when each finding happened.
 * Findings at the same time keep the order they were found in (the sort is stable).
 */
export function tallyFindings<K extends string, F extends CheckerExample<K>>(kinds: readonly K[], findings: readonly F[]) {
  const byKind = zeroByKind(kinds);
  for (const finding of findings) byKind[finding.kind] += 1;
  const shown = zeroByKind(kinds);
  const examples: F[] = [];
  const inTimeOrder = [...findings].sort((a, b) => a.atMs - b.atMs);
  for (const finding of inTimeOrder) {
    if (shown[finding.kind] >= EXAMPLES_PER_KIND) continue;
    shown[finding.kind] += 1;
    examples.push(finding);
  }
  const errors = Object.values<number>(byKind).reduce((sum, count) => sum + count, 0);
  return { errors, byKind, examples, times: inTimeOrder.map((finding) => finding.atMs) };
}
