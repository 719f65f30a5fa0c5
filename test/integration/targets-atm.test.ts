/**
 * The atm reference servers as real processes (compiled, from dist/), checked the way
 * the driver uses them, in all three designs, the stateless ones on each store. Needs a
 * Redis: REDIS_URL or redis://127.0.0.1:6379.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { OPENING_BALANCE_CENTS } from '../../targets/atm/store.js';
import { adopt, deleteKeys, freePort, killTargets, REDIS_URL, runTarget, startTarget } from '../helpers/targets.js';

const RUN = `sbtest:${process.pid}:${randomBytes(4).toString('hex')}`;

type Arch = 'stateful' | 'stateless' | 'stateless-naive';
type Store = 'memory' | 'redis' | 'sqlite';

/** One SQLite file per stateless design, shared by its two servers as a fleet's are. */
const SQLITE_DIR = mkdtempSync(join(tmpdir(), 'sb-atm-sqlite-'));
const sqlitePathOf = (arch: Arch): string => join(SQLITE_DIR, `${arch}.sqlite`);

/** A private key space per design, so no test meets another's accounts or opIds. */
const prefixOf = (arch: Arch): string => `${RUN}:${arch}:`;
/** A fresh account id and opId, so the tests of one design do not share balances. */
const fresh = (): string => randomBytes(6).toString('hex');

const run = (arch: Arch, args: string[]) => runTarget('atm', arch, args);

/** Starts a server and waits for its `listening <id> <host>:<port>` line; returns its base URL. */
async function start(arch: Arch, id: string, store: Store = arch === 'stateful' ? 'memory' : 'redis'): Promise<string> {
  const extra = {
    memory: [],
    redis: ['--redis-url', REDIS_URL, '--key-prefix', prefixOf(arch)],
    sqlite: ['--store', 'sqlite', '--store-path', sqlitePathOf(arch)],
  }[store];
  return (await startTarget('atm', arch, id, extra)).base;
}

async function call(base: string, method: 'GET' | 'POST', path: string, body?: string | object) {
  const res = await request(`${base}${path}`, {
    method,
    body: typeof body === 'object' ? JSON.stringify(body) : body,
    headers: { 'content-type': 'application/json' },
  });
  return { status: res.statusCode, serverId: res.headers['x-server-id'], json: (await res.body.json()) as Record<string, unknown> };
}

const withdraw = (base: string, account: string, amount: unknown, opId: unknown = fresh()) =>
  call(base, 'POST', `/accounts/${account}/withdraw`, { amount, opId });
const deposit = (base: string, account: string, amount: unknown, opId: unknown = fresh()) =>
  call(base, 'POST', `/accounts/${account}/deposit`, { amount, opId });

afterAll(async () => {
  await killTargets();
  await deleteKeys(`${RUN}:*`);
});

