/**
 * The pizza reference servers as real processes (compiled, from dist/), checked the way
 * the driver uses them. Needs a Redis: REDIS_URL or redis://127.0.0.1:6379.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MENU } from '../../targets/pizza/menu.js';
import { provideRedis } from '../../src/fleet/redis.js';
import { deleteKeys, flip, freePort, killTargets, REDIS_URL, runTarget, startTarget } from '../helpers/targets.js';

// A private key space, so this run never meets another run's sessions.
const PREFIX = `sbtest:${process.pid}:${randomBytes(4).toString('hex')}:`;

type Arch = 'stateful' | 'stateless';

const run = (arch: Arch, args: string[], env: NodeJS.ProcessEnv = {}) => runTarget('pizza', arch, args, env);

/** Starts a server and waits for its `listening <id> <host>:<port>` line. */
function start(arch: Arch, id: string) {
  const extra = arch === 'stateless' ? ['--redis-url', REDIS_URL, '--key-prefix', PREFIX] : [];
  return startTarget('pizza', arch, id, extra);
}

async function call(base: string, method: 'GET' | 'POST', path: string, options: { body?: string | object; cookie?: string } = {}) {
  const body = typeof options.body === 'object' ? JSON.stringify(options.body) : options.body;
  const res = await request(`${base}${path}`, {
    method,
    body,
    headers: { 'content-type': 'application/json', ...(options.cookie ? { cookie: options.cookie } : {}) },
  });
  const setCookie = res.headers['set-cookie'];
  return {
    status: res.statusCode,
    serverId: res.headers['x-server-id'],
    setCookie: Array.isArray(setCookie) ? setCookie[0] : setCookie,
    json: (await res.body.json()) as Record<string, unknown>,
  };
}

/** Logs in and returns the `sid=…` pair to send back as a cookie. */
async function login(base: string, user = 'ann'): Promise<string> {
  const res = await call(base, 'POST', '/login', { body: { user } });
  expect(res.status).toBe(200);
  return (res.setCookie ?? '').split(';')[0] ?? '';
}

afterAll(async () => {
  await killTargets();
  await deleteKeys(`${PREFIX}*`);
});

describe.each<Arch>(['stateful', 'stateless'])('pizza %s', (arch) => {
  let one = '';
  let two = '';
  beforeAll(async () => {
    [one, two] = [(await start(arch, 'server-1')).base, (await start(arch, 'server-2')).base];
  });

  it('answers /healthz with its id, arch and scenario', async () => {
    const res = await call(one, 'GET', '/healthz');
    expect(res).toMatchObject({ status: 200, serverId: 'server-1', json: { id: 'server-1', arch, scenario: 'pizza' } });
  });

  it('names itself on errors too: 404, 401, 400', async () => {
    expect(await call(one, 'GET', '/nope')).toMatchObject({ status: 404, serverId: 'server-1', json: { error: expect.any(String) } });
    expect(await call(two, 'GET', '/cart')).toMatchObject({ status: 401, serverId: 'server-2', json: { error: 'unknown session' } });
    expect(await call(one, 'POST', '/login', { body: '{nope' })).toMatchObject({ status: 400, serverId: 'server-1' });
    expect(await call(one, 'POST', '/login', { body: {} })).toMatchObject({ status: 400, serverId: 'server-1' });
  });

  it('runs login → add → view → checkout with the right total, then an empty cart', async () => {
    const login_ = await call(one, 'POST', '/login', { body: { user: 'ann' } });
    expect(login_).toMatchObject({ status: 200, json: { user: 'ann', cart: [] } });
    expect(login_.setCookie).toMatch(/^sid=[^;]+; HttpOnly; SameSite=Lax; Path=\/$/);
    const cookie = (login_.setCookie ?? '').split(';')[0];
    const items = ['margherita', 'pepperoni', 'margherita'] as const;
    for (const [i, item] of items.entries()) {
      const res = await call(one, 'POST', '/cart/items', { body: { item }, cookie });
      expect(res).toMatchObject({ status: 200, json: { cart: items.slice(0, i + 1) } });
    }
    expect(await call(one, 'GET', '/cart', { cookie })).toMatchObject({ status: 200, json: { user: 'ann', cart: items } });
    const order = await call(one, 'POST', '/checkout', { cookie });
    const total = MENU.margherita * 2 + MENU.pepperoni;
    expect(order).toMatchObject({ status: 200, json: { order: { id: expect.any(String), items, total } } });
    expect(await call(one, 'GET', '/cart', { cookie })).toMatchObject({ status: 200, json: { user: 'ann', cart: [] } });
  });

  it('refuses an item that is not on the menu with a 400', async () => {
    const cookie = await login(one);
    expect(await call(one, 'POST', '/cart/items', { body: { item: 'pineapple-pizza' }, cookie })).toMatchObject({ status: 400 });
    expect(await call(one, 'POST', '/cart/items', { body: { item: 'constructor' }, cookie })).toMatchObject({ status: 400 });
  });

  it('answers 401 without a cookie and for a forged one, never a new session', async () => {
    for (const path of ['/cart', '/cart/items', '/checkout']) {
      const method = path === '/cart' ? 'GET' : 'POST';
      expect(await call(one, method, path, { body: { item: 'margherita' } })).toMatchObject({ status: 401, json: { error: 'unknown session' } });
    }
    const real = await login(one);
    // Stateless: one signature character flipped; the last one differs only in base64url's
    // spare bits, so it decodes to the same bytes and must still be refused.
    const forgeries = arch === 'stateless' ? [flip(real, -10), flip(real, -1)] : [`sid=${randomBytes(16).toString('hex')}`];
    for (const forged of forgeries) {
      expect(forged).not.toBe(real);
      const res = await call(one, 'GET', '/cart', { cookie: forged });
      expect(res).toMatchObject({ status: 401, serverId: 'server-1', json: { error: 'unknown session' } });
      expect(res.setCookie).toBeUndefined();
    }
    expect(await call(one, 'GET', '/cart', { cookie: real })).toMatchObject({ status: 200 });
  });

  it(arch === 'stateless' ? 'serves on server-2 a session made on server-1' : 'does not know on server-2 a session made on server-1', async () => {
    const cookie = await login(one, 'bea');
    await call(one, 'POST', '/cart/items', { body: { item: 'funghi' }, cookie });
    const res = await call(two, 'GET', '/cart', { cookie });
    if (arch === 'stateless') expect(res).toMatchObject({ status: 200, serverId: 'server-2', json: { user: 'bea', cart: ['funghi'] } });
    else expect(res).toMatchObject({ status: 401, serverId: 'server-2', json: { error: 'unknown session' } });
  });
});

