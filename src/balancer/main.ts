/**
 * The balancer process. Started by `startBalancer()` (client.ts) with an IPC channel:
 * waits for `init`, listens, answers `ready`, then obeys membership commands until
 * `close`, SIGTERM, or the parent going away. It shares no event loop with the driver,
 * as a real balancer would not. Logs go to stdout (the parent's log file, if any).
 *
 * With `init.workers` above 1 it listens through that many copies of itself instead
 * (workers.ts), each started the same way by this process, and speaks for them.
 */
import cluster from 'node:cluster';
import { startBalancerServer } from './balancer.js';
import { applyCommand, type Service } from './commands.js';
import { sampleSaturation } from '../metrics/saturation.js';
import { isParentMessage, type ChildMessage, type InitMessage } from './protocol.js';
import { startWorkers } from './workers.js';

/** How long a polite shutdown may take before the process just exits. */
const SHUTDOWN_GRACE_MS = 1500;
const PARENT_POLL_MS = 1000;

/** `balancer`, or `balancer worker 2/4` in a primary's worker. */
let name = 'balancer';

function log(line: string): void {
  console.log(`${new Date().toISOString()} ${name} ${line}`);
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

let service: Service | undefined;
let starting = false;
let exiting = false;

async function shutdown(code: number, why: string): Promise<never> {
  if (!exiting) {
    exiting = true;
    log(`stopping: ${why}`);
    const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([service?.close(), grace]);
  }
  process.exit(code);
}

function policyNote(message: InitMessage): string {
  const notes = [message.redispatch === false ? 'redispatch off' : '', message.strategy === 'hash' || message.strategy === 'source' ? message.hashMode : ''];
  const shown = notes.filter(Boolean);
  return shown.length === 0 ? '' : ` (${shown.join(', ')})`;
}

/** This process's own balancer, with its event-loop delay and CPU from ready on, for `stats` (is the balancer the bottleneck?). */
async function serveHere(message: InitMessage): Promise<Service> {
  const balancer = await startBalancerServer(message, (backend, up, reason) => {
    log(`${backend.id} ${up ? 'up' : 'down'} (${reason})`);
    void send({ type: 'event', kind: up ? 'up' : 'down', id: backend.id, reason, at: Date.now() });
  });
  const saturation = sampleSaturation();
  return {
    port: balancer.port,
    apply: (command, reply) => void applyCommand(balancer, command, reply, saturation.read),
    close: () => balancer.close(),
  };
}

async function init(message: InitMessage): Promise<void> {
  starting = true;
  const workers = message.workers ?? 1;
  if (message.worker) name = `balancer worker ${message.worker.index}/${message.worker.count}`;
  try {
    service =
      workers > 1 && cluster.isPrimary
        ? await startWorkers(message, workers, {
            onEvent: (event) => {
              log(`${event.id} ${event.kind} (${event.reason})`);
              void send(event);
            },
            onLost: (why) => void shutdown(1, why),
          })
        : await serveHere(message);
    const how = workers > 1 ? `${workers} workers, each its own seed` : message.worker ? `seed ${message.seed}` : '';
    log(`${message.strategy}${policyNote(message)} on ${message.host}:${service.port} → ${message.backends.map((b) => b.id).join(', ')}${how ? ` (${how})` : ''}`);
    await send({ type: 'ready', port: service.port });
  } catch (error) {
    const { code, message: text } = error as NodeJS.ErrnoException;
    log(`cannot start: ${text}`);
    await send({ type: 'error', code: code ?? 'ERROR', message: text });
    await shutdown(1, 'start failed');
  }
}

/** Polls statebench itself (not this process's parent, which is a primary in a worker), so a `kill -9` of it leaves nothing. */
function watchParent(): void {
  const parent = Number(process.env.STATEBENCH_PARENT_PID);
  if (!Number.isInteger(parent) || parent <= 0) return;
  setInterval(() => {
    try {
      process.kill(parent, 0);
    } catch {
      void shutdown(0, `parent ${parent} is gone`);
    }
  }, PARENT_POLL_MS).unref();
}

if (!process.send) {
  console.error('statebench balancer: start it with startBalancer(); it needs an IPC channel to its parent.');
  process.exit(2);
}

process.on('message', (raw: unknown) => {
  if (!isParentMessage(raw)) return log(`ignoring unknown message ${JSON.stringify(raw)}`);
  if (raw.type === 'close') return void shutdown(0, 'asked to close');
  if (raw.type === 'init') {
    if (!starting) void init(raw);
    return;
  }
  if (!service) {
    if ('reqId' in raw && raw.reqId !== undefined) void send({ type: 'nack', reqId: raw.reqId, message: 'balancer not started' });
    return;
  }
  if (raw.type === 'add') log(`add ${raw.backend.id} ${raw.backend.url}`);
  else if (raw.type === 'set-toxic') log(`set-toxic ${raw.id} ${JSON.stringify(raw.toxic)}`);
  else if (raw.type !== 'stats') log(`${raw.type} ${raw.id}`);
  service.apply(raw, (reply) => void send(reply));
});
// The orchestrator decides when the balancer stops; Ctrl-C reaches it through the parent.
process.on('SIGINT', () => {});
if (cluster.isWorker) void send({ type: 'waiting' });
process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
process.on('disconnect', () => void shutdown(0, 'parent disconnected'));
watchParent();
