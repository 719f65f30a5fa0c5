/**
 * The chat driver's client against a scripted server over real sockets: how it merges
 * what comes live with the history it fetches after a (re)connect.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { WebSocketServer, type WebSocket } from 'ws';
import { createClock } from '../../src/driver/clock.js';
import { createRng } from '../../src/driver/rng.js';
import { ChatClient } from '../../src/scenarios/chat/client.js';
import { ChatLog } from '../../src/scenarios/chat/recorder.js';

interface Script {
  /** Answers to `GET /users/bob/messages`, in turn: a status and a delay. */
  readonly history: readonly { status: number; delayMs: number }[];
  /** Tokens `POST /login` hands out, in turn (the last one again after that). @default ['t1'] */
  readonly logins?: readonly string[];
  /** The one token the socket and the history take; any other is a 401. @default the first login */
  readonly accepted?: string;
}

const HISTORY = [
  { type: 'message', id: 'm1', from: 'alice', seq: 1 },
  { type: 'message', id: 'm2', from: 'alice', seq: 2 },
];
const LIVE = { type: 'message', id: 'm3', from: 'alice', seq: 3 };

let server: Server | undefined;
let client: ChatClient | undefined;

afterEach(async () => {
  client?.close();
  await new Promise((resolve) => (server ? server.close(resolve) : resolve(undefined)));
  server = undefined;
  client = undefined;
});

/** A chat server that says hello, sends m3 live at once, and serves m1 and m2 as history. */
async function scriptedServer(script: Script): Promise<{ origin: string; connections: () => number; historyCalls: () => number; logins: () => number; refused: () => number }> {
  let calls = 0;
  let connections = 0;
  let logins = 0;
  let refused = 0;
  const handed = script.logins ?? ['t1'];
  const accepted = script.accepted ?? handed[0];
  const http = createServer((req, res) => {
    if (req.method === 'POST' && req.url === '/login') {
      const token = handed[Math.min(logins, handed.length - 1)];
      logins += 1;
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ user: 'bob', token }));
      return;
    }
    if (req.headers.authorization !== `Bearer ${accepted}`) {
      refused += 1;
      res.writeHead(401, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'unknown session' }));
      return;
    }
    const answer = script.history[Math.min(calls, script.history.length - 1)]!;
    calls += 1;
    setTimeout(() => {
      res.writeHead(answer.status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(answer.status === 200 ? { messages: HISTORY } : { error: 'store unavailable' }));
    }, answer.delayMs);
  });
  const wss = new WebSocketServer({
    server: http,
    verifyClient: ({ req }, done) => {
      const ok = new URL(req.url ?? '/', 'http://x').searchParams.get('token') === accepted;
      if (!ok) refused += 1;
      done(ok, 401);
    },
  });
  wss.on('connection', (ws: WebSocket) => {
    connections += 1;
    ws.send(JSON.stringify({ type: 'hello', server: 'server-1' }));
    ws.send(JSON.stringify(LIVE));
  });
  http.on('close', () => wss.close());
  await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
  server = http;
  const { port } = http.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    connections: () => connections,
    historyCalls: () => calls,
    logins: () => logins,
    refused: () => refused,
  };
}

function clientFor(origin: string, log: ChatLog): ChatClient {
  client = new ChatClient({
    user: 'bob',
    origin,
    clock: createClock(),
    log,
    rng: createRng(1),
    timeoutMs: 2000,
    signal: new AbortController().signal,
  });
  return client;
}

describe('chat client: live messages and history after a connect', () => {
  it('shows a message that came live during the catch-up after the history it missed', async () => {
    const target = await scriptedServer({ history: [{ status: 200, delayMs: 200 }] });
    const log = new ChatLog(['alice', 'bob']);
    const bob = clientFor(target.origin, log);
    await bob.ensureConnected();
    expect(bob.seen).toEqual(['m1', 'm2', 'm3']);
    expect(target.logins()).toBe(1);
    expect(bob.token).toBe('t1');
    expect(log.received.map((r) => `${r.id}/${r.via}`)).toEqual(['m1/history', 'm2/history', 'm3/live']);
  });

  it('retries a failed catch-up on the same connection, and still keeps the order', async () => {
    const target = await scriptedServer({ history: [{ status: 503, delayMs: 0 }, { status: 200, delayMs: 50 }] });
    const log = new ChatLog(['alice', 'bob']);
    const bob = clientFor(target.origin, log);
    await bob.ensureConnected();
    expect(target.historyCalls()).toBe(2);
    expect(target.connections()).toBe(1);
    expect(bob.seen).toEqual(['m1', 'm2', 'm3']);
  });

  it('logs in again when the fleet refuses its token (401), and goes on with the new one', async () => {
    // The first login's token is one the server no longer takes, as after a secret change.
    const target = await scriptedServer({ history: [{ status: 200, delayMs: 0 }], logins: ['stale', 'fresh'], accepted: 'fresh' });
    const bob = clientFor(target.origin, new ChatLog(['alice', 'bob']));
    await bob.ensureConnected();
    expect(target.logins()).toBe(2);
    expect(target.refused()).toBe(1);
    expect(bob.token).toBe('fresh');
    expect(bob.seen).toEqual(['m1', 'm2', 'm3']);
  });
});
