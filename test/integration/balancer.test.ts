/**
 * The real balancer process (dist/, so build first) in front of real backend processes
 * (test/fixtures/backend.mjs).
 */
import { spawn } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { request } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { BalancerEvent } from '../../src/balancer/client.js';
import { EnvironmentError } from '../../src/errors.js';
import { assertBalancerBuilt, balance, fleet, kill, startBackend, stopAll, upgrade } from '../helpers/backends.js';

async function get(base: string, path: string, headers: Record<string, string> = {}, method: 'GET' | 'POST' = 'GET', body?: string) {
  const res = await request(`${base}${path}`, { method, headers, body });
  const text = await res.body.text();
  return {
    status: res.statusCode,
    headers: res.headers,
    json: JSON.parse(text) as { id?: string; path?: string; body?: string; error?: string },
    serverId: res.headers['x-server-id'] as string | undefined,
  };
}

function setCookies(headers: Record<string, string | string[] | undefined>): string[] {
  const value = headers['set-cookie'];
  return value === undefined ? [] : Array.isArray(value) ? value : [value];
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Writes `text` on a fresh connection to `port` and resolves with all that comes back until the server closes it. */
function rawExchange(port: number, text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString()));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

beforeAll(assertBalancerBuilt);
afterEach(stopAll);

