/**
 * What each user received, indexed once for every check: all copies of each message
 * (for duplicates) and the first receipt of each with its place in the user's receipt
 * order (for loss, order and read marks). Receipts at the same millisecond keep the
 * order the history lists them in: that is the order the client saw them.
 */
import type { ReceivedMessage } from './history.js';

export interface FirstReceipt {
  readonly receipt: ReceivedMessage;
  /** Its place among the user's first receipts, 0 for the first message the user got. */
  readonly position: number;
}

export interface Receipts {
  /** Every copy of each message, by receiptKey(recipient, id), in receipt order. */
  readonly copies: ReadonlyMap<string, readonly ReceivedMessage[]>;
  /** The first copy of each message, by receiptKey(recipient, id). */
  readonly first: ReadonlyMap<string, FirstReceipt>;
}

/** A user and a message id, as one map key. */
export const receiptKey = (user: string, id: string): string => `${user}\u0000${id}`;

export function indexReceipts(received: readonly ReceivedMessage[]): Receipts {
  const copies = new Map<string, ReceivedMessage[]>();
  const first = new Map<string, FirstReceipt>();
  const countOf = new Map<string, number>();
  // Stable: ties keep the history's order.
  for (const receipt of [...received].sort((a, b) => a.receivedMs - b.receivedMs)) {
    const key = receiptKey(receipt.to, receipt.id);
    const list = copies.get(key);
    if (list) {
      list.push(receipt);
      continue;
    }
    copies.set(key, [receipt]);
    const position = countOf.get(receipt.to) ?? 0;
    countOf.set(receipt.to, position + 1);
    first.set(key, { receipt, position });
  }
  return { copies, first };
}
