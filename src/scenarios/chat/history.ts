/**
 * The chat history: what every virtual user sent, what the servers acknowledged, what
 * each user received (live over its WebSocket, or from history after a reconnect),
 * and what the servers said at the end about unread counts and presence. The checker
 * works on this alone, so it is tested on hand-written histories.
 */

import type { CheckerExample, CheckerReport, LateArrivals } from '../../result.js';

/** A message a user sent: `{"type":"send","id","to","text"}`. */
export interface SentMessage {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  /** ms since the start of the load. */
  readonly sentMs: number;
  /** When the `{"type":"ack","id"}` came; absent when none did (not acknowledged). */
  readonly ackedMs?: number;
}

/** A message as one user received it. */
export interface ReceivedMessage {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly receivedMs: number;
  /** `live` over the WebSocket, `history` from `GET /users/:u/messages?after=`. */
  readonly via: 'live' | 'history';
}

/** A typing indicator a user sent to another. */
export interface TypingSent {
  readonly from: string;
  readonly to: string;
  readonly sentMs: number;
  /** Whether the recipient was connected (per the client-side model) when it was sent. */
  readonly recipientConnected: boolean;
}

export interface TypingReceived {
  readonly from: string;
  readonly to: string;
  readonly receivedMs: number;
}

/** A user's connection spans: connected from `openMs` until `closeMs` (absent: still open). */
export interface ConnectionSpan {
  readonly user: string;
  readonly openMs: number;
  readonly closeMs?: number;
  /** The server the connection landed on (`x-server-id` of the upgrade, or the first frame). */
  readonly server: string;
  /**
   * When the first history read on this connection that succeeded was sent: every message
   * stored (acknowledged) before then must be in it. Absent when no catch-up succeeded.
   */
  readonly caughtUpMs?: number;
}

/** A `{"type":"read","upTo"}` a user sent: everything received up to `upTo` is read. */
export interface ReadMark {
  readonly user: string;
  readonly upTo: string;
  readonly sentMs: number;
}

/** What the servers said at the end, read through the balancer after a grace period. */
export interface FinalState {
  readonly unread: Readonly<Record<string, number | undefined>>;
  readonly online: Readonly<Record<string, boolean | undefined>>;
  /** Whether each user was connected at the end, per the client. */
  readonly connected: Readonly<Record<string, boolean>>;
  /** When the final state was read. */
  readonly atMs: number;
}

export interface ChatHistory {
  readonly users: readonly string[];
  readonly sent: readonly SentMessage[];
  readonly received: readonly ReceivedMessage[];
  readonly typingSent: readonly TypingSent[];
  readonly typingReceived: readonly TypingReceived[];
  readonly reads: readonly ReadMark[];
  readonly connections: readonly ConnectionSpan[];
  readonly final: FinalState;
}

export const CHAT_KINDS = ['lost', 'duplicated', 'out-of-order', 'unread-mismatch', 'stale-presence', 'typing-lost'] as const;
export type ChatKind = (typeof CHAT_KINDS)[number];

/**
 * What arrived after its window but before the end: late, not lost, and no error. A
 * message counts by its first live receipt (one caught up from history after a
 * reconnect measures the absence, not the delivery).
 */
export type ChatLate = LateArrivals;

/** The user it happened to is the example's `account`. */
export type ChatExample = CheckerExample<ChatKind>;

export type ChatReport = CheckerReport<ChatKind>;