describe('balancer process', () => {
  it('round-robin spreads requests evenly and its stats match', async () => {
    const pool = await fleet(3);
    const lb = await balance(pool);
    expect(lb.url).toBe(`http://127.0.0.1:${lb.port}`);
    const served: Record<string, number> = {};
    for (let i = 0; i < 30; i++) {
      const res = await get(lb.url, `/items/${i}`);
      expect(res.status).toBe(200);
      expect(res.json.id).toBe(res.serverId);
      expect(res.json.path).toBe(`/items/${i}`);
      served[res.serverId!] = (served[res.serverId!] ?? 0) + 1;
    }
    expect(served).toEqual({ b1: 10, b2: 10, b3: 10 });
    const stats = await lb.stats();
    expect(stats.byBackend).toEqual({ b1: 10, b2: 10, b3: 10 });
    expect(stats.errorsByBackend).toEqual({ b1: 0, b2: 0, b3: 0 });
    expect(stats.up).toEqual({ b1: true, b2: true, b3: true });
    expect(stats.inFlight).toEqual({ b1: 0, b2: 0, b3: 0 });
  });

  it('least-connections steers around a busy backend', async () => {
    const lb = await balance(await fleet(2), { strategy: 'least-connections' });
    const slow = get(lb.url, '/slow?ms=800');
    await expect.poll(async () => Object.values((await lb.stats()).inFlight).reduce((a, b) => a + b, 0)).toBe(1);
    const busy = Object.entries((await lb.stats()).inFlight).find(([, n]) => n === 1)![0];
    for (let i = 0; i < 6; i++) expect((await get(lb.url, '/')).serverId).not.toBe(busy);
    expect((await slow).serverId).toBe(busy);
  });

  it('streams request bodies and passes every Set-Cookie through', async () => {
    const lb = await balance(await fleet(2));
    const posted = await get(lb.url, '/echo', { 'content-type': 'text/plain' }, 'POST', 'x'.repeat(100_000));
    expect(posted.status).toBe(200);
    expect(posted.json.body).toHaveLength(100_000);
    const res = await get(lb.url, '/set-cookie');
    expect(setCookies(res.headers)).toEqual([`sid=${res.serverId}-session; Path=/; HttpOnly`, 'theme=dark; Path=/']);
    expect(res.headers['x-statebench-balancer']).toBeUndefined();
  });

  it('sticky sets SERVERID and keeps a client on one backend', async () => {
    const lb = await balance(await fleet(3), { strategy: 'sticky' });
    const first = await get(lb.url, '/set-cookie');
    const cookies = setCookies(first.headers);
    expect(cookies).toContain(`SERVERID=${first.serverId}; Path=/`);
    expect(cookies).toContain(`sid=${first.serverId}-session; Path=/; HttpOnly`);
    for (let i = 0; i < 10; i++) {
      const again = await get(lb.url, '/cart', { cookie: `sid=x; SERVERID=${first.serverId}` });
      expect(again.serverId).toBe(first.serverId);
      expect(setCookies(again.headers)).toEqual([]);
    }
  });

  it('survives a SIGKILLed backend: in-flight gets 502, later requests go elsewhere', async () => {
    const pool = await fleet(3);
    const events: BalancerEvent[] = [];
    // Health checks effectively off: only the refused connect can tell the balancer.
    const lb = await balance(pool, { strategy: 'sticky', healthIntervalMs: 60_000, onEvent: (e) => events.push(e) });
    const victim = pool[1]!;
    // Warm keep-alive connections to every backend, so stale pooled sockets are part of the test.
    for (let i = 0; i < 6; i++) expect((await get(lb.url, '/')).status).toBe(200);
    const inFlight = get(lb.url, '/slow?ms=5000', { cookie: `SERVERID=${victim.id}` });
    await expect.poll(async () => (await lb.stats()).inFlight[victim.id]).toBe(1);
    await kill(victim);
    const broken = await inFlight;
    expect(broken.status).toBe(502);
    expect(broken.json).toEqual({ error: 'bad gateway' });
    expect(broken.headers['x-statebench-balancer']).toBe('1');

    // Its sessions and new clients alike are served by the survivors, without a single 5xx.
    for (let i = 0; i < 20; i++) {
      const res = await get(lb.url, '/cart', i % 2 === 0 ? { cookie: `SERVERID=${victim.id}` } : {});
      expect(res.status).toBe(200);
      expect(['b1', 'b3']).toContain(res.serverId);
      if (i % 2 === 0) expect(setCookies(res.headers)).toEqual([`SERVERID=${res.serverId}; Path=/`]);
    }
    const stats = await lb.stats();
    expect(stats.up[victim.id]).toBe(false);
    expect(stats.rebinds).toBe(10);
    expect(stats.errorsByBackend[victim.id]).toBeGreaterThanOrEqual(1);
    expect(events).toEqual([expect.objectContaining({ kind: 'down', id: victim.id, reason: 'connect failed: ECONNREFUSED' })]);

    // With every backend gone the balancer says so itself. (A request that reaches a pooled
    // connection before the kernel has delivered the crash's FIN to the balancer is a 502:
    // it was sent, as far as anyone can tell. So poll rather than demand the very first.)
    await Promise.all(pool.map(kill));
    await expect.poll(async () => (await get(lb.url, '/cart')).status, { timeout: 3000 }).toBe(503);
    const none = await get(lb.url, '/cart');
    expect(none.status).toBe(503);
    expect(none.json).toEqual({ error: 'no backend available' });
    expect(none.headers['x-statebench-balancer']).toBe('1');
  });

  it('brings a restarted backend back after two good health checks', async () => {
    const pool = await fleet(2);
    const lb = await balance(pool, { healthIntervalMs: 100 });
    const victim = pool[0]!;
    await kill(victim);
    await expect.poll(async () => (await lb.stats()).up[victim.id], { timeout: 3000 }).toBe(false);
    await startBackend(victim.id, victim.port);
    await expect.poll(async () => (await lb.stats()).up[victim.id], { timeout: 3000 }).toBe(true);
    const ids = new Set<string | undefined>();
    for (let i = 0; i < 4; i++) ids.add((await get(lb.url, '/')).serverId);
    expect(ids).toEqual(new Set(['b1', 'b2']));
  });

  it('drain stops new requests to a backend and lets in-flight ones finish', async () => {
    const pool = await fleet(3);
    const lb = await balance(pool, { strategy: 'sticky' });
    const slow = get(lb.url, '/slow?ms=600', { cookie: 'SERVERID=b2' });
    await expect.poll(async () => (await lb.stats()).inFlight.b2).toBe(1);
    await lb.drain('b2');
    for (let i = 0; i < 12; i++) {
      const res = await get(lb.url, '/', i % 2 === 0 ? { cookie: 'SERVERID=b2' } : {});
      expect(res.status).toBe(200);
      expect(res.serverId).not.toBe('b2');
    }
    const finished = await slow;
    expect(finished.status).toBe(200);
    expect(finished.serverId).toBe('b2');
    const stats = await lb.stats();
    expect(stats.draining).toEqual(['b2']);
    expect(stats.byBackend.b2).toBe(1);
  });

  it('add and remove change the pool', async () => {
    const pool = await fleet(2);
    const lb = await balance([pool[0]!]);
    await lb.add({ id: pool[1]!.id, url: pool[1]!.url });
    const seen = new Set<string | undefined>();
    for (let i = 0; i < 4; i++) seen.add((await get(lb.url, '/')).serverId);
    expect(seen).toEqual(new Set(['b1', 'b2']));
    await lb.remove('b1');
    for (let i = 0; i < 4; i++) expect((await get(lb.url, '/')).serverId).toBe('b2');
    await expect(lb.remove('b9')).rejects.toThrow(/unknown backend `b9`/);
    expect((await lb.stats()).byBackend.b1).toBeGreaterThan(0);
  });

  it('answers 504 when a backend is too slow', async () => {
    const lb = await balance(await fleet(1), { requestTimeoutMs: 300 });
    const res = await get(lb.url, '/slow?ms=3000');
    expect(res.status).toBe(504);
    expect(res.json).toEqual({ error: 'gateway timeout' });
    expect(res.headers['x-statebench-balancer']).toBe('1');
  });

  it('answers oversized headers with 431 and a malformed request with 400, its own, and goes on serving', async () => {
    const lb = await balance(await fleet(1));
    const big = await rawExchange(lb.port, `GET / HTTP/1.1\r\nHost: x\r\nCookie: sid=${'x'.repeat(20_000)}\r\n\r\n`);
    expect(big).toMatch(/^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
    expect(big).toMatch(/\r\nx-statebench-balancer: 1\r\n/);
    expect(big.endsWith('\r\n\r\n{"error":"request headers larger than 16384 bytes"}')).toBe(true);
    const malformed = await rawExchange(lb.port, 'NOT A REQUEST\r\n\r\n');
    expect(malformed).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(malformed.endsWith('{"error":"bad request"}')).toBe(true);
    expect((await get(lb.url, '/')).status).toBe(200);
    expect((await lb.stats()).balancerErrors).toBe(2);
  });

  it('proxies an Upgrade and splices the sockets', async () => {
    const lb = await balance(await fleet(2), { strategy: 'sticky' });
    const echoed = await new Promise<{ serverId: unknown; data: string }>((resolve, reject) => {
      const req = http.request(`${lb.url}/ws?user=ann`, { headers: { connection: 'Upgrade', upgrade: 'echo' } });
      req.on('upgrade', (res, socket) => {
        socket.once('data', (data: Buffer) => {
          resolve({ serverId: res.headers['x-server-id'], data: data.toString() });
          socket.destroy();
        });
        socket.write('ping');
      });
      req.on('error', reject);
      req.end();
    });
    expect(echoed).toEqual({ serverId: 'b1', data: 'ping' });
  });

  it.each(['round-robin', 'random', 'least-connections', 'sticky', 'hash'] as const)(
    'proxies an Upgrade with %s and keeps the connection where it landed',
    async (strategy) => {
      const lb = await balance(await fleet(2), { strategy });
      const { serverId, socket } = await upgrade(lb.url);
      expect(['b1', 'b2']).toContain(serverId);
      for (const word of ['one', 'two', 'three']) {
        const echoed = await new Promise<string>((resolve) => {
          socket.once('data', (data: Buffer) => resolve(data.toString()));
          socket.write(word);
        });
        expect(echoed).toBe(word);
      }
      socket.destroy();
    },
  );

  it("closes an upgraded connection when its backend dies, so the client can reconnect elsewhere", async () => {
    const pool = await fleet(2);
    const lb = await balance(pool, { strategy: 'round-robin' });
    const { serverId, socket } = await upgrade(lb.url);
    const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
    await kill(pool.find((backend) => backend.id === serverId)!);
    await closed;
    const again = await upgrade(lb.url);
    expect(again.serverId).not.toBe(serverId);
    again.socket.destroy();
  });

  it('reports a port already in use as an EnvironmentError', async () => {
    const blocker = net.createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as net.AddressInfo).port;
    try {
      const attempt = balance(await fleet(1), { port });
      await expect(attempt).rejects.toThrow(EnvironmentError);
      await expect(attempt).rejects.toThrow(`balancer could not listen on 127.0.0.1:${port}: port in use`);
    } finally {
      blocker.close();
    }
  });

  it('close() stops the process, and is idempotent', async () => {
    const lb = await balance(await fleet(1));
    expect(alive(lb.pid)).toBe(true);
    await Promise.all([lb.close(), lb.close()]);
    await lb.close();
    expect(alive(lb.pid)).toBe(false);
    await expect(lb.stats()).rejects.toThrow(EnvironmentError);
  });

  it('the balancer exits when its parent goes away', async () => {
    // A stand-in parent that starts a balancer, reports its pid, then is SIGKILLed.
    const script = `
      import { startBalancer } from ${JSON.stringify(new URL('../../dist/src/balancer/client.js', import.meta.url).href)};
      const lb = await startBalancer({ strategy: 'random', seed: 3, backends: [] });
      process.stdout.write(lb.pid + '\\n');
      setInterval(() => {}, 1000);
    `;
    const parent = spawn(process.execPath, ['--input-type=module', '-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
    const pid = await new Promise<number>((resolve) => parent.stdout!.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))));
    expect(alive(pid)).toBe(true);
    parent.kill('SIGKILL');
    await expect.poll(() => alive(pid), { timeout: 5000 }).toBe(false);
  });
});
