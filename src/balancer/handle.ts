/**
 * The parent's handle over a running balancer process: request/reply over IPC, and a
 * polite-then-forceful close.
 */
import type { ChildProcess } from 'node:child_process';
import { ConfigError, EnvironmentError } from '../errors.js';
import { isRunning, signalChild } from '../fleet/signal.js';
import type { BackendSpec, BalancerEvent, BalancerStats, ChildMessage, CommandMessage } from './protocol.js';
import { isChildMessage } from './protocol.js';
import { toxicProblems, type Toxic } from './toxics.js';

export interface BalancerHandle {
  /** e.g. `http://127.0.0.1:41234` */
  readonly url: string;
  readonly port: number;
  readonly pid: number;
  /** Resolves once the balancer routes to the backend (re-adding an id undrains it). */
  add(backend: BackendSpec): Promise<void>;
  /** Resolves once no new request goes to the backend; in-flight ones finish. */
  remove(id: string): Promise<void>;
  /** Like remove, but the backend stays listed (and counted) as draining. */
  drain(id: string): Promise<void>;
  /**
   * Puts a toxic on the network between the balancer and a current member (replacing its
   * toxic, if any); resolves once it is in effect. A `reset` has then already reset the
   * requests and upgraded connections open to it. Rejects with a ConfigError for a bad
   * toxic or an unknown backend.
   */
  setToxic(id: string, toxic: Toxic): Promise<void>;
  /** Removes the backend's toxic; resolves once it is no longer applied. Idempotent. */
  clearToxic(id: string): Promise<void>;
  stats(): Promise<BalancerStats>;
  /** Asks the process to stop, SIGKILLs it after 2 s; idempotent. */
  close(): Promise<void>;
  /** SIGKILL now, synchronously, for `process.on('exit')` handlers. */
  killSync(): void;
}

export interface HandleOptions {
  readonly url: string;
  readonly port: number;
  /** Resolves when the process has exited. */
  readonly exited: Promise<void>;
  /** How it exited, once it has. */
  readonly exitInfo: () => string | undefined;
  readonly signal?: AbortSignal;
  readonly onEvent?: (event: BalancerEvent) => void;
}

const KILL_AFTER_MS = 2000;

type Waiter = { resolve: (m: ChildMessage) => void; reject: (e: Error) => void };

/** Wraps a balancer process that has answered `ready`. */
export function createHandle(child: ChildProcess, o: HandleOptions): BalancerHandle {
  const pending = new Map<number, Waiter>();
  let nextReqId = 1;
  let closing: Promise<void> | undefined;
  const running = (): boolean => isRunning(child);
  // Only an unanswered request keeps the parent alive; an idle balancer must not hold its exit.
  const reref = (): void => {
    if (pending.size > 0) child.channel?.ref();
    else child.channel?.unref();
  };
  child.unref();
  reref();

  child.on('message', (message: unknown) => {
    if (!isChildMessage(message)) return;
    if (message.type === 'event') return o.onEvent?.(message);
    if (message.type !== 'stats' && message.type !== 'ack' && message.type !== 'nack') return;
    const waiter = pending.get(message.reqId);
    pending.delete(message.reqId);
    reref();
    if (message.type === 'nack') waiter?.reject(new ConfigError(`balancer: ${message.message}`));
    else waiter?.resolve(message);
  });
  void o.exited.then(() => {
    for (const waiter of pending.values()) waiter.reject(new EnvironmentError(`balancer process stopped (${o.exitInfo()})`));
    pending.clear();
  });

  const request = (message: CommandMessage & { reqId: number }): Promise<ChildMessage> =>
    new Promise((resolve, reject) => {
      if (!child.connected) {
        return reject(new EnvironmentError(`balancer process is not running (${o.exitInfo() ?? 'disconnected'})`));
      }
      pending.set(message.reqId, { resolve, reject });
      reref();
      child.send(message, (error) => {
        if (!error || !pending.delete(message.reqId)) return;
        reref();
        reject(new EnvironmentError(`balancer did not take the message: ${error.message}`));
      });
    });

  const onAbort = (): void => void handle.close();
  o.signal?.addEventListener('abort', onAbort, { once: true });

  const handle: BalancerHandle = {
    url: o.url,
    port: o.port,
    pid: child.pid ?? -1,
    add: async (backend) => void (await request({ type: 'add', backend, reqId: nextReqId++ })),
    remove: async (id) => void (await request({ type: 'remove', id, reqId: nextReqId++ })),
    drain: async (id) => void (await request({ type: 'drain', id, reqId: nextReqId++ })),
    async setToxic(id, toxic) {
      const problems = toxicProblems(toxic);
      if (problems.length > 0) throw new ConfigError(problems);
      await request({ type: 'set-toxic', id, toxic, reqId: nextReqId++ });
    },
    clearToxic: async (id) => void (await request({ type: 'clear-toxic', id, reqId: nextReqId++ })),
    async stats() {
      const reply = (await request({ type: 'stats', reqId: nextReqId++ })) as Extract<ChildMessage, { type: 'stats' }>;
      const { type: _type, reqId: _reqId, ...stats } = reply;
      return stats;
    },
    close() {
      closing ??= (async () => {
        o.signal?.removeEventListener('abort', onAbort);
        if (!running()) return;
        child.ref();
        if (child.connected) child.send({ type: 'close' }, () => {});
        else signalChild(child, 'SIGTERM');
        const killer = setTimeout(() => signalChild(child, 'SIGKILL'), KILL_AFTER_MS);
        await o.exited;
        clearTimeout(killer);
      })();
      return closing;
    },
    killSync() {
      signalChild(child, 'SIGKILL');
    },
  };
  return handle;
}
