/**
 * Builds hand-written chat histories for the checker tests: messages sent and received,
 * connection spans, and a final state that by default claims nothing.
 */
import type {
  ChatHistory,
  ChatReport,
  ConnectionSpan,
  FinalState,
  ReceivedMessage,
  SentMessage,
} from '../../../../src/scenarios/chat/history.js';

/** A message sent at `sentMs`, acknowledged 5 ms later unless `acked` is false. */
export function sent(id: string, from: string, to: string, sentMs: number, acked = true): SentMessage {
  return acked ? { id, from, to, sentMs, ackedMs: sentMs + 5 } : { id, from, to, sentMs };
}

const receipt = (message: SentMessage, receivedMs: number, via: ReceivedMessage['via']): ReceivedMessage => ({
  id: message.id,
  from: message.from,
  to: message.to,
  receivedMs,
  via,
});

/** The recipient got `message` over its WebSocket. */
export const live = (message: SentMessage, receivedMs: number): ReceivedMessage => receipt(message, receivedMs, 'live');

/** The recipient got `message` from `GET /users/:u/messages?after=` after a reconnect. */
export const caughtUp = (message: SentMessage, receivedMs: number): ReceivedMessage => receipt(message, receivedMs, 'history');

/**
 * A connection of `user`; as the real client does, it reads its history as it opens
 * (`caughtUpMs`, by default at `openMs`; null: every read on it failed).
 */
export function span(user: string, openMs: number, closeMs?: number, server = 'server-1', caughtUpMs: number | null = openMs): ConnectionSpan {
  return { user, openMs, server, ...(closeMs === undefined ? {} : { closeMs }), ...(caughtUpMs === null ? {} : { caughtUpMs }) };
}

type Parts = Partial<Omit<ChatHistory, 'final'>> & { readonly final?: Partial<FinalState> };

/** alice and bob, and nothing happening unless told; the final state is read at 10 s. */
export function chat(parts: Parts = {}): ChatHistory {
  const { final, ...rest } = parts;
  return {
    users: ['alice', 'bob'],
    sent: [],
    received: [],
    typingSent: [],
    typingReceived: [],
    reads: [],
    connections: [],
    ...rest,
    final: { unread: {}, online: {}, connected: {}, atMs: 10_000, ...final },
  };
}

/** The kinds a report found, without the zeros. */
export const found = (report: ChatReport) => Object.fromEntries(Object.entries(report.byKind).filter(([, count]) => count > 0));
