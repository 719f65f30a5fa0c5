import { join } from 'node:path';
import { execa } from 'execa';
import { Redis } from 'ioredis';
import { EnvironmentError } from '../errors.js';
import { trackChild, untrackChild } from './children.js';
import { freePort } from './ports.js';
import { lastLines } from './server-process.js';

/** The Redis a stateless fleet keeps its state in. */
export interface RedisHandle {
  readonly url: string;
  /** True when statebench started it (and so stops it). */
  readonly owned: boolean;
  readonly pid?: number;
  close(): Promise<void>;
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
  return startPrivateRedis(options.logDir, options.signal);
}

async function startPrivateRedis(logDir: string, signal?: AbortSignal): Promise<RedisHandle> {
  const port = await freePort();
  const logFile = join(logDir, 'redis.log');
  const child = execa(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--protected-mode', 'yes'],
    { env: { STATEBENCH_PARENT_PID: String(process.pid) }, stdin: 'ignore', stdout: { file: logFile, append: true }, stderr: { file: logFile, append: true }, reject: false, cleanup: true },
  );
  trackChild(child.pid, 'redis-server');
  let alive = child.pid !== undefined;
  const exited = child.then((result) => {
    alive = false;
    untrackChild(child.pid);
    return result;
  });
  const url = `redis://127.0.0.1:${port}`;
  const deadline = Date.now() + 5000;
  let problem: string | undefined = 'not started';
  while (alive && Date.now() < deadline && !signal?.aborted) {
    problem = await ping(url, 300);
    if (!problem) break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (problem) {
    child.kill('SIGKILL');
    const result = await exited;
    const missing = (result as { code?: string }).code === 'ENOENT';
    throw new EnvironmentError(
      missing
        ? 'No Redis: --redis-url and REDIS_URL are unset and redis-server is not on PATH. Install Redis (apt-get install redis-server) or pass --redis-url redis://127.0.0.1:6379.'
        : `The private redis-server on port ${port} did not start (${problem}).\n  ${lastLines(logFile, 5)}`,
    );
  }
  return {
    url,
    owned: true,
    pid: child.pid,
    close: async () => {
      if (!alive) return;
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 2000);
      await exited;
      clearTimeout(timer);
    },
  };
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
