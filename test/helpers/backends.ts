/**
 * The real balancer process (dist/, so build first) in front of fixture backends
 * (test/fixtures/backend.mjs), for the integration tests. Everything started here is
 * stopped by `stopAll()`.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import type { Socket } from 'node:net';
import fs from 'node:fs';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { startBalancer, type BalancerHandle, type BalancerOptions } from '../../src/balancer/client.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/backend.mjs', import.meta.url));
const ENTRY = fileURLToPath(new URL('../../dist/src/balancer/main.js', import.meta.url));

export interface Backend {
  readonly id: string;
  readonly url: string;
  readonly port: number;
  readonly proc: ChildProcess;
}

const backends: Backend[] = [];
const balancers: BalancerHandle[] = [];

/** Throws, saying how to fix it, unless the balancer process has been compiled. */
export function assertBalancerBuilt(): void {
  if (!fs.existsSync(ENTRY)) throw new Error(`${ENTRY} is missing: run \`npx tsc -p tsconfig.json\` first`);
}

/** Starts fixture backend `id` on `port` (0: any) and resolves once it listens. */
export function startBackend(id: string, port = 0): Promise<Backend> {
  return new Promise((resolve, reject) => {
    const proc = spawn(process.execPath, [FIXTURE, '--id', id, '--port', String(port)], { stdio: ['ignore', 'pipe', 'inherit'] });
    // The fixture's first line is `{"port":N}`, the port it got.
    createInterface({ input: proc.stdout! }).once('line', (line) => {
      const listening = JSON.parse(line).port as number;
      const backend = { id, port: listening, proc, url: `http://127.0.0.1:${listening}` };
      backends.push(backend);
      resolve(backend);
    });
    proc.once('exit', (code) => reject(new Error(`backend ${id} exited with ${code}`)));
  });
}

/** Backends `b1` … `b<n>`. */
export const fleet = (n: number): Promise<Backend[]> => Promise.all(Array.from({ length: n }, (_, i) => startBackend(`b${i + 1}`)));

/** A balancer process in front of `pool`: round-robin with seed 1 unless `options` say otherwise. */
export async function balance(pool: readonly Backend[], options: Partial<BalancerOptions> = {}): Promise<BalancerHandle> {
  const handle = await startBalancer({
    strategy: 'round-robin',
    seed: 1,
    backends: pool.map(({ id, url }) => ({ id, url })),
    ...options,
  });
  balancers.push(handle);
  return handle;
}

/** SIGKILLs `backend` and resolves once it is gone (at once if it already is). */
export function kill(backend: Backend): Promise<void> {
  return new Promise((resolve) => {
    if (backend.proc.exitCode !== null || backend.proc.signalCode !== null) return resolve();
    backend.proc.once('exit', () => resolve());
    backend.proc.kill('SIGKILL');
  });
}

/** Closes every balancer started here, then kills every backend. */
export async function stopAll(): Promise<void> {
  await Promise.all(balancers.splice(0).map((b) => b.close()));
  await Promise.all(backends.splice(0).map(kill));
}

/**
 * Opens an upgraded (echo) connection through the balancer; resolves with the socket and
 * the backend that took it, rejects when the balancer answers without upgrading. Pass a
 * backend id to pin it with the sticky cookie.
 */
export function upgrade(base: string, id?: string): Promise<{ serverId: unknown; socket: Socket }> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { connection: 'Upgrade', upgrade: 'echo', ...(id ? { cookie: `SERVERID=${id}` } : {}) };
    const req = http.request(`${base}/ws?user=ann`, { headers });
    req.on('upgrade', (res, socket) => {
      // A backend killed or reset under it may reset the connection: tests watch 'close',
      // and an 'error' event without a listener would crash the test process.
      socket.on('error', () => {});
      resolve({ serverId: res.headers['x-server-id'], socket });
    });
    req.on('response', (res) => reject(new Error(`no upgrade: ${res.statusCode}`)));
    req.on('error', reject);
    req.end();
  });
}
