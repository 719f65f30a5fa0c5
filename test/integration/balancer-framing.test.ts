/**
 * The balancer relays HTTP/1.1 messages byte for byte and must find where each ends, for
 * any conforming server: chunked answers with trailers, answers delimited by closing the
 * connection, answers without a body (204, 304, HEAD), interim answers (103, and the
 * 100-continue the balancer gives itself), large bodies both ways, and pipelined
 * requests. The real balancer process (dist/, so build first) in front of real node:http
 * backends (test/fixtures/backend.mjs), one fleet for every case.
 */
import http from 'node:http';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BalancerHandle } from '../../src/balancer/client.js';
import { assertBalancerBuilt, balance, fleet, stopAll } from '../helpers/backends.js';

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  trailers: NodeJS.Dict<string>;
  body: string;
  /** The connection was one the client had used before. */
  reused: boolean;
}

let lb: BalancerHandle;
/** One keep-alive connection at a time, so each case also shows the connection survives its answer. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });

function send(path: string, options: http.RequestOptions = {}, body?: string | Buffer): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${lb.url}${path}`, { agent, ...options }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, trailers: res.trailers, body: Buffer.concat(chunks).toString(), reused: req.reusedSocket }),
      );
      res.on('error', reject);
    });
    req.on('error', reject);
    if (options.headers && (options.headers as Record<string, string>).expect) req.once('continue', () => req.end(body));
    else req.end(body);
  });
}

/** Writes `text` on a fresh connection and resolves with all that comes back until the balancer closes it. */
function raw(text: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const socket = net.connect(lb.port, '127.0.0.1', () => socket.write(text));
    let answer = '';
    socket.on('data', (chunk: Buffer) => (answer += chunk.toString('latin1')));
    socket.on('end', () => resolve(answer));
    socket.on('error', reject);
  });
}

beforeAll(async () => {
  assertBalancerBuilt();
  lb = await balance(await fleet(2));
});

afterAll(async () => {
  agent.destroy();
  await stopAll();
});

describe('balancer framing against real HTTP servers', () => {
  it('relays a chunked answer whole, trailers included, and keeps the connection', async () => {
    await send('/');
    const res = await send('/chunked?bytes=300000');
    expect(res.status).toBe(200);
    expect(res.body).toBe('x'.repeat(300_000));
    expect(res.trailers).toEqual({ 'x-bytes': '300000' });
    expect(res.reused).toBe(true);
    expect((await send('/chunked?bytes=0')).body).toBe('');
  });

  it('relays an answer delimited by the backend closing, then closes the client connection too', async () => {
    const res = await send('/close');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ path: '/close' });
    expect(res.headers.connection).toBe('close');
    // The next request opens a new connection, and the backends still answer on theirs.
    const next = await send('/');
    expect(next.reused).toBe(false);
    expect(next.status).toBe(200);
  });

  it('reads no body after 204, 304 or a HEAD answer, whatever their headers say', async () => {
    expect(await send('/status/204')).toMatchObject({ status: 204, body: '' });
    expect(await send('/status/304')).toMatchObject({ status: 304, body: '' });
    const head = await send('/', { method: 'HEAD' });
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(Number(head.headers['content-length'])).toBeGreaterThan(0);
    const after = await send('/after');
    expect(after.reused).toBe(true);
    expect(JSON.parse(after.body)).toMatchObject({ path: '/after' });
  });

  it('answers Expect: 100-continue itself and forwards the body', async () => {
    const res = await send('/echo', { method: 'PUT', headers: { expect: '100-continue', 'content-type': 'text/plain' } }, 'after continue');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ method: 'PUT', body: 'after continue' });
  });

  it('drops a 103 Early Hints and relays the final answer', async () => {
    const res = await send('/hints');
    expect(res.status).toBe(200);
    expect(JSON.parse(res.body)).toMatchObject({ path: '/hints' });
  });

  it('streams large bodies both ways, counted and chunked', async () => {
    const counted = 'a'.repeat(2_000_000);
    const echoed = await send('/echo', { method: 'POST' }, counted);
    expect(JSON.parse(echoed.body).body).toHaveLength(2_000_000);
    const chunked = await send('/echo', { method: 'POST', headers: { 'transfer-encoding': 'chunked' } }, Buffer.from('b'.repeat(1_000_000)));
    expect(JSON.parse(chunked.body).body).toBe('b'.repeat(1_000_000));
    expect((await send('/chunked?bytes=3000000')).body).toHaveLength(3_000_000);
  });

  it('answers pipelined requests in order on one connection', async () => {
    const text = await raw(
      'GET /one HTTP/1.1\r\nHost: x\r\n\r\n' +
        'POST /two HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n\r\nhello' +
        'HEAD /three HTTP/1.1\r\nHost: x\r\n\r\n' +
        'GET /four HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n',
    );
    const statuses = text.match(/HTTP\/1\.1 \d{3}/g);
    expect(statuses).toEqual(['HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 200', 'HTTP/1.1 200']);
    const paths = [...text.matchAll(/"path":"([^"]+)"/g)].map((m) => m[1]);
    expect(paths).toEqual(['/one', '/two', '/four']);
    expect(text).toContain('"body":"hello"');
  });

  it('closes an HTTP/1.0 client connection after its answer, unless it asked to keep it', async () => {
    const plain = await raw('GET /old HTTP/1.0\r\n\r\n');
    expect(plain).toMatch(/^HTTP\/1\.1 200 /);
    expect(plain.toLowerCase()).toContain('\r\nconnection: close\r\n');
    const kept = await raw('GET /a HTTP/1.0\r\nConnection: keep-alive\r\n\r\nGET /b HTTP/1.0\r\n\r\n');
    expect([...kept.matchAll(/"path":"([^"]+)"/g)].map((m) => m[1])).toEqual(['/a', '/b']);
  });

  it('refuses a request with both Content-Length and Transfer-Encoding (a smuggling vector) with its own 400', async () => {
    const text = await raw('POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n');
    expect(text).toMatch(/^HTTP\/1\.1 400 Bad Request\r\n/);
    expect(text).toContain('x-statebench-balancer: 1');
  });
});
