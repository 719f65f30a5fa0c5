/**
 * Presence and routing through the SQLite file (docs/stores.md). SQLite has no pub/sub,
 * so a frame for a user held by another server goes through an OUTBOX: a row per
 * server holding the user, which that server picks up by polling every `pollMs`. The
 * poll interval is a cost in delivery latency (a frame waits half of it on average), and
 * each server reports it in `/healthz` as `pollMs`.
 *
 * Presence is as on Redis: `chat_presence` holds one claim per (user, server), lapsing
 * 3 s after its server last renewed it, which it does for its users every second, so a
 * crashed server's users fall offline on their own. The servers of a fleet share one
 * machine, hence one clock. A frame whose recipient moved, or whose server died, is
 * still in the log, which the client reads on reconnect.
 */
import type { Sqlite } from '../../common/sqlite.js';
import type { ServerFrame } from '../protocol.js';
import type { LocalSockets } from '../sockets.js';
import type { ChatBus } from '../store.js';
import { presenceJoinLeave } from './presence-claims.js';

export interface SqliteBusOptions {
  /** Lent by the store, never closed here. */
  readonly db: Sqlite;
  readonly serverId: string;
  readonly sockets: LocalSockets;
  /** How often this server reads its outbox. */
  readonly pollMs: number;
  /** @default 3000 */
  readonly presenceTtlMs?: number;
  /** @default 1000 */
  readonly heartbeatMs?: number;
}

/** Outbox rows older than this had no server to read them (it died): the heartbeat drops them. */
const OUTBOX_KEEP_MS = 30_000;
/** Most frames one poll hands out, so a backlog is drained in short transactions. */
const POLL_BATCH = 500;

const CLAIM = 'INSERT OR REPLACE INTO chat_presence (user, server, expires_at) VALUES (?, ?, ?)';

/** Starts the presence heartbeat and the outbox poll of this server. */
export async function createSqliteBus(options: SqliteBusOptions): Promise<ChatBus> {
  const { db, serverId, sockets, pollMs, presenceTtlMs = 3_000, heartbeatMs = 1_000 } = options;

  // A restarted server holds no socket yet: what was routed to its old self had nobody to go to.
  await db.write((q) => q('DELETE FROM chat_outbox WHERE server = ?').run(serverId));

  const heartbeat = setInterval(() => {
    const now = Date.now();
    // A failed beat (the store locked or gone) is retried by the next one; the TTL covers the gap.
    db.tryWrite((q) => {
      for (const user of sockets.users()) q(CLAIM).run(user, serverId, now + presenceTtlMs);
      q('DELETE FROM chat_presence WHERE expires_at <= ?').run(now);
      q('DELETE FROM chat_typing WHERE expires_at <= ?').run(now);
      q('DELETE FROM chat_outbox WHERE created_at <= ?').run(now - OUTBOX_KEEP_MS);
    });
  }, heartbeatMs);

  /** Hands out this server's waiting frames and deletes them, in one transaction: each goes out once. */
  function poll(): void {
    // A read first: most polls find nothing, and must not queue for the write lock to learn it.
    if (!db.tryRun((q) => q('SELECT 1 FROM chat_outbox WHERE server = ? LIMIT 1').get(serverId))) return;
    const frames = db.tryWrite((q) => {
      const rows = q('SELECT n, recipient, frame FROM chat_outbox WHERE server = ? ORDER BY n LIMIT ?').all(serverId, POLL_BATCH) as {
        n: number;
        recipient: string;
        frame: string;
      }[];
      const last = rows.at(-1);
      if (last) q('DELETE FROM chat_outbox WHERE server = ? AND n <= ?').run(serverId, last.n);
      return rows;
    });
    for (const { recipient, frame } of frames ?? []) {
      try {
        sockets.deliver(recipient, JSON.parse(frame) as ServerFrame);
      } catch {
        // Not ours to answer: a malformed row has no sender waiting on it.
      }
    }
  }
  const poller = setInterval(() => {
    try {
      poll();
    } catch {
      // The store failing: the next poll tries again.
    }
  }, pollMs);

  return {
    ...presenceJoinLeave({
      sockets,
      claim: (user) => db.write((q) => void q(CLAIM).run(user, serverId, Date.now() + presenceTtlMs)),
      withdraw: (user) => db.write((q) => void q('DELETE FROM chat_presence WHERE user = ? AND server = ?').run(user, serverId)),
    }),
    online: (user) => db.run((q) => q('SELECT 1 FROM chat_presence WHERE user = ? AND expires_at > ? LIMIT 1').get(user, Date.now()) !== undefined),
    deliver: async (to, frame) => {
      // Local sockets first: this server's own claim gets no outbox row.
      sockets.deliver(to, frame);
      const text = JSON.stringify(frame);
      await db.write((q) => {
        const now = Date.now();
        q('DELETE FROM chat_presence WHERE user = ? AND expires_at <= ?').run(to, now);
        const servers = q('SELECT server FROM chat_presence WHERE user = ? AND server != ?').all(to, serverId) as { server: string }[];
        const insert = q('INSERT INTO chat_outbox (server, recipient, frame, created_at) VALUES (?, ?, ?, ?)');
        for (const { server } of servers) insert.run(server, to, text, now);
      });
    },
    close: async () => {
      clearInterval(heartbeat);
      clearInterval(poller);
    },
  };
}
