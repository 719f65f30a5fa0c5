/**
 * The built-in balancer over two processes (src/balancer/workers.ts), as a run gets it
 * when one process's open-file limit cannot hold its users: connections are dealt to both
 * workers, commands reach both, and the orchestrator still sees one balancer.
 */
import { mkdtempSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Socket } from 'node:net';
import { execa } from 'execa';
import { Client, request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BalancerEvent, BalancerHandle } from '../../src/balancer/client.js';
import { assertBalancerBuilt, balance, fleet, kill, startBackend, stopAll, upgrade, type Backend } from '../helpers/backends.js';
import { BIN, waitForOutput } from '../helpers/cli.js';
import { processesOf } from '../helpers/processes.js';

/** Pids whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        // Field 4 of stat, after the command in parentheses.
        return Number(readFileSync(`/proc/${entry}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]) === pid;
      } catch {
        return false;
      }
    })
    .map(Number);
}

const sockets = (pid: number): number => readdirSync(`/proc/${pid}/fd`).filter((fd) => readlinkSync(`/proc/${pid}/fd/${fd}`).startsWith('socket:')).length;

const served = async (base: string): Promise<string> => {
  const res = await request(`${base}/who`, { headers: { connection: 'close' } });
  await res.body.text();
  return res.headers['x-server-id'] as string;
};

async function until(check: () => boolean, tries = 100): Promise<void> {
  for (let i = 0; i < tries && !check(); i++) await new Promise((resolve) => setTimeout(resolve, 100));
}

let pool: Backend[];
let balancer: BalancerHandle;
const events: BalancerEvent[] = [];

beforeAll(async () => {
  assertBalancerBuilt();
  pool = await fleet(2);
  balancer = await balance(pool, { workers: 2, onEvent: (event) => events.push(event) });
});
afterAll(stopAll);

describe('a balancer over two workers', () => {
  it('deals WebSockets and keep-alive connections to both workers, and its stats add up', async () => {
    const workers = childrenOf(balancer.pid);
    expect(workers).toHaveLength(2);
    const before = workers.map(sockets);
    const held: Socket[] = [];
    const clients: Client[] = [];
    for (let i = 0; i < 10; i++) held.push((await upgrade(balancer.url)).socket);
    for (let i = 0; i < 10; i++) {
      const client = new Client(balancer.url);
      clients.push(client);
      await (await client.request({ path: '/kept', method: 'GET' })).body.text();
    }
    const gained = workers.map((pid, i) => sockets(pid) - before[i]!);
    // Each WebSocket is two sockets in the worker that took it; each keep-alive connection one, and its pooled backend connection.
    expect(gained.reduce((a, b) => a + b, 0)).toBeGreaterThanOrEqual(30);
    for (const share of gained) expect(share, `sockets gained by each worker: ${gained.join(', ')}`).toBeGreaterThanOrEqual(10);
    const stats = await balancer.stats();
    expect(Object.values(stats.byBackend).reduce((a, b) => a + b, 0)).toBe(20);
    expect(stats.inFlight.b1! + stats.inFlight.b2!).toBe(10);
    expect(stats.up).toEqual({ b1: true, b2: true });
    for (const socket of held) socket.destroy();
    await Promise.all(clients.map((client) => client.close()));
  });

  it('applies drain and add in every worker', async () => {
    await balancer.drain('b1');
    expect((await balancer.stats()).draining).toEqual(['b1']);
    // Fresh connections alternate between the workers: one that missed the drain would send half to b1.
    for (let i = 0; i < 10; i++) expect(await served(balancer.url)).toBe('b2');
    await balancer.add({ id: 'b1', url: pool[0]!.url });
    const after = new Set<string>();
    for (let i = 0; i < 10; i++) after.add(await served(balancer.url));
    expect([...after].sort()).toEqual(['b1', 'b2']);
    await expect(balancer.remove('nobody')).rejects.toThrow(/^balancer: unknown backend `nobody`$/);
  });

  it('reports one down and one up for a backend that stops and comes back, not one per worker', async () => {
    const [, b2] = pool;
    await kill(b2!);
    await until(() => events.some((event) => event.id === 'b2' && event.kind === 'down'));
    // Both workers' checks (every 200 ms) find it down before it comes back.
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect((await balancer.stats()).up.b2).toBe(false);
    pool[1] = await startBackend('b2', b2!.port);
    await until(() => events.some((event) => event.id === 'b2' && event.kind === 'up'));
    await new Promise((resolve) => setTimeout(resolve, 1000));
    expect(events.filter((event) => event.id === 'b2').map((event) => event.kind)).toEqual(['down', 'up']);
    expect((await balancer.stats()).up.b2).toBe(true);
  });
});

describe('a run whose balancer has two workers', () => {
  it('leaves no worker after a kill -9 of statebench', async () => {
    const out = mkdtempSync(join(tmpdir(), 'statebench-workers-'));
    const child = execa(process.execPath, [BIN, 'run', 'pizza', '--arch', 'stateful', '--servers', '1', '--users', '2', '--duration', '30s', '--out', out], {
      reject: false,
      env: { NO_COLOR: '1', STATEBENCH_BALANCER_WORKERS: '2' },
      stdin: 'ignore',
    });
    await waitForOutput(child, 'stderr', 'journeys');
    const balancers = () => processesOf(child.pid!).filter((p) => p.command.includes('balancer/main.js'));
    expect(balancers()).toHaveLength(3);
    child.kill('SIGKILL');
    await child;
    await until(() => balancers().length === 0);
    expect(balancers()).toEqual([]);
  });
});
