/**
 * The driver's own HTTP/1.1 client (src/driver/http1/) against real servers on real
 * sockets: node:http answering chunked, 204 and Connection: close, and a raw server that
 * frames by the close, closes idle connections without a word (as Go's IdleTimeout does)
 * or resets a request. Each case is asserted as a user reads it: the step's outcome, its
 * status and body, and the recorded cause.
 */
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createNetServer, type AddressInfo, type Server as NetServer, type Socket } from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClock } from '../../src/driver/clock.js';
import { HttpSession } from '../../src/driver/http-session.js';
import { Recorder } from '../../src/metrics/recorder.js';

let web: HttpServer;
let raw: NetServer;
let webOrigin: string;
let rawOrigin: string;
/** Connections each server accepted, to tell reuse from reconnection. */
const accepted = { web: 0, raw: 0 };

beforeAll(async () => {
  web = createHttpServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const reply = (status: number, headers: Record<string, string | string[]>, body?: string) => res.writeHead(status, { 'x-server-id': 'web', ...headers }).end(body);
      if (req.url === '/chunked') {
        res.writeHead(200, { 'content-type': 'application/json', 'x-server-id': 'web' });
        res.write('{"parts":');
        setTimeout(() => res.end('["a","b"]}'), 20);
      } else if (req.url === '/empty') reply(204, {});
      else if (req.url === '/close') reply(200, { connection: 'close', 'content-type': 'application/json' }, '{"closing":true}');
      else if (req.url === '/cookies') reply(200, { 'set-cookie': ['sid=1; Path=/', 'lb=web; HttpOnly'] }, '{}');
      else if (req.url === '/reset') req.socket.destroy();
      else reply(200, { 'content-type': 'application/json' }, JSON.stringify({ cookie: req.headers.cookie ?? null }));
    });
  });
  web.on('connection', () => accepted.web++);
  raw = createNetServer((socket: Socket) => {
    accepted.raw++;
    socket.on('error', () => {});
    socket.on('data', (request) => {
      const path = request.toString('latin1').split(' ')[1];
      if (path === '/until-close') {
        socket.end('HTTP/1.1 200 OK\r\nX-Server-Id: raw\r\n\r\n{"framed":"by the close"}');
      } else {
        // Keep-alive with no Keep-Alive hint; the idle connection is closed 50 ms later.
        socket.write('HTTP/1.1 200 OK\r\nX-Server-Id: raw\r\nContent-Length: 2\r\n\r\n{}');
        setTimeout(() => socket.end(), 50);
      }
    });
  });
  await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
  await new Promise<void>((resolve) => raw.listen(0, '127.0.0.1', resolve));
  webOrigin = `http://127.0.0.1:${(web.address() as AddressInfo).port}`;
  rawOrigin = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
});

afterAll(async () => {
  web.closeAllConnections();
  await new Promise((resolve) => web.close(resolve));
  await new Promise((resolve) => raw.close(resolve));
});

function session(origin: string, recorder = new Recorder()) {
  return new HttpSession({ origin, clock: createClock(), recorder, timeoutMs: 2000 });
}

describe("the driver's HTTP/1.1 client", () => {
  it('reads a chunked answer and a 204 on one keep-alive connection', async () => {
    const http = session(webOrigin);
    const before = accepted.web;
    try {
      expect(await http.request({ step: 'view', method: 'GET', path: '/chunked' })).toMatchObject({ outcome: 'ok', status: 200, server: 'web', body: { parts: ['a', 'b'] } });
      expect(await http.request({ step: 'view', method: 'POST', path: '/empty' })).toMatchObject({ outcome: 'ok', status: 204, body: undefined });
      expect(await http.request({ step: 'view', method: 'GET', path: '/chunked' })).toMatchObject({ outcome: 'ok', body: { parts: ['a', 'b'] } });
      expect(accepted.web - before).toBe(1);
    } finally {
      await http.close();
    }
  });

  it('sends every Set-Cookie back, and opens a new connection after Connection: close', async () => {
    const http = session(webOrigin);
    const before = accepted.web;
    try {
      await http.request({ step: 'login', method: 'POST', path: '/cookies', body: { user: 'u' } });
      expect(await http.request({ step: 'view', method: 'GET', path: '/close' })).toMatchObject({ outcome: 'ok', body: { closing: true } });
      expect(await http.request({ step: 'view', method: 'GET', path: '/echo' })).toMatchObject({ outcome: 'ok', body: { cookie: 'sid=1; lb=web' } });
      expect(accepted.web - before).toBe(2);
    } finally {
      await http.close();
    }
  });

  it('reads an answer framed by the close, then connects again for the next request', async () => {
    const http = session(rawOrigin);
    try {
      expect(await http.request({ step: 'view', method: 'GET', path: '/until-close' })).toMatchObject({ outcome: 'ok', server: 'raw', body: { framed: 'by the close' } });
      expect(await http.request({ step: 'view', method: 'GET', path: '/until-close' })).toMatchObject({ outcome: 'ok', body: { framed: 'by the close' } });
    } finally {
      await http.close();
    }
  });

  it('loses no request when the server has closed the idle connection, with or without a Keep-Alive hint', async () => {
    const recorder = new Recorder();
    const hinted = session(webOrigin, recorder);
    const silent = session(rawOrigin, recorder);
    web.keepAliveTimeout = 100;
    try {
      for (let i = 0; i < 3; i++) {
        expect(await hinted.request({ step: 'view', method: 'GET', path: '/echo' })).toMatchObject({ outcome: 'ok' });
        expect(await silent.request({ step: 'view', method: 'GET', path: '/idle' })).toMatchObject({ outcome: 'ok' });
        await sleep(200);
      }
      expect(recorder.snapshot(1000).requests).toMatchObject({ total: 6, errors: 0 });
    } finally {
      web.keepAliveTimeout = 5000;
      await hinted.close();
      await silent.close();
    }
  });

  it('records a reset as indeterminate with its cause, and the next request goes through', async () => {
    const recorder = new Recorder();
    const http = session(webOrigin, recorder);
    try {
      expect(await http.request({ step: 'add', method: 'POST', path: '/reset', body: { item: 'x' } })).toMatchObject({ outcome: 'indeterminate', status: undefined, server: '-' });
      expect(await http.request({ step: 'view', method: 'GET', path: '/echo' })).toMatchObject({ outcome: 'ok' });
      expect(recorder.snapshot(1000).requests).toMatchObject({ total: 2, errors: 1, indeterminateBy: { reset: 1 } });
    } finally {
      await http.close();
    }
  });
});
