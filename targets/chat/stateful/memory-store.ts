/**
 * Logs and unread counts in this process's memory, as a 2000s chat server kept them.
 * A message sent through another server never appears here, and a crash forgets every
 * log and count: the losses statebench measures.
 */
import type { ChatMessage } from '../protocol.js';
import type { ChatStore } from '../store.js';

interface Inbox {
  readonly log: ChatMessage[];
  /** id → index in `log`: the de-dup check and the `after`/`upTo` lookup in one. */
  readonly index: Map<string, number>;
  unread: number;
}

/** A `ChatStore` in one `Map`. No operation awaits, so each is atomic. */
export function createMemoryStore(): ChatStore {
  const inboxes = new Map<string, Inbox>();
  const inboxOf = (user: string): Inbox => {
    let inbox = inboxes.get(user);
    if (!inbox) inboxes.set(user, (inbox = { log: [], index: new Map(), unread: 0 }));
    return inbox;
  };

  return {
    append: async (message) => {
      const inbox = inboxOf(message.to);
      if (inbox.index.has(message.id)) return undefined;
      const stored = { ...message, seq: inbox.log.length + 1 };
      inbox.index.set(message.id, inbox.log.length);
      inbox.log.push(stored);
      inbox.unread++;
      return stored;
    },
    read: async (user, upTo) => {
      const inbox = inboxes.get(user);
      const at = inbox?.index.get(upTo);
      if (inbox && at !== undefined) inbox.unread = inbox.log.length - at - 1;
    },
    unread: async (user) => inboxes.get(user)?.unread ?? 0,
    messages: async (user, after) => {
      const inbox = inboxes.get(user);
      if (!inbox) return [];
      const at = after === undefined ? undefined : inbox.index.get(after);
      return inbox.log.slice(at === undefined ? 0 : at + 1);
    },
    // Typing is only the frame relayed to a socket here; there is nothing to remember.
    typing: async () => undefined,
    close: async () => undefined,
  };
}
