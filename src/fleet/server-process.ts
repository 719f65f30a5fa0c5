import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { request } from 'undici';
import { EnvironmentError } from '../errors.js';
import { trackChild, untrackChild } from './children.js';
import { backoff } from './backoff.js';
import { guardChild } from './guard.js';
import { withLog } from './log-file.js';
import { isRunning, signalChildGroup } from './signal.js';
import { expandTarget, READY_TIMEOUT_MS, type TargetDefinition, type TargetSlot } from './target.js';

/** One running server of a fleet: a real OS process. */
export interface ServerProcess {
  readonly id: string;
  readonly port: number;
  readonly url: string;
  readonly logFile: string;
  readonly pid: number | undefined;
  /** Resolves when the process has exited, however it ended. */
  readonly exited: Promise<void>;
  isAlive(): boolean;
  /** Sends a signal; SIGKILL is a crash, SIGTERM a graceful stop. */
  kill(signal: NodeJS.Signals): void;
}

export interface StartServerOptions {
  readonly definition: TargetDefinition;
  readonly slot: TargetSlot & { readonly port: number };
  readonly logFile: string;
  readonly signal?: AbortSignal;
}

/** Starts the server, waits until its health path answers 200, or throws an EnvironmentError. */
export async function startServer(options: StartServerOptions): Promise<ServerProcess> {
  const { definition, slot, logFile } = options;
  const spec = expandTarget(definition, slot);
  const child = withLog(logFile, slot.id, (fd) =>
    spawn(spec.command, spec.args, {
      cwd: spec.cwd,
      env: { ...process.env, ...spec.env, STATEBENCH_PARENT_PID: String(process.pid) },
      stdio: ['ignore', fd, fd],
      // Its own process group: a crash, a stop or the watchdog reaches whatever it started
      // (`npm start`'s node, gunicorn's workers), not only the command statebench ran.
      detached: true,
    }),
  );
  let spawnError: NodeJS.ErrnoException | undefined;
  child.on('error', (error: NodeJS.ErrnoException) => {
    if (child.pid === undefined) spawnError = error;
  });
  const label = `${definition.name} ${slot.id}`;
  trackChild(child.pid, label, true);
  // A user's own server need not watch STATEBENCH_PARENT_PID as the reference ones do: a
  // watchdog kills it if statebench dies, even by kill -9. Disarmed as the server is
  // reaped, in the same tick, so it never signals a reused pid.
  const guard = child.pid === undefined ? undefined : guardChild(child.pid, true);
  child.once('exit', () => {
    guard?.disarm();
    untrackChild(child.pid);
  });
  const exited = new Promise<void>((resolve) => child.once('close', () => resolve()));
  const url = `http://127.0.0.1:${slot.port}`;
  const server: ServerProcess = {
    id: slot.id,
    port: slot.port,
    url,
    logFile,
    pid: child.pid,
    exited,
    isAlive: () => isRunning(child),
    kill: (signal) => void signalChildGroup(child, signal),
  };
  try {
    await waitHealthy(server, definition.healthPath, definition.readyTimeoutMs ?? READY_TIMEOUT_MS, options.signal);
  } catch (error) {
    server.kill('SIGKILL');
    await exited;
    throw spawnError ? cannotRun(definition.name, slot.id, spec, spawnError) : error;
  }
  return server;
}

/**
 * A command that could not even be started: a typo, a missing binary, a missing folder.
 * Named with its design, the name the user wrote in the target file.
 */
function cannotRun(design: string, id: string, spec: { command: string; cwd: string }, error: NodeJS.ErrnoException): EnvironmentError {
  const where = `design \`${design}\`, ${id}`;
  if (error.code === 'ENOENT' && !existsSync(spec.cwd)) return new EnvironmentError(`${where}: its working directory ${spec.cwd} does not exist.`);
  if (error.code === 'ENOENT') {
    return new EnvironmentError(`command not found: ${spec.command} (${where}); check its \`command\` and the PATH statebench runs with.`);
  }
  return new EnvironmentError(`${where}: \`${spec.command}\` could not be started: ${error.message}.`);
}

async function waitHealthy(server: ServerProcess, healthPath: string, timeoutMs: number, signal?: AbortSignal) {
  const deadline = Date.now() + timeoutMs;
  const pauses = backoff();
  while (Date.now() < deadline) {
    signal?.throwIfAborted();
    if (!server.isAlive()) throw notReady(server, 'exited before it was ready');
    try {
      const response = await request(server.url + healthPath, { headersTimeout: 500, bodyTimeout: 500 });
      await response.body.dump();
      if (response.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, pauses.next().value));
  }
  throw notReady(server, `did not answer ${healthPath} within ${timeoutMs} ms`);
}

function notReady(server: ServerProcess, what: string): EnvironmentError {
  const tail = lastLines(server.logFile, 5);
  const log = tail ? `\n  last lines of ${server.logFile}:\n    ${tail.replaceAll('\n', '\n    ')}` : ` (log: ${server.logFile}, empty)`;
  return new EnvironmentError(`${server.id} on port ${server.port} ${what}${log}`);
}

export function lastLines(file: string, count: number): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-count).join('\n');
  } catch {
    return '';
  }
}
