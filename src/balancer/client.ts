/**
 * The orchestrator's side of the balancer: forks the balancer process, speaks the IPC
 * protocol of protocol.ts, and makes sure the process does not outlive its parent.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AbortedError, ConfigError, EnvironmentError, StatebenchError } from '../errors.js';
import { signalChild } from '../fleet/signal.js';
import { createHandle, type BalancerHandle } from './handle.js';
import { validate, type BalancerOptions } from './options.js';
import type { ChildMessage, InitMessage } from './protocol.js';
import { isChildMessage } from './protocol.js';

export type { BalancerHandle } from './handle.js';
export { HASH_MODES, validate, type BalancerOptions } from './options.js';
export type { BackendSpec, BalancerEvent, BalancerStats } from './protocol.js';
export type { Toxic, ToxicKind } from './toxics.js';
export { TOXIC_KINDS } from './toxics.js';

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** SIGKILLs every balancer process this module started that is still running. Synchronous. */
export function killSync(): void {
  for (const child of live) signalChild(child, 'SIGKILL');
}

/** The compiled entry: next to this file in dist/, or dist/ from the sources (tests). */
function entryPath(): string {
  const sibling = new URL('./main.js', import.meta.url);
  if (fs.existsSync(sibling)) return fileURLToPath(sibling);
  const compiled = new URL('../../dist/src/balancer/main.js', import.meta.url);
  if (fs.existsSync(compiled)) return fileURLToPath(compiled);
  throw new EnvironmentError(`The balancer entry ${fileURLToPath(sibling)} is missing; build first (npm run build).`);
}

function startError(message: Extract<ChildMessage, { type: 'error' }>, where: string): StatebenchError {
  if (message.code === 'EADDRINUSE') return new EnvironmentError(`balancer could not listen on ${where}: port in use`);
  if (message.code === 'EACCES') return new EnvironmentError(`balancer could not listen on ${where}: permission denied`);
  if (message.code === 'CONFIG_INVALID') return new ConfigError(message.message);
  return new EnvironmentError(`balancer could not start on ${where}: ${message.message}`);
}

/** The interruption itself when it is one (it names the signal, hence the exit code). */
function aborted(signal: AbortSignal | undefined): AbortedError {
  return signal?.reason instanceof AbortedError ? signal.reason : new AbortedError('balancer start aborted');
}

/** Forks the balancer process and resolves once it listens. */
export async function startBalancer(options: BalancerOptions): Promise<BalancerHandle> {
  const problems = validate(options);
  if (problems.length > 0) throw new ConfigError(problems);
  if (options.signal?.aborted) throw aborted(options.signal);
  const init: InitMessage = {
    type: 'init',
    strategy: options.strategy,
    seed: options.seed,
    host: options.host ?? '127.0.0.1',
    port: options.port ?? 0,
    backends: options.backends,
    healthPath: options.healthPath ?? '/healthz',
    healthIntervalMs: options.healthIntervalMs ?? 200,
    healthTimeoutMs: options.healthTimeoutMs ?? 500,
    requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
    redispatch: options.redispatch ?? true,
    hashMode: options.hashMode ?? 'consistent',
    workers: options.workers ?? 1,
  };
  const entry = entryPath();

  const logFd = options.logFile === undefined ? undefined : fs.openSync(options.logFile, 'a');
  let child: ChildProcess;
  try {
    child = fork(entry, [], {
      stdio: logFd === undefined ? ['ignore', 'ignore', 'inherit', 'ipc'] : ['ignore', logFd, logFd, 'ipc'],
      execArgv: [],
      env: { ...process.env, STATEBENCH_PARENT_PID: String(process.pid) },
      serialization: 'json',
    });
  } finally {
    if (logFd !== undefined) fs.closeSync(logFd);
  }
  return attachBalancer(child, init, options);
}

/**
 * Sends `init` to a balancer process just started (by `fork()`, or a primary's
 * `cluster.fork()`), kills it if it dies with its parent, and resolves once it listens.
 */
export async function attachBalancer(
  child: ChildProcess,
  init: InitMessage,
  options: Pick<BalancerOptions, 'logFile' | 'signal' | 'onEvent' | 'readyTimeoutMs'>,
): Promise<BalancerHandle> {
  const where = `${init.host}:${init.port}`;
  const logHint = options.logFile ? `; see ${options.logFile}` : '';
  live.add(child);
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    process.once('exit', killSync);
  }

  let exitInfo: string | undefined;
  const exited = new Promise<void>((resolve) => {
    child.once('exit', (code, signal) => {
      live.delete(child);
      exitInfo = signal ? `killed by ${signal}` : `exit code ${code}`;
      resolve();
    });
  });
  child.on('error', () => {}); // spawn errors surface as 'exit' and are reported from there

  const port = await new Promise<number>((resolve, reject) => {
    const readyTimeoutMs = options.readyTimeoutMs ?? 10_000;
    const fail = (error: Error): void => {
      cleanup();
      signalChild(child, 'SIGKILL');
      void exited.then(() => reject(error));
    };
    const onMessage = (message: unknown): void => {
      if (!isChildMessage(message)) return;
      if (message.type === 'ready') {
        cleanup();
        resolve(message.port);
      } else if (message.type === 'error') fail(startError(message, where));
    };
    const onExit = (): void => fail(new EnvironmentError(`balancer process stopped before it was ready (${exitInfo})${logHint}`));
    const onAbort = (): void => fail(aborted(options.signal));
    const timer = setTimeout(
      () => fail(new EnvironmentError(`balancer did not become ready on ${where} within ${readyTimeoutMs} ms${logHint}`)),
      readyTimeoutMs,
    );
    const cleanup = (): void => {
      clearTimeout(timer);
      child.off('message', onMessage);
      child.off('exit', onExit);
      options.signal?.removeEventListener('abort', onAbort);
    };
    child.on('message', onMessage);
    child.once('exit', onExit);
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.send(init);
  });

  return createHandle(child, {
    url: `http://${init.host}:${port}`,
    port,
    exited,
    exitInfo: () => exitInfo,
    signal: options.signal,
    onEvent: options.onEvent,
  });
}
