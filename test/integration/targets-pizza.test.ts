/**
 * The pizza reference servers as real processes (compiled, from dist/), checked the way
 * the driver uses them, the stateless design on each store. Needs a Redis: REDIS_URL or
 * redis://127.0.0.1:6379.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Fleet } from '../../src/fleet/fleet.js';
import { provideRedis } from '../../src/fleet/redis.js';
import { onStore, referenceDesigns } from '../../src/designs/index.js';
import { provideSqlite } from '../../src/fleet/sqlite.js';
import { MENU } from '../../targets/pizza/menu.js';
import { DEV_SECRET } from '../../targets/common/args.js';
import { tokenSigner } from '../../targets/common/token.js';
import { deleteKeys, flip, freePort, killTargets, REDIS_URL, runTarget, SECRET, startTarget } from '../helpers/targets.js';

// A private key space, so this run never meets another run's sessions.
const PREFIX = `sbtest:${process.pid}:${randomBytes(4).toString('hex')}:`;

type Arch = 'stateful' | 'stateless';
type Store = 'memory' | 'redis' | 'sqlite';

/** The SQLite file the stateless servers of the shared cases open, as a fleet's servers do. */
const SQLITE_PATH = join(mkdtempSync(join(tmpdir(), 'sb-pizza-sqlite-')), 'store.sqlite');

const run = (arch: Arch, args: string[], env: NodeJS.ProcessEnv = {}) => runTarget('pizza', arch, args, env);

/** Starts a server and waits for its `listening <id> <host>:<port>` line. */
function start(arch: Arch, id: string, store: Store = arch === 'stateless' ? 'redis' : 'memory') {
  const extra = {
    memory: [],
    redis: ['--redis-url', REDIS_URL, '--key-prefix', PREFIX],
    sqlite: ['--store', 'sqlite', '--store-path', SQLITE_PATH],
  }[store];
  return startTarget('pizza', arch, id, extra);
}

/** A stateless server on the SQLite file at `path`, with `extra` flags. */
const startOnSqlite = (id: string, path: string, extra: string[] = []) =>
  startTarget('pizza', 'stateless', id, ['--store', 'sqlite', '--store-path', path, ...extra]);

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

/** The session id a stateless `sid=<token>` names. */
function sidOf(cookie: string): string {
  const payload = cookie.split('.')[1] ?? '';
  return (JSON.parse(Buffer.from(payload, 'base64url').toString()) as { sid: string }).sid;
}

afterAll(async () => {
  await killTargets();
  await deleteKeys(`${PREFIX}*`);
});

