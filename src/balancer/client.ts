/**
 * The orchestrator's side of the balancer: forks the balancer process, speaks the IPC
 * protocol of protocol.ts, and makes sure the process does not outlive its parent.
 */
import { fork, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { StrategyName } from '../config/types.js';
import { AbortedError, ConfigError, EnvironmentError, StatebenchError } from '../errors.js';
import { createHandle, type BalancerHandle } from './handle.js';
import { parseBackendUrl } from './membership.js';
import type { BackendSpec, BalancerEvent, ChildMessage, InitMessage } from './protocol.js';
import { isChildMessage } from './protocol.js';
import { STRATEGY_NAMES, isStrategyName } from './strategies/index.js';

export type { BalancerHandle } from './handle.js';
export type { BackendSpec, BalancerEvent, BalancerStats } from './protocol.js';

export interface BalancerOptions {
  readonly strategy: StrategyName;
  /** Seeds the balancer's RNG (the `random` strategy). */
  readonly seed: number;
  readonly backends: readonly BackendSpec[];
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default '/healthz' */
  readonly healthPath?: string;
  /** @default 200 */
  readonly healthIntervalMs?: number;
  /** @default 500 */
  readonly healthTimeoutMs?: number;
  /** No response headers from a backend after this long: 504. @default 10000 */
  readonly requestTimeoutMs?: number;
  /** Append the balancer's stdout and stderr here; otherwise stdout is dropped and stderr inherited. */
  readonly logFile?: string;
  /** Aborting closes the balancer (and fails a start still in progress). */
  readonly signal?: AbortSignal;
  /** Health transitions (`up`/`down`) as the balancer sees them. */
  readonly onEvent?: (event: BalancerEvent) => void;
  /** @default 10000 */
  readonly readyTimeoutMs?: number;
}

const live = new Set<ChildProcess>();
let exitHookInstalled = false;

/** SIGKILLs every balancer process this module started that is still running. Synchronous. */
export function killSync(): void {
  for (const child of live) child.kill('SIGKILL');
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

function positive(name: string, value: number | undefined, problems: string[]): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    problems.push(`Expected \`${name}\` to be a positive number of milliseconds, got \`${value}\`.`);
  }
}

/** Every problem with the options, one line each (empty when they are fine). */
export function validate(options: BalancerOptions): string[] {
  const problems: string[] = [];
  if (!isStrategyName(options.strategy)) {
    problems.push(`Expected the balancer strategy to be one of ${STRATEGY_NAMES.join(', ')}, got \`${options.strategy}\`.`);
  }
  const { port } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    problems.push(`Expected the balancer port to be an integer from 0 to 65535, got \`${port}\`.`);
  }
  positive('healthIntervalMs', options.healthIntervalMs, problems);
  positive('healthTimeoutMs', options.healthTimeoutMs, problems);
  positive('requestTimeoutMs', options.requestTimeoutMs, problems);
  const seen = new Set<string>();
  for (const backend of options.backends) {
    if (seen.has(backend.id)) problems.push(`Expected backend ids to be unique, got \`${backend.id}\` twice.`);
    seen.add(backend.id);
    try {
      parseBackendUrl(backend);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}

/** Forks the balancer process and resolves once it listens. */
export async function startBalancer(options: BalancerOptions): Promise<BalancerHandle> {
  const problems = validate(options);
  if (problems.length > 0) throw new ConfigError(problems);
  if (options.signal?.aborted) throw new AbortedError('balancer start aborted');
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
  };
  const where = `${init.host}:${init.port}`;
  const logHint = options.logFile ? `; see ${options.logFile}` : '';
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
      child.kill('SIGKILL');
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
    const onAbort = (): void => fail(new AbortedError('balancer start aborted'));
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