describe.each<{ arch: Arch; store: Store }>([
  { arch: 'stateful', store: 'memory' },
  { arch: 'stateless', store: 'redis' },
  { arch: 'stateless-naive', store: 'redis' },
  { arch: 'stateless', store: 'sqlite' },
  { arch: 'stateless-naive', store: 'sqlite' },
])('atm $arch on $store', ({ arch, store }) => {
  let one = '';
  let two = '';
  beforeAll(async () => {
    [one, two] = [await start(arch, 'server-1', store), await start(arch, 'server-2', store)];
  });

  it('answers /healthz with its id, arch, scenario and store', async () => {
    const res = await call(one, 'GET', '/healthz');
    const named = store === 'memory' ? {} : { store };
    expect(res).toMatchObject({ status: 200, serverId: 'server-1', json: { id: 'server-1', arch, scenario: 'atm', ...named } });
  });

  it('opens an account at 100000 cents on its first touch, whichever request it is', async () => {
    expect(OPENING_BALANCE_CENTS).toBe(100_000);
    expect(await call(one, 'GET', `/accounts/${fresh()}`)).toMatchObject({ status: 200, serverId: 'server-1', json: { balance: 100_000 } });
    expect(await withdraw(one, fresh(), 2_500)).toMatchObject({ status: 200, json: { balance: 97_500 } });
    expect(await deposit(one, fresh(), 2_500)).toMatchObject({ status: 200, json: { balance: 102_500 } });
  });

  it('withdraws, refuses beyond the balance with 409 and the balance, and deposits', async () => {
    const account = fresh();
    expect(await withdraw(one, account, 30_000)).toMatchObject({ status: 200, serverId: 'server-1', json: { balance: 70_000 } });
    expect(await call(one, 'GET', `/accounts/${account}`)).toMatchObject({ status: 200, json: { balance: 70_000 } });
    expect(await withdraw(one, account, 70_001)).toEqual({ status: 409, serverId: 'server-1', json: { error: 'insufficient funds', balance: 70_000 } });
    expect(await deposit(one, account, 1_234)).toMatchObject({ status: 200, json: { balance: 71_234 } });
    expect(await withdraw(one, account, 71_234)).toMatchObject({ status: 200, json: { balance: 0 } });
    expect(await call(one, 'GET', `/accounts/${account}`)).toMatchObject({ status: 200, json: { balance: 0 } });
  });

  it('answers a retried opId with its first answer and applies it once, a 409 included', async () => {
    const account = fresh();
    const [out, refused, put] = [fresh(), fresh(), fresh()];
    const first = await withdraw(one, account, 10_000, out);
    expect(first).toMatchObject({ status: 200, json: { balance: 90_000 } });
    expect(await withdraw(one, account, 10_000, out)).toEqual(first);
    expect(await withdraw(one, account, 95_000, refused)).toMatchObject({ status: 409, json: { balance: 90_000 } });
    expect(await deposit(one, account, 50_000, put)).toMatchObject({ status: 200, json: { balance: 140_000 } });
    expect(await deposit(one, account, 50_000, put)).toMatchObject({ status: 200, json: { balance: 140_000 } });
    // Now the funds are there, yet the refused opId stays refused: its answer was remembered.
    expect(await withdraw(one, account, 95_000, refused)).toEqual({ status: 409, serverId: 'server-1', json: { error: 'insufficient funds', balance: 90_000 } });
    expect(await call(one, 'GET', `/accounts/${account}`)).toMatchObject({ json: { balance: 140_000 } });
  });

  it('refuses a bad amount, opId or account id with a 400 naming itself, and changes nothing', async () => {
    const account = fresh();
    const post = (path: string, body: unknown) => call(one, 'POST', path, typeof body === 'string' ? body : (body as object));
    const bad: Array<[string, unknown]> = [
      ...[0, -5, 1.5, '100', null, Number.MAX_SAFE_INTEGER + 1].map((amount): [string, unknown] => [`/accounts/${account}/withdraw`, { amount, opId: fresh() }]),
      [`/accounts/${account}/deposit`, { opId: fresh() }],
      ...['', 'x'.repeat(129), 42, null].map((opId): [string, unknown] => [`/accounts/${account}/deposit`, { amount: 100, opId }]),
      [`/accounts/${account}/withdraw`, { amount: 100 }],
      [`/accounts/${account}/withdraw`, '{nope'],
      [`/accounts/${account}/withdraw`, '[]'],
      ['/accounts/a.b/withdraw', { amount: 100, opId: fresh() }],
      [`/accounts/${'a'.repeat(65)}/deposit`, { amount: 100, opId: fresh() }],
      ['/accounts/%20/deposit', { amount: 100, opId: fresh() }],
    ];
    for (const [path, body] of bad) {
      expect(await post(path, body), `${path} ${JSON.stringify(body)}`).toMatchObject({ status: 400, serverId: 'server-1', json: { error: expect.any(String) } });
    }
    expect(await call(one, 'GET', '/accounts/a.b')).toMatchObject({ status: 400, serverId: 'server-1' });
    expect(await withdraw(one, 'a'.repeat(64), 1, 'x'.repeat(128))).toMatchObject({ status: 200, json: { balance: 99_999 } });
    expect(await call(one, 'GET', `/accounts/${account}`)).toMatchObject({ status: 200, json: { balance: 100_000 } });
  });

  it('answers 404 and 405 naming itself', async () => {
    expect(await call(one, 'GET', '/nope')).toMatchObject({ status: 404, serverId: 'server-1', json: { error: expect.any(String) } });
    expect(await call(two, 'GET', '/accounts/x/withdraw')).toMatchObject({ status: 405, serverId: 'server-2', json: { error: expect.any(String) } });
    expect(await call(two, 'POST', '/accounts/x')).toMatchObject({ status: 405, serverId: 'server-2' });
  });

  if (arch === 'stateful') {
    it('does not share balances: server-2 still opens at 100000 after a withdrawal on server-1', async () => {
      const account = fresh();
      expect(await withdraw(one, account, 40_000)).toMatchObject({ status: 200, serverId: 'server-1', json: { balance: 60_000 } });
      expect(await call(two, 'GET', `/accounts/${account}`)).toMatchObject({ status: 200, serverId: 'server-2', json: { balance: 100_000 } });
    });
    return;
  }

  it(`shares balances and opIds between servers, in the documented ${store === 'redis' ? 'Redis keys' : 'SQLite tables'}`, async () => {
    const account = fresh();
    const opId = fresh();
    expect(await withdraw(one, account, 40_000, opId)).toMatchObject({ status: 200, serverId: 'server-1', json: { balance: 60_000 } });
    expect(await call(two, 'GET', `/accounts/${account}`)).toMatchObject({ status: 200, serverId: 'server-2', json: { balance: 60_000 } });
    expect(await withdraw(two, account, 40_000, opId)).toMatchObject({ status: 200, serverId: 'server-2', json: { balance: 60_000 } });
    if (store === 'sqlite') {
      const db = new Database(sqlitePathOf(arch), { readonly: true });
      try {
        expect(db.prepare('SELECT balance FROM atm_account WHERE id = ?').get(account)).toEqual({ balance: 60_000 });
        const op = db.prepare('SELECT answer, expires_at FROM atm_op WHERE op_id = ?').get(opId) as { answer: string; expires_at: number };
        expect(op.answer).toBe('200:60000');
        // Kept for an hour from when it was answered.
        expect(op.expires_at - Date.now()).toBeGreaterThan(3_500_000);
        expect(op.expires_at - Date.now()).toBeLessThanOrEqual(3_600_000);
      } finally {
        db.close();
      }
      return;
    }
    const redis = new Redis(REDIS_URL);
    try {
      expect(await redis.get(`${prefixOf(arch)}atm:acct:${account}`)).toBe('60000');
      const ttl = await redis.ttl(`${prefixOf(arch)}atm:op:${opId}`);
      expect(ttl).toBeGreaterThan(3_500);
      expect(ttl).toBeLessThanOrEqual(3_600);
    } finally {
      redis.disconnect();
    }
  });

  if (arch === 'stateless') {
    it('never overdraws: 50 concurrent withdrawals of 3000 through two servers, exactly 33 accepted', async () => {
      const account = fresh();
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => withdraw(i % 2 ? two : one, account, 3_000)));
      const accepted = answers.filter((a) => a.status === 200);
      expect(accepted).toHaveLength(33);
      expect(answers.filter((a) => a.status === 409)).toHaveLength(17);
      for (const a of answers) expect(a.json.balance).toBeGreaterThanOrEqual(0);
      // Each accepted withdrawal saw its own balance: no two read the same one.
      expect(new Set(accepted.map((a) => a.json.balance)).size).toBe(33);
      expect(await call(two, 'GET', `/accounts/${account}`)).toMatchObject({ json: { balance: 100_000 - 3_000 * 33 } });
    });
  } else {
    it('loses updates: 50 concurrent withdrawals of 1000 through two servers take less than they accept', async () => {
      const account = fresh();
      const answers = await Promise.all(Array.from({ length: 50 }, (_, i) => withdraw(i % 2 ? two : one, account, 1_000)));
      const accepted = answers.filter((a) => a.status === 200).length;
      const { json } = await call(one, 'GET', `/accounts/${account}`);
      // Every accepted withdrawal was answered 200, yet some of them left no trace: money minted.
      expect(json.balance).toBeGreaterThan(100_000 - 1_000 * accepted);
    });
  }
});

