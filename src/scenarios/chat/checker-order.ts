/**
 * Order: between one sender and one recipient, acknowledged messages must first arrive
 * in the order they were sent, whether live or from history. A message that arrived
 * before one sent earlier (which came later, or never: a lost one is `lost`, not late)
 * is one `out-of-order` error, however many it overtook.
 */
import { serverOf, type Connections } from './checker-connections.js';
import { receiptKey, type FirstReceipt, type Receipts } from './checker-receipts.js';
import type { ChatExample, SentMessage } from './history.js';

interface Arrival {
  readonly message: SentMessage;
  /** Its place in the pair's send order. */
  readonly rank: number;
  readonly first: FirstReceipt;
}

export function checkOrder(sent: readonly SentMessage[], receipts: Receipts, connections: Connections): ChatExample[] {
  const pairs = new Map<string, SentMessage[]>();
  for (const message of sent) {
    if (message.ackedMs === undefined) continue;
    const key = `${message.from}\u0000${message.to}`;
    const list = pairs.get(key);
    if (list) list.push(message);
    else pairs.set(key, [message]);
  }
  const findings: ChatExample[] = [];
  for (const messages of pairs.values()) {
    // Stable: messages sent in the same millisecond keep the order the sender sent them in.
    const arrivals = [...messages]
      .sort((a, b) => a.sentMs - b.sentMs)
      .flatMap((message, rank): Arrival[] => {
        const first = receipts.first.get(receiptKey(message.to, message.id));
        return first ? [{ message, rank, first }] : [];
      })
      .sort((a, b) => a.first.position - b.first.position);
    // Walk back from the last arrival, keeping the earliest-sent message that arrived later.
    let overtaken: Arrival | undefined;
    const late: ChatExample[] = [];
    for (const arrival of [...arrivals].reverse()) {
      if (overtaken && overtaken.rank < arrival.rank) late.push(finding(arrival, overtaken, connections));
      if (!overtaken || arrival.rank < overtaken.rank) overtaken = arrival;
    }
    findings.push(...late.reverse());
  }
  return findings;
}

function finding(early: Arrival, overtaken: Arrival, connections: Connections): ChatExample {
  const { message, first } = early;
  return {
    kind: 'out-of-order',
    account: message.to,
    server: serverOf(connections, message.to, first.receipt.receivedMs),
    expected: `${message.id} from ${message.from} after ${overtaken.message.id}`,
    observed: `${message.id} (${first.receipt.via}) before ${overtaken.message.id} (${overtaken.first.receipt.via})`,
    atMs: first.receipt.receivedMs,
  };
}
