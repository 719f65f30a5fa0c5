/**
 * Turns the errors the chat checkers found into the report: every kind counted (0 when
 * none), and the first few examples of each in time order.
 */
import { EXAMPLES_PER_KIND, tallyFindings, zeroByKind as zeroOf } from '../findings.js';
import { CHAT_KINDS, type ChatExample, type ChatKind, type ChatReport } from './history.js';

export { EXAMPLES_PER_KIND };

/** The server a finding about the final state names: that state was read through the balancer. */
export const FINAL_READ_SERVER = 'balancer';

/** A record with every kind at 0. */
export function zeroByKind(): Record<ChatKind, number> {
  return zeroOf(CHAT_KINDS);
}

export function buildReport(findings: readonly ChatExample[]): ChatReport {
  return tallyFindings(CHAT_KINDS, findings);
}
