/**
 * Delivery: every acknowledged message must reach its recipient at least once, live or
 * from history after a reconnect (else `lost`), and no message may reach it twice (each
 * extra copy is `duplicated`). A message with no acknowledgement may arrive or not, and
 * so may one whose recipient neither stayed connected from its sending to the end nor
 * read its history successfully after the acknowledgement: nothing could have brought
 * it. (A reconnect whose history read timed out under load, until the run ended, is not
 * evidence of a loss: the message may be stored and simply never asked for.)
 */
import { reachableAfter, serverOf, type Connections } from './checker-connections.js';
import { receiptKey, type Receipts } from './checker-receipts.js';
import type { ChatExample, SentMessage } from './history.js';

export function checkLost(sent: readonly SentMessage[], receipts: Receipts, connections: Connections, endMs: number): ChatExample[] {
  return sent
    .filter((message) => message.ackedMs !== undefined && !receipts.first.has(receiptKey(message.to, message.id)))
    .filter((message) => reachableAfter(connections, message.to, message.sentMs, endMs, message.ackedMs))
    .map((message) => ({
      kind: 'lost',
      account: message.to,
      server: serverOf(connections, message.to, message.sentMs),
      expected: `${message.id} from ${message.from}`,
      observed: 'never received',
      atMs: message.sentMs,
    }));
}

export function checkDuplicated(receipts: Receipts, connections: Connections): ChatExample[] {
  const findings: ChatExample[] = [];
  for (const copies of receipts.copies.values()) {
    const vias = copies.map((copy) => copy.via);
    copies.slice(1).forEach((copy, index) => {
      findings.push({
        kind: 'duplicated',
        account: copy.to,
        server: serverOf(connections, copy.to, copy.receivedMs),
        expected: `${copy.id} from ${copy.from} once`,
        observed: `copy ${index + 2} of ${copies.length} (${vias.join(', ')})`,
        atMs: copy.receivedMs,
      });
    });
  }
  return findings;
}

/**
 * Milliseconds from send to first receipt of each acknowledged message whose first
 * receipt came live, in the order they were sent. A catch-up from history is left out:
 * it measures how long the user was away, not how fast the fleet delivers.
 */
export function latenciesOf(sent: readonly SentMessage[], receipts: Receipts): number[] {
  const latencies: number[] = [];
  for (const message of sent) {
    if (message.ackedMs === undefined) continue;
    const first = receipts.first.get(receiptKey(message.to, message.id));
    if (first?.receipt.via === 'live') latencies.push(first.receipt.receivedMs - message.sentMs);
  }
  return latencies;
}