describe.each<{ arch: Arch; store: Store }>([
  { arch: 'stateful', store: 'memory' },
  { arch: 'stateless', store: 'redis' },
  { arch: 'stateless', store: 'sqlite' },
])('pizza $arch on $store', ({ arch, store }) => {
  let one = '';
  let two = '';
  beforeAll(async () => {
    [one, two] = [(await start(arch, 'server-1', store)).base, (await start(arch, 'server-2', store)).base];
  });

  it('answers /healthz with its id, arch, scenario and store', async () => {
    const res = await call(one, 'GET', '/healthz');
    const named = store === 'memory' ? {} : { store };
    expect(res).toMatchObject({ status: 200, serverId: 'server-1', json: { id: 'server-1', arch, scenario: 'pizza', ...named } });
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

  it('refuses a user name that breaks the rule (over 64 characters, or other characters) with a 400, and no session', async () => {
    for (const user of ['x'.repeat(65), 'a b', 'a;b', 'x'.repeat(12_000)]) {
      const res = await call(one, 'POST', '/login', { body: { user } });
      expect(res, user.slice(0, 10)).toMatchObject({ status: 400, serverId: 'server-1', json: { error: expect.stringMatching(/^expected the user to be 1 to 64 letters, digits, '_', '\.' or '-', got `/) } });
      expect(res.setCookie).toBeUndefined();
    }
    expect(await call(one, 'POST', '/login', { body: { user: `A.b_-${'x'.repeat(59)}` } })).toMatchObject({ status: 200 });
  });

  it('holds at most 100 items: the 101st add is a 413 with a message, and the cart is left as it was', async () => {
    const cookie = await login(one, 'dan');
    for (let i = 0; i < 100; i++) expect((await call(one, 'POST', '/cart/items', { body: { item: 'funghi' }, cookie })).status).toBe(200);
    const full = await call(one, 'POST', '/cart/items', { body: { item: 'diavola' }, cookie });
    expect(full).toMatchObject({ status: 413, serverId: 'server-1', json: { error: 'cart is full: at most 100 items' } });
    const cart = (await call(one, 'GET', '/cart', { cookie })).json.cart as string[];
    expect(cart).toHaveLength(100);
    expect(cart).not.toContain('diavola');
    expect(await call(one, 'POST', '/checkout', { cookie })).toMatchObject({ status: 200, json: { order: { total: 100 * MENU.funghi } } });
    expect(await call(one, 'POST', '/cart/items', { body: { item: 'diavola' }, cookie })).toMatchObject({ status: 200, json: { cart: ['diavola'] } });
  });

  it('answers oversized request headers with a 431 naming itself, not a dropped connection', async () => {
    const res = await request(`${one}/cart`, { headers: { cookie: `sid=${'x'.repeat(20_000)}` } });
    expect(res.statusCode).toBe(431);
    expect(res.headers['x-server-id']).toBe('server-1');
    expect(await res.body.json()).toEqual({ error: 'request headers too large' });
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
    const sid = sidOf(cookie);
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

  it('refuses a token for a real session signed with any key but its own, an expired one, and a chat one (401)', async () => {
    const { base } = await start('stateless', 'server-6');
    const cookie = await login(base, 'alice');
    const sid = sidOf(cookie);
    const sign = (secret: string, audience: string, now = Date.now) =>
      `sid=${tokenSigner({ secret, audience, lifetimeSeconds: 60, now }).sign('mallory', { sid })}`;
    const forged = {
      foreignKey: sign(randomBytes(32).toString('base64url'), 'pizza'),
      devSecret: sign(DEV_SECRET, 'pizza'),
      expired: sign(SECRET, 'pizza', () => Date.now() - 61_000),
      chat: sign(SECRET, 'chat'),
    };
    for (const [what, token] of Object.entries(forged)) {
      expect(await call(base, 'GET', '/cart', { cookie: token }), what).toMatchObject({ status: 401, json: { error: 'unknown session' } });
    }
    // Signed with the server's key, the same claims are taken: the refusals above are the key, the expiry and the audience.
    expect(await call(base, 'GET', '/cart', { cookie: sign(SECRET, 'pizza') })).toMatchObject({ status: 200, json: { user: 'alice' } });
  });

  it('a fleet signs with a random secret of its own: a token is good on each of its servers, and one re-signed with the dev secret on none', async () => {
    const fleet = await Fleet.start({
      definition: onStore(referenceDesigns('pizza').designs.stateless!, 'redis'),
      servers: 2,
      logDir: mkdtempSync(join(tmpdir(), 'sb-fleet-secret-')),
      redisUrl: REDIS_URL,
      keyPrefix: PREFIX,
    });
    try {
      const [one, two] = fleet.servers.map((server) => server.url) as [string, string];
      const cookie = await login(one, 'alice');
      expect(await call(two, 'GET', '/cart', { cookie })).toMatchObject({ status: 200, json: { user: 'alice' } });
      const resigned = `sid=${tokenSigner({ secret: DEV_SECRET, audience: 'pizza', lifetimeSeconds: 60 }).sign('mallory', { sid: sidOf(cookie) })}`;
      for (const base of [one, two]) expect(await call(base, 'GET', '/cart', { cookie: resigned })).toMatchObject({ status: 401 });
    } finally {
      await fleet.close();
    }
  });

  it('refuses to start without a secret, or with one under 32 bytes, in one line that never shows it (exit 2)', async () => {
    const flags = ['--port', String(await freePort()), '--id', 'server-8', '--redis-url', REDIS_URL];
    const missing = await run('stateless', flags, { STATEBENCH_SECRET: undefined }).exited;
    expect(missing.code).toBe(2);
    expect(missing.stderr).toBe(
      "Missing required `--secret <key>` (or env STATEBENCH_SECRET), the key of 32+ bytes that signs this fleet's tokens; " +
        '`--insecure-dev-secret` uses a fixed public one, for trying a server by hand.\n',
    );
    const short = await run('stateless', [...flags, '--secret', 'hunter2'], { STATEBENCH_SECRET: undefined }).exited;
    expect(short).toEqual({ code: 2, stderr: 'Expected `--secret` to be at least 32 bytes, got 7.\n' });
    const shortEnv = await run('stateless', flags, { STATEBENCH_SECRET: 'hunter2' }).exited;
    expect(shortEnv).toEqual({ code: 2, stderr: 'Expected env STATEBENCH_SECRET to be at least 32 bytes, got 7.\n' });
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

describe('pizza stateless on SQLite: TTLs and store faults', () => {
  it('honours the session TTL: a session idle past --ttl-seconds is unknown (401) on every server', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'sb-pizza-ttl-')), 'store.sqlite');
    const [one, two] = [await startOnSqlite('server-1', path, ['--ttl-seconds', '1']), await startOnSqlite('server-2', path, ['--ttl-seconds', '1'])];
    const cookie = await login(one.base);
    expect(await call(two.base, 'POST', '/cart/items', { body: { item: 'funghi' }, cookie })).toMatchObject({ status: 200, json: { cart: ['funghi'] } });
    await new Promise((resolve) => setTimeout(resolve, 1_300));
    for (const base of [two.base, one.base]) {
      expect(await call(base, 'GET', '/cart', { cookie })).toMatchObject({ status: 401, json: { error: 'unknown session' } });
    }
  });

  it('store-pause: a write waits out the busy timeout and answers 503 (nothing applied), reads of health go on, and all works after resume', async () => {
    const sqlite = await provideSqlite({ dir: mkdtempSync(join(tmpdir(), 'sb-pizza-pause-')) });
    try {
      const [one, two] = [await startOnSqlite('server-1', sqlite.path), await startOnSqlite('server-2', sqlite.path)];
      const cookie = await login(one.base);
      expect(await call(two.base, 'POST', '/cart/items', { body: { item: 'funghi' }, cookie })).toMatchObject({ status: 200 });
      await sqlite.faults.pause();
      const refused = await call(one.base, 'POST', '/cart/items', { body: { item: 'diavola' }, cookie });
      expect(refused).toMatchObject({ status: 503, serverId: 'server-1', json: { error: 'store unavailable' } });
      // Waiting for the lock never blocks the server: it still answers what needs no store.
      expect(await call(two.base, 'GET', '/healthz')).toMatchObject({ status: 200 });
      await sqlite.faults.resume();
      expect(await call(two.base, 'POST', '/cart/items', { body: { item: 'margherita' }, cookie })).toMatchObject({
        status: 200,
        json: { cart: ['funghi', 'margherita'] },
      });
    } finally {
      await sqlite.close();
    }
  });

  it('store-crash: 503 while the file is gone, then an empty store: the old session is unknown (401) and new ones work across servers', async () => {
    const sqlite = await provideSqlite({ dir: mkdtempSync(join(tmpdir(), 'sb-pizza-crash-')) });
    try {
      const [one, two] = [await startOnSqlite('server-1', sqlite.path), await startOnSqlite('server-2', sqlite.path)];
      const cookie = await login(one.base);
      expect(await call(two.base, 'POST', '/cart/items', { body: { item: 'funghi' }, cookie })).toMatchObject({ status: 200 });
      await sqlite.faults.crash();
      expect(await call(one.base, 'GET', '/cart', { cookie })).toMatchObject({ status: 503, serverId: 'server-1', json: { error: 'store unavailable' } });
      await sqlite.faults.restart();
      // Both servers had the old file open; each must see the new, empty one.
      for (const base of [one.base, two.base]) {
        expect(await call(base, 'GET', '/cart', { cookie })).toMatchObject({ status: 401, json: { error: 'unknown session' } });
      }
      const fresh = await login(two.base, 'bea');
      expect(await call(one.base, 'POST', '/cart/items', { body: { item: 'diavola' }, cookie: fresh })).toMatchObject({ status: 200, json: { cart: ['diavola'] } });
      expect(await call(two.base, 'GET', '/cart', { cookie: fresh })).toMatchObject({ status: 200, json: { user: 'bea', cart: ['diavola'] } });
    } finally {
      await sqlite.close();
    }
  });

  it('exits 2 for --store sqlite without --store-path, and for an unknown store, in one line', async () => {
    const flags = ['--port', String(await freePort()), '--id', 'server-8'];
    expect(await run('stateless', [...flags, '--store', 'sqlite']).exited).toEqual({
      code: 2,
      stderr: 'Missing required `--store-path <file>` for `--store sqlite`.\n',
    });
    expect(await run('stateless', [...flags, '--store', 'postgres']).exited).toEqual({
      code: 2,
      stderr: 'Expected `--store` to be one of redis, sqlite, got `postgres`.\n',
    });
  });
});
