import { join } from 'node:path';
import { execa, type ResultPromise } from 'execa';
import { Redis } from 'ioredis';
import { EnvironmentError } from '../errors.js';
import { trackChild, untrackChild } from './children.js';
import { freePort } from './ports.js';
import { lastLines } from './server-process.js';

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

/** What the chaos vocabulary can do to a private Redis. */
export interface StoreFaults {
  /** SIGSTOP: unreachable, data kept. */
  pause(): void;
  resume(): void;
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
}

/** DESIGN.md §2: the given Redis, else a private `redis-server` from PATH, else a clear error. */
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
  const redis = new PrivateRedis(await freePort(), join(options.logDir, 'redis.log'));
  await redis.start(options.signal);
  return redis;
}

/** A `redis-server` of statebench's own on a loopback port, persisting nothing. */
class PrivateRedis implements RedisHandle, StoreFaults {
  readonly owned = true;
  readonly url: string;
  private child: ResultPromise | undefined;
  private exited: Promise<unknown> = Promise.resolve();
  private alive = false;

  constructor(
    private readonly port: number,
    private readonly logFile: string,
  ) {
    this.url = `redis://127.0.0.1:${port}`;
  }

  get pid(): number | undefined {
    return this.alive ? this.child?.pid : undefined;
  }

  get faults(): StoreFaults {
    return this;
  }

  async start(signal?: AbortSignal): Promise<void> {
    const { logFile } = this;
    const child = execa(
      'redis-server',
      ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
      {
        env: { STATEBENCH_PARENT_PID: String(process.pid) },
        stdin: 'ignore',
        stdout: { file: logFile, append: true },
        stderr: { file: logFile, append: true },
        reject: false,
        cleanup: true,
      },
    );
    this.child = child;
    this.alive = child.pid !== undefined;
    trackChild(child.pid, 'redis-server');
    this.exited = child.then((result) => {
      if (this.child === child) this.alive = false;
      untrackChild(child.pid);
      return result;
    });
    const deadline = Date.now() + 5000;
    let problem: string | undefined = 'not started';
    while (this.alive && Date.now() < deadline && !signal?.aborted) {
      problem = await ping(this.url, 300);
      if (!problem) return;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
    child.kill('SIGKILL');
    const result = (await this.exited) as { code?: string };
    throw new EnvironmentError(
      result.code === 'ENOENT'
        ? 'No Redis: --redis-url and REDIS_URL are unset and redis-server is not on PATH. Install Redis (apt-get install redis-server) or pass --redis-url redis://127.0.0.1:6379.'
        : `The private redis-server on port ${this.port} did not start (${problem}).\n  ${lastLines(logFile, 5)}`,
    );
  }

  pause(): void {
    if (this.alive) this.child?.kill('SIGSTOP');
  }

  resume(): void {
    if (this.alive) this.child?.kill('SIGCONT');
  }

  async crash(): Promise<void> {
    if (!this.alive) return;
    this.child?.kill('SIGKILL');
    await this.exited;
  }

  restart(): Promise<void> {
    return this.start();
  }

  async close(): Promise<void> {
    if (!this.alive) return;
    this.child?.kill('SIGCONT');
    this.child?.kill('SIGTERM');
    const timer = setTimeout(() => this.child?.kill('SIGKILL'), 2000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Undefined when Redis at `url` answers PING in time, else what went wrong. */
export async function ping(url: string, timeoutMs: number): Promise<string | undefined> {
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
