/**
 * The seams between the chat protocol (app.ts) and a design. `ChatStore` is where the
 * logs and unread counts live; `ChatBus` is how a live frame finds its recipient and
 * who counts as online. The connections themselves are always this process's
 * (`LocalSockets`): that part of chat cannot move out of the server.
 */
import type { ChatMessage, NewMessage, ServerFrame } from './protocol.js';

/**
 * Each user's message log (what was sent to them, in the order it was stored) and
 * unread count. Anything a store throws is the store failing, not the client's fault.
 */
export interface ChatStore {
  /**
   * Appends `message` to its recipient's log and counts it unread, unless that log
   * already holds its id (a re-send). Resolves once stored: the message with its `seq`
   * when it was new, undefined for a re-send.
   */
  append(message: NewMessage): Promise<ChatMessage | undefined>;
  /** Sets `user`'s unread count to the messages in their log after `upTo`; an unknown id changes nothing. */
  read(user: string, upTo: string): Promise<void>;
  unread(user: string): Promise<number>;
  /** `user`'s log after message `after`, oldest first; all of it when `after` is absent or unknown. */
  messages(user: string, after: string | undefined): Promise<ChatMessage[]>;
  /** Notes that `from` is typing to `to`, for a moment. */
  typing(from: string, to: string): Promise<void>;
  /** Releases what the store holds (connections). */
  close(): Promise<void>;
}

/** Presence and live delivery. Delivery is best effort: a missed frame is in the log. */
export interface ChatBus {
  /** `user` opened a socket here; resolves once others can see it online and reach it. */
  join(user: string): Promise<void>;
  /** `user`'s last socket here closed. */
  leave(user: string): Promise<void>;
  online(user: string): Promise<boolean>;
  /** Sends `frame` to every socket of `user` this bus can reach. */
  deliver(user: string, frame: ServerFrame): Promise<void>;
  /** Stops heartbeats and subscriptions; does not close what it was lent. */
  close(): Promise<void>;
}