describe('pizza stateless, store and lifecycle', () => {
  it('answers 401 for a valid token whose session the store no longer has', async () => {
    const { base } = await start('stateless', 'server-3');
    const cookie = await login(base);
    const payload = cookie.split('.')[1] ?? '';
    const { sid } = JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sid: string };
    const redis = new Redis(REDIS_URL);
    expect(await redis.del(`${PREFIX}pizza:session:${sid}`)).toBe(1); // as if it expired
    redis.disconnect();
    expect(await call(base, 'GET', '/cart', { cookie })).toMatchObject({ status: 401, json: { error: 'unknown session' } });
  });

  it('answers 504 while its store is paused (the add runs when it resumes), and 503 once the store is gone', async () => {
    const redis = await provideRedis({ logDir: mkdtempSync(join(tmpdir(), 'sb-store-')) });
    try {
      const { base } = await startTarget('pizza', 'stateless', 'server-5', ['--redis-url', redis.url, '--key-prefix', PREFIX]);
      const cookie = await login(base);
      redis.faults!.pause();
      // Sent, and not answered in time: the outcome is unknown, as a gateway's 504 says.
      const unanswered = await call(base, 'POST', '/cart/items', { body: { item: 'funghi' }, cookie });
      expect(unanswered).toMatchObject({ status: 504, serverId: 'server-5', json: { error: 'store did not answer in time' } });
      redis.faults!.resume();
      expect(await call(base, 'GET', '/cart', { cookie })).toMatchObject({ status: 200, json: { cart: ['funghi'] } });
      await redis.faults!.crash();
      // Once the server has seen the connection drop, nothing is sent: a definite 503.
      let refused = await call(base, 'GET', '/cart', { cookie });
      for (let tries = 0; refused.status !== 503 && tries < 40; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 50));
        refused = await call(base, 'GET', '/cart', { cookie });
      }
      expect(refused).toMatchObject({ status: 503, json: { error: 'store unavailable' } });
    } finally {
      await redis.close();
    }
  });

  it('exits 3 with a clear line when Redis is unreachable at start', async () => {
    const { exited } = run('stateless', ['--port', String(await freePort()), '--id', 'server-9', '--redis-url', 'redis://127.0.0.1:1']);
    const { code, stderr } = await exited;
    expect(code).toBe(3);
    expect(stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('exits 2 on bad flags, with one line on stderr', async () => {
    const { code, stderr } = await run('stateful', ['--port', 'abc']).exited;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/--port.*abc.*--id/);
  });

  it('exits 0 on SIGTERM', async () => {
    const { child } = await start('stateful', 'server-4');
    const exit = once(child, 'exit');
    child.kill('SIGTERM');
    expect((await exit)[0]).toBe(0);
  });
});
