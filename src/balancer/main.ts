/**
 * The balancer process. Started by `startBalancer()` (client.ts) with an IPC channel:
 * waits for `init`, listens, answers `ready`, then obeys membership commands until
 * `close`, SIGTERM, or the parent going away. It shares no event loop with the driver,
 * as a real balancer would not. Logs go to stdout (the parent's log file, if any).
 */
import { startBalancerServer, type RunningBalancer } from './balancer.js';
import { applyCommand } from './commands.js';
import { sampleSaturation, type SaturationSampler } from '../metrics/saturation.js';
import { isParentMessage, type ChildMessage, type InitMessage } from './protocol.js';

/** How long a polite shutdown may take before the process just exits. */
const SHUTDOWN_GRACE_MS = 1500;
const PARENT_POLL_MS = 1000;

function log(line: string): void {
  console.log(`${new Date().toISOString()} balancer ${line}`);
}

function send(message: ChildMessage): Promise<void> {
  return new Promise((resolve) => {
    if (!process.connected || !process.send) return resolve();
    process.send(message, undefined, {}, () => resolve());
  });
}

let balancer: RunningBalancer | undefined;
/** Its own event-loop delay and CPU from ready on, for `stats` (is the balancer the bottleneck?). */
let saturation: SaturationSampler | undefined;
let starting = false;
let exiting = false;

async function shutdown(code: number, why: string): Promise<never> {
  if (!exiting) {
    exiting = true;
    log(`stopping: ${why}`);
    const grace = new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref());
    await Promise.race([balancer?.close(), grace]);
  }
  process.exit(code);
}

function policyNote(message: InitMessage): string {
  const notes = [message.redispatch === false ? 'redispatch off' : '', message.strategy === 'hash' || message.strategy === 'source' ? message.hashMode : ''];
  const shown = notes.filter(Boolean);
  return shown.length === 0 ? '' : ` (${shown.join(', ')})`;
}

async function init(message: InitMessage): Promise<void> {
  starting = true;
  try {
    balancer = await startBalancerServer(message, (backend, up, reason) => {
      log(`${backend.id} ${up ? 'up' : 'down'} (${reason})`);
      void send({ type: 'event', kind: up ? 'up' : 'down', id: backend.id, reason, at: Date.now() });
    });
    log(`${message.strategy}${policyNote(message)} on ${message.host}:${balancer.port} → ${message.backends.map((b) => b.id).join(', ')}`);
    saturation = sampleSaturation();
    await send({ type: 'ready', port: balancer.port });
  } catch (error) {
    const { code, message: text } = error as NodeJS.ErrnoException;
    log(`cannot start: ${text}`);
    await send({ type: 'error', code: code ?? 'ERROR', message: text });
    await shutdown(1, 'start failed');
  }
}

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
  if (!balancer) {
    if ('reqId' in raw && raw.reqId !== undefined) void send({ type: 'nack', reqId: raw.reqId, message: 'balancer not started' });
    return;
  }
  if (raw.type === 'add') log(`add ${raw.backend.id} ${raw.backend.url}`);
  else if (raw.type === 'set-toxic') log(`set-toxic ${raw.id} ${JSON.stringify(raw.toxic)}`);
  else if (raw.type !== 'stats') log(`${raw.type} ${raw.id}`);
  applyCommand(balancer, raw, (reply) => void send(reply), saturation?.read);
});
// The orchestrator decides when the balancer stops; Ctrl-C reaches it through the parent.
process.on('SIGINT', () => {});
process.on('SIGTERM', () => void shutdown(0, 'SIGTERM'));
process.on('disconnect', () => void shutdown(0, 'parent disconnected'));
watchParent();
