/**
 * The chat reference servers as real processes (compiled, from dist/), checked the way
 * the driver uses them, over real WebSockets, the stateless design on each store. Needs a
 * Redis: REDIS_URL or redis://127.0.0.1:6379.
 *
 * No sleeps: frames on one socket are handled in order, so an ack proves every earlier
 * frame was applied, and a later message arriving proves an earlier one would have.
 */
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { Redis } from 'ioredis';
import { request } from 'undici';
import { WebSocket } from 'ws';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { DEV_SECRET } from '../../targets/common/args.js';
import { tokenSigner } from '../../targets/common/token.js';
import { deleteKeys, flip, freePort, killTargets, REDIS_URL, runTarget, SECRET, startTarget } from '../helpers/targets.js';

const RUN = `sbtest:${process.pid}:${randomBytes(4).toString('hex')}`;
const WAIT_MS = 5_000;
const clients = new Set<WebSocket>();

type Arch = 'stateful' | 'stateless';
type Store = 'memory' | 'redis' | 'sqlite';
type Frame = Record<string, unknown>;

/** One SQLite file per key space, as one per fleet: its servers all open it. */
const SQLITE_DIR = mkdtempSync(join(tmpdir(), 'sb-chat-sqlite-'));
const sqlitePathOf = (prefix: string): string => join(SQLITE_DIR, `${prefix.replaceAll(':', '_')}sqlite`);

/** A private key space per design (and per lone server), so no test meets another's users. */
const prefixOf = (name: string): string => `${RUN}:${name}:`;
/** A fresh user or message id, so tests sharing a fleet never share a log. */
const fresh = (what = 'u'): string => `${what}-${randomBytes(5).toString('hex')}`;

const run = (arch: Arch, args: string[], env: NodeJS.ProcessEnv = {}) => runTarget('chat', arch, args, env);

/** Starts a server, waits for its `listening` line; returns its base URL and process. */
function start(arch: Arch, id: string, prefix = prefixOf(arch), store: Store = arch === 'stateful' ? 'memory' : 'redis') {
  const extra = {
    memory: [],
    redis: ['--redis-url', REDIS_URL, '--key-prefix', prefix],
    sqlite: ['--store', 'sqlite', '--store-path', sqlitePathOf(prefix)],
  }[store];
  return startTarget('chat', arch, id, extra);
}

/** The presence claims on `user` in the store: the servers holding them, and how many ms until each lapses. */
async function claimsOn(store: Store, prefix: string, user: string): Promise<Record<string, number>> {
  if (store === 'sqlite') {
    const db = new Database(sqlitePathOf(prefix), { readonly: true });
    try {
      const rows = db.prepare('SELECT server, expires_at FROM chat_presence WHERE user = ?').all(user) as { server: string; expires_at: number }[];
      return Object.fromEntries(rows.map((row) => [row.server, row.expires_at - Date.now()]));
    } finally {
      db.close();
    }
  }
  const redis = new Redis(REDIS_URL);
  try {
    const claims = await redis.hgetall(`${prefix}chat:presence:${user}`);
    const [seconds, micros] = await redis.time();
    const now = Number(seconds) * 1000 + Math.floor(Number(micros) / 1000);
    return Object.fromEntries(Object.entries(claims).map(([server, until]) => [server, Number(until) - now]));
  } finally {
    redis.disconnect();
  }
}

