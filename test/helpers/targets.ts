/**
 * The reference targets as real processes (compiled, from dist/), for the integration
 * tests: start one, wait for its `listening` line, and kill whatever is left at the end.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { Redis } from 'ioredis';
import { expect } from 'vitest';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** The Redis the stateless targets use: env REDIS_URL, else the local default. */
export const REDIS_URL = process.env.REDIS_URL || 'redis://127.0.0.1:6379';
/** The signing key every target started here gets (env STATEBENCH_SECRET), as a fleet's servers share one. */
export const SECRET = randomBytes(32).toString('base64url');
const children = new Set<ChildProcess>();

export type Scenario = 'atm' | 'chat' | 'pizza';

export interface TargetProcess {
  readonly child: ChildProcess;
  /** Resolves on exit with the exit code and all the process wrote on stderr. */
  readonly exited: Promise<{ code: number | null; stderr: string }>;
}

/** A TCP port free on 127.0.0.1 a moment ago. */
export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  server.close();
  if (typeof address !== 'object' || !address) throw new Error('no port');
  return address.port;
}

/** Kills `child` in `killTargets()` unless it exited before. */
export function adopt(child: ChildProcess): void {
  children.add(child);
  void once(child, 'exit').then(() => children.delete(child));
}

/**
 * Runs `dist/targets/<scenario>/<arch>/server.js` with `args` until it exits, with env
 * STATEBENCH_SECRET set to `SECRET` unless `env` says otherwise (`undefined` unsets it).
 */
export function runTarget(scenario: Scenario, arch: string, args: readonly string[], env: NodeJS.ProcessEnv = {}): TargetProcess {
  const child = spawn(process.execPath, [`dist/targets/${scenario}/${arch}/server.js`, ...args], {
    cwd: ROOT,
    env: withoutUndefined({ ...process.env, STATEBENCH_SECRET: SECRET, ...env, STATEBENCH_PARENT_PID: String(process.pid) }),
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.add(child);
  let stderr = '';
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = once(child, 'exit').then(([code]) => {
    children.delete(child);
    return { code: code as number | null, stderr };
  });
  return { child, exited };
}

/**
 * Starts a target on a free port with `--id id` and `extra` flags, and expects its
 * first line to be `listening <id> 127.0.0.1:<port>`.
 */
export async function startTarget(
  scenario: Scenario,
  arch: string,
  id: string,
  extra: readonly string[] = [],
  env: NodeJS.ProcessEnv = {},
): Promise<TargetProcess & { base: string }> {
  const port = await freePort();
  const { child, exited } = runTarget(scenario, arch, ['--port', String(port), '--id', id, ...extra], env);
  const ready = new Promise<string>((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
  const line = await Promise.race([ready, exited.then((e) => `exited ${e.code}: ${e.stderr}`)]);
  expect(line).toBe(`listening ${id} 127.0.0.1:${port}`);
  return { base: `http://127.0.0.1:${port}`, child, exited };
}

function withoutUndefined(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((entry): entry is [string, string] => entry[1] !== undefined));
}

const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

/** `token` with its character at `index` (negative: from the end) swapped for a neighbour. */
export function flip(token: string, index: number): string {
  const i = index < 0 ? token.length + index : index;
  const swapped = B64URL[B64URL.indexOf(token[i] ?? 'A') ^ 1] ?? 'A';
  return token.slice(0, i) + swapped + token.slice(i + 1);
}

/** SIGKILLs every process started here that is still running, and waits for them. */
export async function killTargets(): Promise<void> {
  await Promise.all([...children].map((child) => (child.kill('SIGKILL'), once(child, 'exit'))));
}

/** Deletes the keys matching `pattern` from the Redis at REDIS_URL; a missing Redis is no error. */
export async function deleteKeys(pattern: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
  await redis.connect().catch(() => undefined);
  const keys = await redis.keys(pattern).catch(() => []);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}
