/**
 * Presence and delivery within this process only: a user is online when connected to
 * this very server, and a frame reaches only the sockets held here. A recipient behind
 * another server of the fleet is, to this one, simply offline.
 */
import type { LocalSockets } from '../sockets.js';
import type { ChatBus } from '../store.js';

export function createMemoryBus(sockets: LocalSockets): ChatBus {
  return {
    // The socket registry is the presence: nothing to announce, nothing to withdraw.
    join: async () => undefined,
    leave: async () => undefined,
    online: async (user) => sockets.has(user),
    deliver: async (user, frame) => void sockets.deliver(user, frame),
    close: async () => undefined,
  };
}
