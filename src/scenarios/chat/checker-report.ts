/**
 * Turns the errors the chat checkers found into the report: every kind counted (0 when
 * none), and the first few examples of each in time order.
 */
import { CHAT_KINDS, type ChatExample, type ChatKind, type ChatReport } from './history.js';

/** How many examples of each kind a report keeps. */
export const EXAMPLES_PER_KIND = 3;

/** The server a finding about the final state names: that state was read through the balancer. */
export const FINAL_READ_SERVER = 'balancer';

/** A record with every kind at 0. */
export function zeroByKind(): Record<ChatKind, number> {
  return Object.fromEntries(CHAT_KINDS.map((kind) => [kind, 0])) as Record<ChatKind, number>;
}

export function buildReport(findings: readonly ChatExample[]): ChatReport {
  const byKind = zeroByKind();
  for (const finding of findings) byKind[finding.kind] += 1;
  // Array.prototype.sort is stable, so findings at the same time keep the order they were found in.
  const ordered = [...findings].sort((a, b) => a.atMs - b.atMs);
  const shown = zeroByKind();
  const examples: ChatExample[] = [];
  for (const finding of ordered) {
    if (shown[finding.kind] >= EXAMPLES_PER_KIND) continue;
    shown[finding.kind] += 1;
    examples.push(finding);
  }
  const errors = Object.values(byKind).reduce((sum, count) => sum + count, 0);
  return { errors, byKind, examples };
}
