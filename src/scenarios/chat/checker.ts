/**
 * The chat checker (docs/protocols.md, "chat"): a pure function of the history, so it
 * is tested on hand-written histories.
 *
 * - Delivery: acknowledged messages arrive (checker-delivery.ts), once, and per sender
 *   and recipient in the order they were sent (checker-order.ts), live or from history.
 * - The final state: unread counts agree with what was received and read
 *   (checker-unread.ts), presence with who was connected (checker-presence.ts).
 * - Typing indicators reach a recipient that stayed connected (checker-typing.ts).
 *
 * Late is not lost: a message or indicator that arrived after its window but before the
 * end is no error. Its delay is in the delivery and typing latencies, and the ones later
 * than the window are counted apart as `late` (`timeliness`).
 */
import { indexConnections } from './checker-connections.js';
import { checkDuplicated, checkLost, latenciesOf } from './checker-delivery.js';
import { checkOrder } from './checker-order.js';
import { checkPresence } from './checker-presence.js';
import { indexReceipts } from './checker-receipts.js';
import { buildReport } from './checker-report.js';
import { checkTyping, matchTyping, typingLatencies } from './checker-typing.js';
import { checkUnread } from './checker-unread.js';
import type { ChatHistory, ChatLate, ChatReport } from './history.js';

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
   * How soon a message or a typing indicator should reach a recipient that stays
   * connected: one that comes later is late (counted, not an error).
   * @default 2000
   */
  readonly typingWindowMs?: number;
}

export function checkChat(history: ChatHistory, options: ChatCheckOptions = {}): ChatReport {
  const receipts = indexReceipts(history.received);
  const connections = indexConnections(history.connections);
  return buildReport([
    ...checkLost(history.sent, receipts, connections, history.final.atMs),
    ...checkDuplicated(receipts, connections),
    ...checkOrder(history.sent, receipts, connections),
    ...checkUnread(history, receipts),
    ...checkPresence(history, connections, options.presenceGraceMs ?? DEFAULT_PRESENCE_GRACE_MS),
    ...checkTyping(history, matchTyping(history, connections), connections, windowOf(options)),
  ]);
}

const windowOf = (options: ChatCheckOptions): number => options.typingWindowMs ?? DEFAULT_TYPING_WINDOW_MS;

/** How fast what arrived arrived: the latency samples, and how many came after the window. */
export interface ChatTimeliness {
  /** ms from send to first live receipt of each acknowledged message, in send order. */
  readonly delivery: readonly number[];
  /** ms from send to arrival of each judged typing indicator that arrived, in send order. */
  readonly typing: readonly number[];
  readonly late: ChatLate;
}

export function timeliness(history: ChatHistory, options: ChatCheckOptions = {}): ChatTimeliness {
  const windowMs = windowOf(options);
  const delivery = deliveryLatencies(history);
  const typing = typingLatencies(matchTyping(history, indexConnections(history.connections)));
  const later = (samples: readonly number[]) => samples.filter((ms) => ms > windowMs).length;
  return { delivery, typing, late: { windowMs, messages: later(delivery), typing: later(typing) } };
}

/**
 * Milliseconds from send to first receipt of each acknowledged message that first
 * arrived live, in send order: the delivery-latency histogram's samples.
 */
export function deliveryLatencies(history: ChatHistory): number[] {
  return latenciesOf(history.sent, indexReceipts(history.received));
}

export type { ChatExample, ChatHistory, ChatKind, ChatLate, ChatReport } from './history.js';