/** `POST /login` as `user`: the whole answer, Set-Cookie included. */
async function login(base: string, user: string) {
  const res = await request(`${base}/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user }) });
  const json = (await res.body.json()) as Frame;
  return { status: res.statusCode, serverId: res.headers['x-server-id'], setCookie: res.headers['set-cookie'], json };
}

/** Every server of a test fleet shares one secret, so a token from any of them is good on all. */
const tokens = new Map<string, string>();
async function tokenOf(base: string, user: string): Promise<string> {
  let token = tokens.get(user);
  if (token === undefined) {
    const res = await login(base, user);
    expect(res.status).toBe(200);
    token = String(res.json.token);
    tokens.set(user, token);
  }
  return token;
}

async function get(base: string, path: string, headers: Record<string, string> = {}) {
  const res = await request(`${base}${path}`, { headers });
  return { status: res.statusCode, serverId: res.headers['x-server-id'], json: (await res.body.json()) as Frame };
}

/** A GET as `as` (by default the user the path names), with their token as a bearer. */
async function getAs(base: string, path: string, as: string) {
  return get(base, path, { authorization: `Bearer ${await tokenOf(base, as)}` });
}

const online = async (base: string, user: string, as = user) => (await getAs(base, `/users/${user}/online`, as)).json.online;
const unread = async (base: string, user: string) => (await getAs(base, `/users/${user}/unread`, user)).json.count;
const history = async (base: string, user: string, query = '') =>
  ((await getAs(base, `/users/${user}/messages${query}`, user)).json.messages as Frame[]).map((m) => m.id);

/** A user's WebSocket, recording every frame it receives. */
class Client {
  readonly frames: Frame[] = [];
  private readonly waiters = new Set<() => void>();
  upgradeServerId: unknown;

  constructor(readonly user: string, readonly ws: WebSocket) {
    clients.add(ws);
    // A server killed under it may reset the socket; tests read that from 'close', and an
    // 'error' event without a listener would crash the test process.
    ws.on('error', () => {});
    ws.on('upgrade', (res) => (this.upgradeServerId = res.headers['x-server-id']));
    ws.on('message', (data) => {
      this.frames.push(JSON.parse(String(data)) as Frame);
      for (const wake of this.waiters) wake();
    });
  }

  send(frame: Frame): void {
    this.ws.send(JSON.stringify(frame));
  }

  /** The first frame (already here or yet to come) that has every field of `want`; fails after a deadline. */
  waitFor(want: Frame): Promise<Frame> {
    const matches = (f: Frame): boolean => Object.entries(want).every(([k, v]) => f[k] === v);
    return new Promise((resolve, reject) => {
      const check = (): void => {
        const found = this.frames.find(matches);
        if (!found) return;
        cleanup();
        resolve(found);
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`${this.user} got no ${JSON.stringify(want)} in ${WAIT_MS} ms; got ${JSON.stringify(this.frames)}`));
      }, WAIT_MS);
      const cleanup = (): void => {
        clearTimeout(timer);
        this.waiters.delete(check);
      };
      this.waiters.add(check);
      check();
    });
  }

  count(want: Frame): number {
    return this.frames.filter((f) => Object.entries(want).every(([k, v]) => f[k] === v)).length;
  }

  /** Sends a message and resolves with its ack: every frame sent before it has been applied. */
  async sendAcked(to: string, id = fresh('m'), text = `hello ${to}`): Promise<string> {
    this.send({ type: 'send', id, to, text });
    await this.waitFor({ type: 'ack', id });
    return id;
  }

  async close(): Promise<void> {
    if (this.ws.readyState === WebSocket.CLOSED) return;
    this.ws.close();
    await once(this.ws, 'close');
  }
}

const wsUrl = (base: string, query: string): string => `${base.replace(/^http/, 'ws')}/ws${query}`;

/** Logs `user` in, connects with the token and waits for the hello frame. */
async function connect(base: string, user = fresh()): Promise<Client> {
  const token = await tokenOf(base, user);
  const client = new Client(user, new WebSocket(wsUrl(base, `?token=${encodeURIComponent(token)}`)));
  await client.waitFor({ type: 'hello' });
  return client;
}

/** The answer to an upgrade the server refuses. */
function refused(base: string, path: string, headers: Record<string, string> = {}): Promise<{ status: number | undefined; serverId: unknown }> {
  const ws = new WebSocket(`${base.replace(/^http/, 'ws')}${path}`, { headers });
  ws.on('error', () => undefined);
  return new Promise((resolve, reject) => {
    ws.once('open', () => reject(new Error(`${path} was upgraded`)));
    ws.once('unexpected-response', (_req, res) => {
      resolve({ status: res.statusCode, serverId: res.headers['x-server-id'] });
      res.resume();
      ws.terminate();
    });
  });
}

afterEach(() => {
  for (const ws of clients) ws.terminate();
  clients.clear();
});

afterAll(async () => {
  await killTargets();
  await deleteKeys(`${RUN}:*`);
});

describe.each<{ arch: Arch; store: Store }>([
  { arch: 'stateful', store: 'memory' },
  { arch: 'stateless', store: 'redis' },
  { arch: 'stateless', store: 'sqlite' },
])('chat $arch on $store', ({ arch, store }) => {
  const prefix = prefixOf(`${arch}-${store}`);
  let one = '';
  let two = '';
  beforeAll(async () => {
    [one, two] = [(await start(arch, 'server-1', prefix, store)).base, (await start(arch, 'server-2', prefix, store)).base];
  });

  it('answers /healthz, 404 and a plain GET /ws, naming itself', async () => {
    // On SQLite, the outbox's poll interval too: it is a cost in delivery latency.
    const named = { memory: {}, redis: { store }, sqlite: { store, pollMs: 50 } }[store];
    expect(await get(one, '/healthz')).toEqual({ status: 200, serverId: 'server-1', json: { id: 'server-1', arch, scenario: 'chat', ...named } });
    expect(await get(two, '/nope')).toMatchObject({ status: 404, serverId: 'server-2' });
    expect(await get(one, '/ws')).toMatchObject({ status: 426, serverId: 'server-1', json: { error: expect.any(String) } });
  });

  it('says hello first, with x-server-id on the upgrade response', async () => {
    const ann = await connect(two);
    expect(ann.frames[0]).toEqual({ type: 'hello', server: 'server-2' });
    expect(ann.upgradeServerId).toBe('server-2');
  });

  it('refuses a bad user name at login with 400 naming itself, and takes one of 64 characters', async () => {
    for (const user of ['', 'a b', 'a:b', 'x'.repeat(65)]) {
      const res = await login(one, user);
      expect(res, user).toMatchObject({ status: 400, serverId: 'server-1', json: { error: expect.any(String) } });
      expect(res.setCookie).toBeUndefined();
    }
    expect((await login(one, 'x'.repeat(12_000))).json.error).toMatch(/^expected the user to be 1 to 64 .*\(12000 characters\)`$/);
    expect(await refused(one, `/elsewhere?token=${await tokenOf(one, 'ann')}`)).toEqual({ status: 404, serverId: 'server-1' });
    expect(await getAs(one, '/users/a:b/online', 'ann')).toMatchObject({ status: 400, serverId: 'server-1', json: { error: expect.any(String) } });
    const edge = await connect(one, `A.b_-9${'x'.repeat(58)}`);
    expect(edge.frames[0]).toMatchObject({ type: 'hello' });
  });

  it('logs in with a signed token in the body and in an HttpOnly sid cookie, and takes either', async () => {
    const user = fresh();
    const res = await login(two, user);
    expect(res).toMatchObject({ status: 200, serverId: 'server-2', json: { user, token: expect.any(String) } });
    const token = String(res.json.token);
    expect(res.setCookie).toBe(`sid=${token}; HttpOnly; SameSite=Lax; Path=/`);
    expect(await get(one, `/users/${user}/unread`, { cookie: `sid=${token}` })).toMatchObject({ status: 200, json: { count: 0 } });
    expect(await get(one, `/users/${user}/unread`, { authorization: `Bearer ${token}` })).toMatchObject({ status: 200, json: { count: 0 } });
    const client = new Client(user, new WebSocket(wsUrl(one, ''), { headers: { cookie: `sid=${token}` } }));
    await client.waitFor({ type: 'hello' });
  });

  it('answers 401 to a read or an upgrade without a valid token: none, forged, foreign key, expired, or pizza\'s', async () => {
    const user = fresh();
    const real = await tokenOf(one, user);
    const now = Date.now();
    const bad = {
      none: undefined,
      garbage: 'not-a-token',
      forged: flip(real, -10),
      foreignKey: tokenSigner({ secret: randomBytes(32).toString('base64url'), audience: 'chat', lifetimeSeconds: 3600 }).sign(user),
      devSecret: tokenSigner({ secret: DEV_SECRET, audience: 'chat', lifetimeSeconds: 3600 }).sign(user),
      expired: tokenSigner({ secret: SECRET, audience: 'chat', lifetimeSeconds: 60, now: () => now - 61_000 }).sign(user),
      pizza: tokenSigner({ secret: SECRET, audience: 'pizza', lifetimeSeconds: 3600 }).sign(user),
    };
    for (const [what, token] of Object.entries(bad)) {
      const headers: Record<string, string> = token === undefined ? {} : { authorization: `Bearer ${token}` };
      for (const path of [`/users/${user}/unread`, `/users/${user}/online`, `/users/${user}/messages`]) {
        expect(await get(one, path, headers), `${what} ${path}`).toEqual({ status: 401, serverId: 'server-1', json: { error: 'unknown session' } });
      }
      const query = token === undefined ? `?user=${user}` : `?token=${encodeURIComponent(token)}&user=${user}`;
      expect(await refused(one, `/ws${query}`), what).toEqual({ status: 401, serverId: 'server-1' });
    }
    // The same user, signed with the fleet's key, is let in.
    expect(await get(one, `/users/${user}/unread`, { authorization: `Bearer ${real}` })).toMatchObject({ status: 200 });
  });

  it('lets a user read only their own inbox and unread count (403), and anyone\'s presence', async () => {
    const [ann, bob] = [await connect(one), await connect(one)];
    await ann.sendAcked(bob.user, fresh('m'), 'for bob only');
    for (const what of ['messages', 'unread']) {
      const res = await getAs(one, `/users/${bob.user}/${what}`, ann.user);
      expect(res, what).toEqual({ status: 403, serverId: 'server-1', json: { error: `forbidden: ${ann.user} may read only their own inbox` } });
    }
    expect(await online(one, bob.user, ann.user)).toBe(true);
    expect(await history(one, bob.user)).toHaveLength(1);
  });

  it('takes the user from the token only: a ?user= cannot read, send or mark as someone else', async () => {
    const [ann, bob] = [await connect(one), await connect(one)];
    const id = await ann.sendAcked(bob.user);
    await bob.waitFor({ type: 'message', id });
    // mallory asks for bob's socket with her own token.
    const name = fresh('mallory');
    const mallory = new Client(name, new WebSocket(wsUrl(one, `?token=${await tokenOf(one, name)}&user=${bob.user}`)));
    await mallory.waitFor({ type: 'hello' });
    mallory.send({ type: 'read', upTo: id });
    const hers = await mallory.sendAcked(ann.user);
    expect((await ann.waitFor({ type: 'message', id: hers })).from).toBe(name);
    expect(await unread(one, bob.user)).toBe(1); // her read marked her own inbox, not bob's
    const later = await ann.sendAcked(bob.user);
    await bob.waitFor({ type: 'message', id: later });
    expect(mallory.count({ type: 'message' })).toBe(0); // bob's messages never reach her
  });

  it('acks a send and delivers it live to a recipient on the same server, with unread and history', async () => {
    const [ann, bob] = [await connect(one), await connect(one)];
    const id = await ann.sendAcked(bob.user, fresh('m'), 'hi bob');
    const got = await bob.waitFor({ type: 'message', id });
    expect(got).toEqual({ type: 'message', id, from: ann.user, text: 'hi bob', ts: expect.any(Number), seq: 1 });
    expect(await getAs(one, `/users/${bob.user}/unread`, bob.user)).toEqual({ status: 200, serverId: 'server-1', json: { count: 1 } });
    const listed = await getAs(one, `/users/${bob.user}/messages`, bob.user);
    expect(listed).toEqual({ status: 200, serverId: 'server-1', json: { messages: [{ id, from: ann.user, to: bob.user, text: 'hi bob', ts: got.ts, seq: 1 }] } });
  });

  it('lists history after a message, oldest first, and all of it without or with an unknown `after`', async () => {
    const ann = await connect(one);
    const bob = fresh();
    const ids = [await ann.sendAcked(bob), await ann.sendAcked(bob), await ann.sendAcked(bob)];
    expect(await history(one, bob)).toEqual(ids);
    // Each message carries its place in the recipient's log.
    expect((await getAs(one, `/users/${bob}/messages`, bob)).json).toMatchObject({ messages: [{ seq: 1 }, { seq: 2 }, { seq: 3 }] });
    expect(await history(one, bob, `?after=${ids[0]}`)).toEqual(ids.slice(1));
    expect(await history(one, bob, `?after=${ids[2]}`)).toEqual([]);
    expect(await history(one, bob, '?after=nope')).toEqual(ids);
    expect(await history(one, fresh())).toEqual([]);
  });

  it('sets unread to what follows a read mark, and ignores an unknown one', async () => {
    const ann = await connect(one);
    const bob = await connect(one);
    const ids = [await ann.sendAcked(bob.user), await ann.sendAcked(bob.user), await ann.sendAcked(bob.user)];
    expect(await unread(one, bob.user)).toBe(3);
    bob.send({ type: 'read', upTo: ids[0] });
    await bob.sendAcked(fresh('sink')); // the ack proves the read before it was applied
    expect(await unread(one, bob.user)).toBe(2);
    bob.send({ type: 'read', upTo: 'unknown-id' });
    await bob.sendAcked(fresh('sink'));
    expect(await unread(one, bob.user)).toBe(2);
    bob.send({ type: 'read', upTo: ids[2] });
    await bob.sendAcked(fresh('sink'));
    expect(await unread(one, bob.user)).toBe(0);
  });

  it('acks a re-sent id again but stores and delivers it once', async () => {
    const [ann, bob] = [await connect(one), await connect(one)];
    const id = fresh('m');
    ann.send({ type: 'send', id, to: bob.user, text: 'once' });
    ann.send({ type: 'send', id, to: bob.user, text: 'once' });
    const later = await ann.sendAcked(bob.user);
    await bob.waitFor({ type: 'message', id: later }); // anything sent before it has arrived by now
    expect(ann.count({ type: 'ack', id })).toBe(2);
    expect(bob.count({ type: 'message', id })).toBe(1);
    expect(await history(one, bob.user)).toEqual([id, later]);
    expect(await unread(one, bob.user)).toBe(2);
  });

  it('relays typing without storing it', async () => {
    const [ann, bob] = [await connect(one), await connect(one)];
    ann.send({ type: 'typing', to: bob.user });
    expect(await bob.waitFor({ type: 'typing' })).toEqual({ type: 'typing', from: ann.user });
    expect(await unread(one, bob.user)).toBe(0);
    expect(await history(one, bob.user)).toEqual([]);
  });

  it('answers malformed frames with an error and keeps the connection open', async () => {
    const ann = await connect(one);
    const bad = ['{nope', '[]', '42', '{"type":"shout"}', '{"type":"send","to":"bob","text":"x"}', '{"type":"send","id":"m","to":"a:b","text":"x"}',
      '{"type":"send","id":"m","to":"bob"}', '{"type":"typing"}', '{"type":"read","upTo":""}'];
    for (const text of bad) ann.ws.send(text);
    ann.ws.send(Buffer.from('{}'), { binary: true });
    await ann.sendAcked(fresh());
    const errors = ann.frames.filter((f) => f.type === 'error');
    expect(errors).toHaveLength(bad.length + 1);
    for (const e of errors) expect(e.error).toEqual(expect.any(String));
    expect(errors[5]).toMatchObject({ id: 'm' }); // a refused send names itself
  });

  it('shows a user online while connected and offline after close', async () => {
    const ann = await connect(one);
    expect(await getAs(one, `/users/${ann.user}/online`, ann.user)).toEqual({ status: 200, serverId: 'server-1', json: { online: true } });
    await ann.close();
    await expect.poll(() => online(one, ann.user), { timeout: WAIT_MS, interval: 50 }).toBe(false);
    expect(await online(one, fresh())).toBe(false);
  });

  it('delivers to every socket of a user connected twice', async () => {
    const ann = await connect(one);
    const bob1 = await connect(one);
    const bob2 = await connect(one, bob1.user);
    const id = await ann.sendAcked(bob1.user);
    await Promise.all([bob1.waitFor({ type: 'message', id }), bob2.waitFor({ type: 'message', id })]);
    await bob1.close();
    expect(await online(one, bob1.user)).toBe(true);
  });

  it('takes a login made on one server on another: the token is signed, not remembered', async () => {
    const user = fresh();
    const token = String((await login(one, user)).json.token);
    const client = new Client(user, new WebSocket(wsUrl(two, `?token=${token}`)));
    expect(await client.waitFor({ type: 'hello' })).toEqual({ type: 'hello', server: 'server-2' });
  });

  if (arch === 'stateful') {
    it('does not reach a recipient on another server, whose history there stays empty', async () => {
      const ann = await connect(one);
      const bob = await connect(two);
      const id = await ann.sendAcked(bob.user);
      expect(await history(two, bob.user)).toEqual([]);
      expect(await unread(two, bob.user)).toBe(0);
      expect(await history(one, bob.user)).toEqual([id]); // stored where it was sent
      expect(await online(two, bob.user)).toBe(true);
      expect(await online(one, bob.user)).toBe(false);
      // A message through bob's own server arrives; the one through server-1 never will.
      const carol = await connect(two);
      const later = await carol.sendAcked(bob.user);
      await bob.waitFor({ type: 'message', id: later });
      ann.send({ type: 'typing', to: bob.user });
      await ann.sendAcked(fresh());
      expect(bob.count({ type: 'message', id })).toBe(0);
    });
    return;
  }

  it('delivers live to a recipient on another server, typing included', async () => {
    const ann = await connect(one);
    const bob = await connect(two);
    const id = await ann.sendAcked(bob.user, fresh('m'), 'across');
    expect(await bob.waitFor({ type: 'message', id })).toMatchObject({ from: ann.user, text: 'across' });
    ann.send({ type: 'typing', to: bob.user });
    expect(await bob.waitFor({ type: 'typing' })).toEqual({ type: 'typing', from: ann.user });
    expect(await unread(one, bob.user)).toBe(1);
    expect(await history(one, bob.user)).toEqual([id]);
  });

  it('keeps a user reachable when a second socket of theirs opens and closes on another server', async () => {
    // A reconnect racing the old socket's close, or a handshake the client gave up on
    // that lands late: that socket's coming and going must not cut off the live one.
    const bob = await connect(one);
    const late = await connect(two, bob.user);
    await late.close();
    await expect.poll(async () => Object.keys(await claimsOn(store, prefix, bob.user)), { timeout: WAIT_MS, interval: 20 }).toEqual(['server-1']);
    expect(await online(two, bob.user)).toBe(true);
    const ann = await connect(two);
    const id = await ann.sendAcked(bob.user);
    await bob.waitFor({ type: 'message', id });
  });

  it('keeps what an offline user missed, readable from any server', async () => {
    const ann = await connect(one);
    const bob = fresh();
    const ids = [await ann.sendAcked(bob), await ann.sendAcked(bob)];
    expect(await online(two, bob)).toBe(false);
    expect(await history(two, bob)).toEqual(ids);
    expect(await unread(two, bob)).toBe(2);
    const back = await connect(two, bob);
    expect(await history(two, back.user, `?after=${ids[0]}`)).toEqual(ids.slice(1));
  });

  it(`shows presence on every server, in the documented ${store === 'redis' ? 'key' : 'table'}, and withdraws it on close`, async () => {
    const bob = await connect(two);
    expect(await online(one, bob.user)).toBe(true);
    expect(await online(two, bob.user)).toBe(true);
    // One claim per server holding the user, each lapsing 3 s after its last refresh.
    const claims = await claimsOn(store, prefix, bob.user);
    expect(Object.keys(claims)).toEqual(['server-2']);
    expect(claims['server-2']).toBeGreaterThan(0);
    expect(claims['server-2']).toBeLessThanOrEqual(3_000);
    if (store === 'redis') {
      const redis = new Redis(REDIS_URL);
      const ttl = await redis.pttl(`${prefix}chat:presence:${bob.user}`).finally(() => redis.disconnect());
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(3_000);
    }
    await bob.close();
    await expect.poll(() => online(one, bob.user), { timeout: WAIT_MS, interval: 50 }).toBe(false);
  });
});

