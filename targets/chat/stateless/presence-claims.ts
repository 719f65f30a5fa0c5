/**
 * `join` and `leave` of a bus whose presence is one claim per (user, server) in a shared
 * store (redis-bus.ts, sqlite-bus.ts), written once. A socket closing while another of
 * the same user is joining here must not withdraw the claim the joining one has just
 * made: its withdrawal would reach the store after that claim. So joins under way are
 * counted by user, and a leave withdraws only when the user has no socket here and no
 * join under way.
 */
import type { LocalSockets } from '../sockets.js';
import type { ChatBus } from '../store.js';

export interface PresenceClaims {
  readonly sockets: LocalSockets;
  /** Claims (or renews) this server's hold on the user in the store. */
  claim(user: string): Promise<void>;
  /** Withdraws this server's claim only. */
  withdraw(user: string): Promise<void>;
}

export function presenceJoinLeave({ sockets, claim, withdraw }: PresenceClaims): Pick<ChatBus, 'join' | 'leave'> {
  const joining = new Map<string, number>();
  return {
    join: async (user) => {
      joining.set(user, (joining.get(user) ?? 0) + 1);
      try {
        await claim(user);
      } finally {
        const left = (joining.get(user) ?? 1) - 1;
        if (left > 0) joining.set(user, left);
        else joining.delete(user);
      }
    },
    leave: async (user) => {
      if (sockets.has(user) || joining.has(user)) return;
      await withdraw(user);
    },
  };
}
