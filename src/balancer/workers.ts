/**
 * A balancer over several processes, for runs whose sockets one process's open-file limit
 * cannot hold (RLIMIT_NOFILE is per process; src/fleet/open-files.ts picks the count).
 * The balancer process becomes a primary: it starts `count` copies of itself with
 * `node:cluster`, each a whole balancer (its own membership, health checks, strategy and
 * seed) on the one shared port, forwards every command to all of them and speaks for them
 * as one balancer: stats added up, health events merged (workers-merge.ts).
 *
 * Connections are dealt round-robin (`SCHED_RR`): the primary accepts each and hands it
 * to the next free worker, which then holds it in its own file table. `SCHED_NONE`, where
 * each worker accepts for itself, leaves the split to the kernel's wake-ups, and Node's
 * documentation reports most connections landing in a few processes; an even split is
 * the point here.
 */
import cluster, { type Worker } from 'node:cluster';
import { attachBalancer, type BalancerHandle } from './client.js';
import { settle, type Service } from './commands.js';
import { isChildMessage, type BalancerEvent, type ChildMessage, type InitMessage } from './protocol.js';
import { HealthVote, mergeStats, workerSeed } from './workers-merge.js';

export interface WorkersOptions {
  /** A merged health transition. */
  readonly onEvent: (event: BalancerEvent) => void;
  /** A worker stopped on its own: the balancer cannot serve its share any more. */
  readonly onLost: (why: string) => void;
}

/** A worker's nack arrives as the handle's ConfigError; pass on the worker's own words. */
const reason = (error: unknown): string => (error instanceof Error ? error.message : String(error)).replace(/^balancer: /, '');

/** Resolves once the worker listens for its `init`, or has stopped (attachBalancer then says how). */
function waiting(worker: Worker): Promise<void> {
  return new Promise((resolve) => {
    const onMessage = (message: unknown): void => {
      if (isChildMessage(message) && message.type === 'waiting') done();
    };
    const done = (): void => {
      worker.process.off('message', onMessage);
      worker.process.off('exit', done);
      resolve();
    };
    worker.process.on('message', onMessage);
    worker.process.once('exit', done);
  });
}

/** Starts `count` workers on `init`'s port and resolves once all listen on the same one. */
export async function startWorkers(init: InitMessage, count: number, options: WorkersOptions): Promise<Service> {
  cluster.schedulingPolicy = cluster.SCHED_RR;
  cluster.setupPrimary({ execArgv: [], serialization: 'json' });
  const vote = new HealthVote();
  let closing = false;
  let startError: Extract<ChildMessage, { type: 'error' }> | undefined;
  const started = await Promise.allSettled(
    Array.from({ length: count }, async (_, index) => {
      const worker = cluster.fork();
      await waiting(worker);
      worker.process.on('message', (message: unknown) => {
        if (isChildMessage(message) && message.type === 'error') startError ??= message;
      });
      worker.process.once('exit', (code, signal) => {
        if (!closing) options.onLost(`worker ${index + 1} stopped (${signal ?? `exit code ${code}`})`);
      });
      const seed = workerSeed(init.seed, index);
      return attachBalancer(worker.process, { ...init, seed, workers: 1, worker: { index: index + 1, count } }, {
        onEvent: (event) => {
          const merged = vote.report(index, event);
          if (merged) options.onEvent(merged);
        },
      });
    }),
  );
  const handles = started.flatMap((result) => (result.status === 'fulfilled' ? [result.value] : []));
  const close = async (): Promise<void> => {
    closing = true;
    await Promise.all(handles.map((handle) => handle.close()));
  };
  const failed = started.find((result) => result.status === 'rejected');
  if (failed) {
    await close();
    // The first worker's own error (a taken port is EADDRINUSE), for the parent's message.
    throw startError ? Object.assign(new Error(startError.message), { code: startError.code }) : failed.reason;
  }
  return {
    port: handles[0]!.port,
    apply(message, send) {
      const all = <T>(act: (handle: BalancerHandle) => Promise<T>): Promise<T[]> => Promise.all(handles.map(act));
      const answer = (done: Promise<unknown>): void =>
        void done.then(
          () => settle(send, message.reqId, undefined),
          (error: unknown) => settle(send, message.reqId, reason(error)),
        );
      switch (message.type) {
        case 'add':
          return answer(all((handle) => handle.add(message.backend)));
        case 'remove':
          vote.forget(message.id);
          return answer(all((handle) => handle.remove(message.id)));
        case 'drain':
          return answer(all((handle) => handle.drain(message.id)));
        case 'set-toxic':
          return answer(all((handle) => handle.setToxic(message.id, message.toxic)));
        case 'clear-toxic':
          return answer(all((handle) => handle.clearToxic(message.id)));
        case 'stats':
          return void all((handle) => handle.stats()).then(
            (list) => send({ type: 'stats', reqId: message.reqId, ...mergeStats(list) }),
            (error: unknown) => settle(send, message.reqId, reason(error)),
          );
      }
    },
    close,
  };
}
