/**
 * Logs and unread counts in a SQLite file that every server of the fleet opens
 * (docs/stores.md), so any server can answer for any user and a crash loses nothing
 * acknowledged. A message is one row of `chat_message` keyed by its recipient and its
 * 1-based seq in their log, unique per (recipient, id) so a re-send is stored once; the
 * unread count is one row per user. Each change is one write transaction, so a message
 * is never stored without being counted.
 */
import type { Sqlite } from '../../common/sqlite.js';
import type { ChatMessage } from '../protocol.js';
import type { ChatStore } from '../store.js';

/** Every table of chat on SQLite: the store's, and the bus's presence and outbox (sqlite-bus.ts). */
export const CHAT_SCHEMA = `
CREATE TABLE IF NOT EXISTS chat_message (
  recipient TEXT NOT NULL, seq INTEGER NOT NULL, id TEXT NOT NULL, message TEXT NOT NULL,
  PRIMARY KEY (recipient, seq)
) WITHOUT ROWID;
CREATE UNIQUE INDEX IF NOT EXISTS chat_message_id ON chat_message (recipient, id);
CREATE TABLE IF NOT EXISTS chat_unread (user TEXT PRIMARY KEY, count INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chat_typing (
  recipient TEXT NOT NULL, sender TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (recipient, sender)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chat_presence (
  user TEXT NOT NULL, server TEXT NOT NULL, expires_at INTEGER NOT NULL,
  PRIMARY KEY (user, server)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS chat_outbox (
  n INTEGER PRIMARY KEY AUTOINCREMENT, server TEXT NOT NULL, recipient TEXT NOT NULL,
  frame TEXT NOT NULL, created_at INTEGER NOT NULL
);
CREATE INDEX IF NOT EXISTS chat_outbox_server ON chat_outbox (server, n);`;

export interface SqliteStoreOptions {
  /** The opened database (with `CHAT_SCHEMA`); the store owns it and closes it on `close()`. */
  readonly db: Sqlite;
  /** How long a typing mark lives. @default 3000 */
  readonly typingTtlMs?: number;
}

const SEQ_OF = 'SELECT seq FROM chat_message WHERE recipient = ? AND id = ?';
const LAST_SEQ = 'SELECT coalesce(max(seq), 0) AS seq FROM chat_message WHERE recipient = ?';
const SET_UNREAD = 'INSERT INTO chat_unread (user, count) VALUES (?, ?) ON CONFLICT (user) DO UPDATE SET count = excluded.count';

/** A `ChatStore` on SQLite; every change is atomic and a message id is stored once per recipient. */
export function createSqliteStore({ db, typingTtlMs = 3_000 }: SqliteStoreOptions): ChatStore {
  return {
    append: (message) =>
      db.write((q) => {
        if (q(SEQ_OF).get(message.to, message.id)) return undefined;
        const seq = (q(LAST_SEQ).get(message.to) as { seq: number }).seq + 1;
        const stored: ChatMessage = { ...message, seq };
        q('INSERT INTO chat_message (recipient, seq, id, message) VALUES (?, ?, ?, ?)').run(message.to, seq, message.id, JSON.stringify(stored));
        q('INSERT INTO chat_unread (user, count) VALUES (?, 1) ON CONFLICT (user) DO UPDATE SET count = count + 1').run(message.to);
        return stored;
      }),
    read: (user, upTo) =>
      db.write((q) => {
        const at = q(SEQ_OF).get(user, upTo) as { seq: number } | undefined;
        if (at) q(SET_UNREAD).run(user, (q(LAST_SEQ).get(user) as { seq: number }).seq - at.seq);
      }),
    unread: (user) => db.run((q) => (q('SELECT count FROM chat_unread WHERE user = ?').get(user) as { count: number } | undefined)?.count ?? 0),
    messages: (user, after) =>
      db.run((q) => {
        const at = after === undefined ? undefined : (q(SEQ_OF).get(user, after) as { seq: number } | undefined);
        const rows = q('SELECT message FROM chat_message WHERE recipient = ? AND seq > ? ORDER BY seq').all(user, at?.seq ?? 0) as { message: string }[];
        return rows.map((row) => JSON.parse(row.message) as ChatMessage);
      }),
    typing: (from, to) =>
      db.write((q) => {
        const now = Date.now();
        q('DELETE FROM chat_typing WHERE recipient = ? AND expires_at <= ?').run(to, now);
        q('INSERT OR REPLACE INTO chat_typing (recipient, sender, expires_at) VALUES (?, ?, ?)').run(to, from, now + typingTtlMs);
      }),
    close: async () => db.close(),
  };
}
