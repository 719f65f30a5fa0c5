/**
 * The WebSockets this process holds, by user. A user may hold several at once (two
 * tabs, or a reconnect racing the close of the old socket): a frame goes to all.
 */
import { WebSocket } from 'ws';
import type { ServerFrame } from './protocol.js';

export interface LocalSockets {
  add(user: string, socket: WebSocket): void;
  /** Forgets `socket`; true when it was `user`'s last one here. */
  remove(user: string, socket: WebSocket): boolean;
  has(user: string): boolean;
  /** The users with at least one socket here. */
  users(): IterableIterator<string>;
  /** Sends `frame` to every open socket of `user` here; returns how many. */
  deliver(user: string, frame: ServerFrame): number;
}

export function createLocalSockets(): LocalSockets {
  const byUser = new Map<string, Set<WebSocket>>();
  return {
    add(user, socket) {
      const sockets = byUser.get(user) ?? new Set();
      sockets.add(socket);
      byUser.set(user, sockets);
    },
    remove(user, socket) {
      const sockets = byUser.get(user);
      if (!sockets?.delete(socket)) return false;
      if (sockets.size > 0) return false;
      byUser.delete(user);
      return true;
    },
    has: (user) => byUser.has(user),
    users: () => byUser.keys(),
    deliver(user, frame) {
      const sockets = byUser.get(user);
      if (!sockets) return 0;
      const text = JSON.stringify(frame); // serialised once, however many sockets
      let sent = 0;
      for (const socket of sockets) {
        if (socket.readyState !== WebSocket.OPEN) continue;
        socket.send(text);
        sent++;
      }
      return sent;
    },
  };
}
