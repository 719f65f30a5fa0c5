/**
 * What the balancer process does with each command from the orchestrator. Membership
 * and toxic commands answer `ack`/`nack` when they carry a `reqId`, so the parent knows
 * the change is in effect before it sends the next request.
 */
import type { RunningBalancer } from './balancer.js';
import type { ProcessSaturation } from '../result.js';
import type { ChildMessage, CommandMessage } from './protocol.js';
import { toxicProblems } from './toxics.js';

export type Send = (message: ChildMessage) => void;

/** What the balancer process serves commands with: its own balancer, or its workers (workers.ts). */
export interface Service {
  readonly port: number;
  /** Applies a command; `close` is the caller's. */
  apply(message: Exclude<CommandMessage, { type: 'close' }>, send: Send): void;
  close(): Promise<void>;
}

/** Answers a command that carries a `reqId`: `ack`, or `nack` with the error. */
export function settle(send: Send, reqId: number | undefined, error: string | undefined): void {
  if (reqId === undefined) return;
  send(error === undefined ? { type: 'ack', reqId } : { type: 'nack', reqId, message: error });
}

/**
 * Applies one command; `close` is the caller's to handle, so it returns false for it.
 * `saturation` reads the process's own event-loop delay and CPU, for `stats`.
 */
export function applyCommand(balancer: RunningBalancer, message: CommandMessage, send: Send, saturation?: () => ProcessSaturation): boolean {
  const { membership, toxics } = balancer;
  switch (message.type) {
    case 'add':
      try {
        membership.add(message.backend);
        settle(send, message.reqId, undefined);
      } catch (error) {
        settle(send, message.reqId, (error as Error).message);
      }
      return true;
    case 'remove':
      settle(send, message.reqId, membership.remove(message.id) ? undefined : `unknown backend \`${message.id}\``);
      return true;
    case 'drain':
      settle(send, message.reqId, membership.drain(message.id) ? undefined : `unknown backend \`${message.id}\``);
      return true;
    case 'set-toxic': {
      const problems = toxicProblems(message.toxic);
      if (!membership.get(message.id)) problems.unshift(`unknown backend \`${message.id}\``);
      if (problems.length === 0) toxics.set(message.id, message.toxic);
      settle(send, message.reqId, problems.length === 0 ? undefined : problems.join(' '));
      return true;
    }
    case 'clear-toxic':
      // Idempotent, so that a fault's revert cannot fail after its backend was removed.
      toxics.clear(message.id);
      settle(send, message.reqId, undefined);
      return true;
    case 'stats':
      send({ type: 'stats', reqId: message.reqId, ...membership.stats(), ...toxics.stats(), ...(saturation ? { saturation: saturation() } : {}) });
      return true;
    case 'close':
      return false;
  }
}
