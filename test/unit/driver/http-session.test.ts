import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../../src/driver/clock.js';
import { HttpSession } from '../../../src/driver/http-session.js';
import { Recorder } from '../../../src/metrics/recorder.js';

/** A tiny target on a real socket: /login sets a cookie, /echo answers what it got, /slow never answers, /gone is the balancer's 502. */
let server: Server;
let origin: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      if (req.url === '/slow') return;
      if (req.url === '/gone') {
        res.writeHead(502, { 'x-statebench-balancer': '1' }).end('bad gateway');
        return;
      }
      const headers: Record<string, string> = { 'content-type': 'application/json', 'x-server-id': 'server-2' };
      if (req.url === '/login') headers['set-cookie'] = 'sid=abc=1; HttpOnly; Path=/';
      res.writeHead(200, headers).end(JSON.stringify({ cookie: req.headers.cookie ?? null, type: req.headers['content-type'] ?? null, body: body || null, big: 'x'.repeat(100_000) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

describe('HttpSession', () => {
  it('reads the answer whole, keeps its cookies and sends them back, and records the request', async () => {
    const recorder = new Recorder();
    const http = new HttpSession({ origin, clock: createClock(), recorder, timeoutMs: 2000 });
    try {
      const login = await http.request({ step: 'login', method: 'POST', path: '/login', body: { user: 'user-1' } });
      expect(login).toMatchObject({ outcome: 'ok', status: 200, server: 'server-2' });
      expect(login.body).toMatchObject({ cookie: null, type: 'application/json', body: '{"user":"user-1"}' });
      expect((login.body as { big: string }).big).toHaveLength(100_000);
      const cart = await http.request({ step: 'cart', method: 'GET', path: '/echo' });
      expect(cart.body).toMatchObject({ cookie: 'sid=abc=1', type: null, body: null });
      http.cookies.clear();
      expect((await http.request({ step: 'cart', method: 'GET', path: '/echo' })).body).toMatchObject({ cookie: null });
      expect(recorder.snapshot(1000).requests).toMatchObject({ total: 3, errors: 0, byServer: { 'server-2': 3 } });
    } finally {
      await http.close();
    }
  });

  it('records no answer in time, the balancer\'s 502 and a refused connection as indeterminate, each with its cause', async () => {
    const recorder = new Recorder();
    const http = new HttpSession({ origin, clock: createClock(), recorder, timeoutMs: 200 });
    const nowhere = new HttpSession({ origin: 'http://127.0.0.1:1', clock: createClock(), recorder, timeoutMs: 200 });
    try {
      const slow = await http.request({ step: 'add', method: 'GET', path: '/slow' });
      expect(slow).toMatchObject({ outcome: 'indeterminate', status: undefined, server: '-' });
      expect(slow.error).toMatch(/timeout/i);
      expect(await http.request({ step: 'add', method: 'GET', path: '/gone' })).toMatchObject({ outcome: 'indeterminate', status: 502, server: 'balancer' });
      expect(await nowhere.request({ step: 'add', method: 'GET', path: '/' })).toMatchObject({ outcome: 'indeterminate', status: undefined });
      expect(recorder.snapshot(1000).requests).toMatchObject({ total: 3, errors: 3, indeterminateBy: { timeout: 1, 'status-502': 1, refused: 1 } });
    } finally {
      await http.close();
      await nowhere.close();
    }
  });
});
