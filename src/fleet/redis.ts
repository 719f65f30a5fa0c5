import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { EnvironmentError } from '../errors.js';
import { trackChild, untrackChild } from './children.js';
import { backoff } from './backoff.js';
import { guardChild } from './guard.js';
import { withLog } from './log-file.js';
import { freePort } from './ports.js';
import { pingLoopback } from './redis-ping.js';
import { lastLines } from './server-process.js';
import { isRunning, signalChild } from './signal.js';

/** The Redis a stateless fleet keeps its state in. */
export interface RedisHandle {
  readonly url: string;
  /** True when statebench started it (and so stops it, and can fault it). */
  readonly owned: boolean;
  readonly pid?: number;
  /** Store faults, for a Redis statebench owns: undefined for a given one. */
  readonly faults?: StoreFaults;
  close(): Promise<void>;
}

/** What the chaos vocabulary can do to a store statebench provides (a private Redis, a SQLite file). */
export interface StoreFaults {
  /** Unreachable (Redis: SIGSTOP), data kept; resolves once in effect. */
  pause(): void | Promise<void>;
  resume(): void | Promise<void>;
  /** SIGKILL: its data is gone (it keeps nothing on disk). */
  crash(): Promise<void>;
  /** Starts it again, empty, on the same port. */
  restart(): Promise<void>;
}

export interface ProvideRedisOptions {
  /** `--redis-url` or `REDIS_URL`; absent means start a private `redis-server`. */
  readonly url?: string;
  readonly logDir: string;
  readonly signal?: AbortSignal;
  /** The Redis server to run, looked up on PATH. @default 'redis-server' */
  readonly command?: string;
}

/** docs/design.md, "The parts": the given Redis, else a private `redis-server` from PATH, else a clear error. */
export async function provideRedis(options: ProvideRedisOptions): Promise<RedisHandle> {
  if (options.url) {
    const problem = await ping(options.url, 2000);
    if (problem) {
      throw new EnvironmentError(
        `Redis at ${options.url} did not answer PING (${problem}). Start Redis there, or leave --redis-url and REDIS_URL unset to let statebench start a private redis-server.`,
      );
    }
    return { url: options.url, owned: false, close: async () => {} };
  }
  const redis = new PrivateRedis(await freePort(), join(options.logDir, 'redis.log'), options.command ?? 'redis-server');
  await redis.start(options.signal);
  return redis;
}

/**
 * A `redis-server` of statebench's own on a loopback port, persisting nothing. It does not
 * watch statebench as the targets do, so a watchdog (guard.ts) kills it if statebench dies
 * without stopping it. Faults signal the redis-server process itself.
 */
class PrivateRedis implements RedisHandle, StoreFaults {
  readonly owned = true;
  readonly url: string;
  private child: ChildProcess | undefined;
  private exited: Promise<void> = Promise.resolve();

  constructor(
    private readonly port: number,
    private readonly logFile: string,
    private readonly command: string,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.running ? this.child?.pid : undefined;
  }

  get faults(): StoreFaults {
    return this;
  }

  private get running(): boolean {
    return this.child !== undefined && isRunning(this.child);
  }

  async start(signal?: AbortSignal): Promise<void> {
    const { logFile } = this;
    const child = withLog(logFile, 'the private redis-server', (fd) =>
      spawn(
        this.command,
        ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
        { env: { ...process.env, STATEBENCH_PARENT_PID: String(process.pid) }, stdio: ['ignore', fd, fd] },
      ),
    );
    let spawnError: NodeJS.ErrnoException | undefined;
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (child.pid === undefined) spawnError = error;
    });
    this.child = child;
    trackChild(child.pid, 'redis-server');
    const guard = child.pid === undefined ? undefined : guardChild(child.pid);
    this.exited = new Promise((resolve) => {
      // Disarmed as the child is reaped, in the same tick: the watchdog never signals a reused pid.
      child.once('exit', () => {
        guard?.disarm();
        untrackChild(child.pid);
      });
      child.once('close', () => resolve());
    });
    const deadline = Date.now() + 5000;
    let problem: string | undefined = 'not started';
    const pauses = backoff();
    while (isRunning(child) && Date.now() < deadline && !signal?.aborted) {
      problem = await pingLoopback(this.port, 300);
      if (!problem) return;
      await new Promise((resolve) => setTimeout(resolve, pauses.next().value));
    }
    signalChild(child, 'SIGKILL');
    await this.exited;
    signal?.throwIfAborted(); // an interrupt, not a Redis that failed
    if (spawnError?.code === 'ENOENT') {
      throw new EnvironmentError(
        `No Redis: --redis-url and REDIS_URL are unset and ${this.command} is not on PATH. Install Redis (apt-get install redis-server), pass --redis-url redis://127.0.0.1:6379, or use SQLite (--store sqlite or auto).`,
      );
    }
    const cause = spawnError ? `${this.command}: ${spawnError.message}` : problem;
    throw new EnvironmentError(`The private redis-server on port ${this.port} did not start (${cause}).\n  ${lastLines(logFile, 5)}`);
  }

  pause(): void {
    if (this.child) signalChild(this.child, 'SIGSTOP');
  }

  resume(): void {
    if (this.child) signalChild(this.child, 'SIGCONT');
  }

  async crash(): Promise<void> {
    if (!this.child || !this.running) return;
    signalChild(this.child, 'SIGKILL');
    await this.exited;
  }

  restart(): Promise<void> {
    return this.start();
  }

  async close(): Promise<void> {
    const child = this.child;
    if (!child || !isRunning(child)) return;
    signalChild(child, 'SIGCONT'); // a paused Redis cannot act on SIGTERM
    signalChild(child, 'SIGTERM');
    const timer = setTimeout(() => signalChild(child, 'SIGKILL'), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}

/**
 * Undefined when Redis at `url` answers PING in time, else what went wrong. ioredis is
 * loaded here, when a Redis is given by URL, and not by every run (redis-ping.ts).
 */
export async function ping(url: string, timeoutMs: number): Promise<string | undefined> {
  const { Redis } = await import('ioredis');
  const client = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableOfflineQueue: false,
  });
  client.on('error', () => {});
  try {
    await client.connect();
    await client.ping();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    client.disconnect();
  }
}