describe.each<Store>(['redis', 'sqlite'])('chat stateless on %s, a server crash', (store) => {
  it('drops its users offline within the heartbeat TTL, and they reconnect elsewhere to their history', async () => {
    const prefix = prefixOf(`crash-${store}`);
    const victim = await start('stateless', 'server-5', prefix, store);
    const survivor = (await start('stateless', 'server-6', prefix, store)).base;
    const bob = await connect(victim.base);
    const ann = await connect(survivor);
    const id = await ann.sendAcked(bob.user);
    await bob.waitFor({ type: 'message', id });
    victim.child.kill('SIGKILL');
    await victim.exited;
    const missed = await ann.sendAcked(bob.user);
    expect(await online(survivor, bob.user)).toBe(true); // the key outlives its server for a moment
    await expect.poll(() => online(survivor, bob.user), { timeout: WAIT_MS, interval: 100 }).toBe(false);
    await connect(survivor, bob.user);
    expect(await history(survivor, bob.user, `?after=${id}`)).toEqual([missed]);
  });
});

describe('chat lifecycle', () => {
  it.each<Arch>(['stateful', 'stateless'])('%s closes its WebSockets with 1001 and exits 0 on SIGTERM', async (arch) => {
    const server = await start(arch, 'server-8', prefixOf('sigterm'));
    const ann = await connect(server.base);
    const closed = once(ann.ws, 'close');
    server.child.kill('SIGTERM');
    const [code] = (await closed) as [number];
    expect(code).toBe(1001);
    expect((await server.exited).code).toBe(0);
  });

  it('stateless exits 3 with a clear line when Redis is unreachable at start', async () => {
    const { code, stderr } = await run('stateless', ['--port', String(await freePort()), '--id', 'server-9', '--redis-url', 'redis://127.0.0.1:1']).exited;
    expect(code).toBe(3);
    expect(stderr).toMatch(/cannot reach Redis at redis:\/\/127\.0\.0\.1:1/);
  });

  it('stateless on SQLite reports the --poll-ms it was given in /healthz, and exits 3 when its file cannot be opened', async () => {
    const { base } = await startTarget('chat', 'stateless', 'server-9', ['--store', 'sqlite', '--store-path', sqlitePathOf(prefixOf('poll')), '--poll-ms', '20']);
    expect(await get(base, '/healthz')).toMatchObject({ status: 200, json: { store: 'sqlite', pollMs: 20 } });
    const path = join(SQLITE_DIR, 'no-such-folder', 'chat.sqlite');
    const { code, stderr } = await run('stateless', ['--port', String(await freePort()), '--id', 'server-9', '--store', 'sqlite', '--store-path', path]).exited;
    expect(code).toBe(3);
    expect(stderr).toBe(`server-9: cannot open the SQLite store ${path}: Cannot open database because the directory does not exist\n`);
  });

  it('exits 2 on bad flags, with one line on stderr', async () => {
    const { code, stderr } = await run('stateful', ['--port', '1']).exited;
    expect(code).toBe(2);
    expect(stderr.trim().split('\n')).toHaveLength(1);
  });

  it.each<Arch>(['stateful', 'stateless'])('%s refuses to start without a secret (exit 2, one line), and starts with --insecure-dev-secret', async (arch) => {
    const flags = ['--port', String(await freePort()), '--id', 'server-7', '--redis-url', REDIS_URL, '--key-prefix', prefixOf('nosecret')];
    const refusedStart = await run(arch, flags.slice(0, arch === 'stateful' ? 4 : 8), { STATEBENCH_SECRET: undefined }).exited;
    expect(refusedStart.code).toBe(2);
    expect(refusedStart.stderr).toMatch(/^Missing required `--secret <key>` \(or env STATEBENCH_SECRET\).*`--insecure-dev-secret`.*\n$/);
    expect(refusedStart.stderr.trim().split('\n')).toHaveLength(1);
    const extra = arch === 'stateful' ? [] : flags.slice(4);
    const dev = await startTarget('chat', arch, 'server-7', [...extra, '--insecure-dev-secret'], { STATEBENCH_SECRET: undefined });
    const devToken = tokenSigner({ secret: DEV_SECRET, audience: 'chat', lifetimeSeconds: 60 }).sign('ann');
    expect(await get(dev.base, '/users/ann/unread', { authorization: `Bearer ${devToken}` })).toMatchObject({ status: 200 });
    dev.child.kill('SIGTERM');
    expect(await dev.exited).toEqual({ code: 0, stderr: 'server-7: signing tokens with the public development secret (--insecure-dev-secret): anyone can forge them\n' });
  });
});
