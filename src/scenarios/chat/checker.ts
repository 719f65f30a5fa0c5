/**
 * The chat checker (docs/protocols.md, "chat"): a pure function of the history, so it
 * is tested on hand-written histories.
 *
 * - Delivery: acknowledged messages arrive (checker-delivery.ts), once, and per sender
 *   and recipient in the order they were sent (checker-order.ts), live or from history.
 * - The final state: unread counts agree with what was received and read
 *   (checker-unread.ts), presence with who was connected (checker-presence.ts).
 * - Typing indicators reach a recipient that stayed connected (checker-typing.ts).
 */
import { indexConnections } from './checker-connections.js';
import { checkDuplicated, checkLost, latenciesOf } from './checker-delivery.js';
import { checkOrder } from './checker-order.js';
import { checkPresence } from './checker-presence.js';
import { indexReceipts } from './checker-receipts.js';
import { buildReport } from './checker-report.js';
import { checkTyping } from './checker-typing.js';
import { checkUnread } from './checker-unread.js';
import type { ChatHistory, ChatReport } from './history.js';

export { NO_SERVER } from './checker-connections.js';
export { buildReport, EXAMPLES_PER_KIND, FINAL_READ_SERVER, zeroByKind } from './checker-report.js';

export const DEFAULT_PRESENCE_GRACE_MS = 3000;
export const DEFAULT_TYPING_WINDOW_MS = 2000;

export interface ChatCheckOptions {
  /**
   * How long presence may lag a connection that opened or closed before the final read.
   * @default 3000
   */
  readonly presenceGraceMs?: number;
  /**
   * How soon a typing indicator must reach a recipient that stays connected.
   * @default 2000
   */
  readonly typingWindowMs?: number;
}

export function checkChat(history: ChatHistory, options: ChatCheckOptions = {}): ChatReport {
  const receipts = indexReceipts(history.received);
  const connections = indexConnections(history.connections);
  return buildReport([
    ...checkLost(history.sent, receipts, connections),
    ...checkDuplicated(receipts, connections),
    ...checkOrder(history.sent, receipts, connections),
    ...checkUnread(history, receipts),
    ...checkPresence(history, connections, options.presenceGraceMs ?? DEFAULT_PRESENCE_GRACE_MS),
    ...checkTyping(history, connections, options.typingWindowMs ?? DEFAULT_TYPING_WINDOW_MS),
  ]);
}

/**
 * Milliseconds from send to first receipt of each acknowledged message that first
 * arrived live, in send order: the delivery-latency histogram's samples.
 */
export function deliveryLatencies(history: ChatHistory): number[] {
  return latenciesOf(history.sent, indexReceipts(history.received));
}

export type { ChatExample, ChatHistory, ChatKind, ChatReport } from './history.js';
