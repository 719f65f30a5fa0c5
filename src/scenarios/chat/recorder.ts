import type { ChatHistory, ConnectionSpan, FinalState, ReadMark, ReceivedMessage, SentMessage, TypingReceived, TypingSent } from './history.js';

/** The chat history as it is being written by every client of one design's run. */
export class ChatLog {
  readonly sent = new Map<string, SentMessage>();
  readonly received: ReceivedMessage[] = [];
  readonly typingSent: TypingSent[] = [];
  readonly typingReceived: TypingReceived[] = [];
  readonly reads: ReadMark[] = [];
  readonly connections: ConnectionSpan[] = [];
  /** Each user's latest span, by its index in `connections`. */
  readonly #latest = new Map<string, number>();

  constructor(readonly users: readonly string[]) {}

  send(message: SentMessage): void {
    this.sent.set(message.id, message);
  }

  ack(id: string, atMs: number): void {
    const message = this.sent.get(id);
    if (message && message.ackedMs === undefined) this.sent.set(id, { ...message, ackedMs: atMs });
  }

  /** Opens a span; the returned function closes it. */
  open(user: string, server: string, atMs: number): (closeMs: number) => void {
    const index = this.connections.push({ user, server, openMs: atMs }) - 1;
    this.#latest.set(user, index);
    return (closeMs) => {
      const span = this.connections[index]!;
      if (span.closeMs === undefined) this.connections[index] = { ...span, closeMs };
    };
  }

  /**
   * A catch-up from history that succeeded, its read sent at `readMs`: marked on the
   * user's latest connection, the one it was made for.
   */
  caughtUp(user: string, readMs: number): void {
    const index = this.#latest.get(user);
    const span = index === undefined ? undefined : this.connections[index];
    if (span && span.caughtUpMs === undefined) this.connections[index!] = { ...span, caughtUpMs: readMs };
  }

  /** A snapshot: what is logged after it (e.g. the clients closing) is not in it. */
  history(final: FinalState): ChatHistory {
    return {
      users: this.users,
      sent: [...this.sent.values()],
      received: [...this.received],
      typingSent: [...this.typingSent],
      typingReceived: [...this.typingReceived],
      reads: [...this.reads],
      connections: [...this.connections],
      final,
    };
  }
}