describe('atm lifecycle', () => {
  it.each<Arch>(['stateless', 'stateless-naive'])('%s exits 3 with a clear line when Redis is unreachable at start', async (arch) => {
    const { exited } = run(arch, ['--port', String(await freePort()), '--id', 'server-9', '--redis-url', 'redis://127.0.0.1:1']);
    const { code, stderr } = await exited;
    expect(code).toBe(3);
    expect(stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it.each<Arch>(['stateless', 'stateless-naive'])('%s answers 503 while its Redis is gone, and recovers', async (arch) => {
    const port = await freePort();
    const startRedis = async (): Promise<ChildProcess> => {
      const redis = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], { stdio: 'ignore' });
      adopt(redis);
      const client = new Redis(`redis://127.0.0.1:${port}`, { retryStrategy: () => 50 });
      client.on('error', () => undefined); // refused until redis-server listens: the retry handles it
      await client.ping();
      client.disconnect();
      return redis;
    };
    const redis = await startRedis();
    const port2 = await freePort();
    const { child } = run(arch, ['--port', String(port2), '--id', 'server-7', '--redis-url', `redis://127.0.0.1:${port}`]);
    await new Promise((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    const base = `http://127.0.0.1:${port2}`;
    expect(await call(base, 'GET', '/accounts/ann')).toMatchObject({ status: 200, json: { balance: 100_000 } });
    redis.kill('SIGKILL');
    await once(redis, 'exit');
    expect(await withdraw(base, 'ann', 1)).toEqual({ status: 503, serverId: 'server-7', json: { error: 'store unavailable' } });
    await startRedis();
    // The client reconnects on its own (backoff at most 1 s); the new Redis is empty.
    await expect.poll(async () => (await call(base, 'GET', '/accounts/ann')).status, { timeout: 5_000, interval: 100 }).toBe(200);
  });

  it.each<Arch>(['stateless', 'stateless-naive'])('%s exits 3 with a clear line when its SQLite file cannot be opened', async (arch) => {
    const path = join(SQLITE_DIR, 'no-such-folder', 'store.sqlite');
    const { exited } = run(arch, ['--port', String(await freePort()), '--id', 'server-9', '--store', 'sqlite', '--store-path', path]);
    const { code, stderr } = await exited;
    expect(code).toBe(3);
    expect(stderr).toBe(`server-9: cannot open the SQLite store ${path}: Cannot open database because the directory does not exist\n`);
  });

  it('exits 2 on bad flags, with one line on stderr', async () => {
    const { code, stderr } = await run('stateless', ['--port', '1']).exited;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toMatch(/Missing required `--id/);
  });

  it('exits 0 on SIGTERM', async () => {
    const port = await freePort();
    const { child, exited } = run('stateful', ['--port', String(port), '--id', 'server-4']);
    await new Promise((resolve) => createInterface({ input: child.stdout! }).once('line', resolve));
    child.kill('SIGTERM');
    expect((await exited).code).toBe(0);
  });
});
