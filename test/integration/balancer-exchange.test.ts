/**
 * HTTP requests and WebSocket handshakes share one exchange lifecycle (a timer, an
 * abort, the failure answers, the toxic's reach): each case here held for HTTP and not
 * for WebSocket while the two were written apart. The real balancer process (dist/, so
 * build first) in front of fixture backends.
 */
import http from 'node:http';
import { request } from 'undici';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { assertBalancerBuilt, balance, fleet, stopAll } from '../helpers/backends.js';

/** A WebSocket-style handshake pinned to backend `id`; `ms` holds it at the backend. */
function handshake(base: string, id: string, ms = 0) {
  const req = http.request(`${base}/ws?ms=${ms}`, { headers: { connection: 'Upgrade', upgrade: 'echo', cookie: `SERVERID=${id}` } });
  const outcome = new Promise<string>((resolve) => {
    req.on('upgrade', (_res, socket) => {
      socket.on('error', () => {});
      socket.destroy();
      resolve('upgraded');
    });
    req.on('response', (res) => {
      res.resume();
      resolve(`status ${res.statusCode}`);
    });
    req.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
  req.end();
  return { req, outcome };
}

beforeAll(assertBalancerBuilt);
afterEach(stopAll);

describe('one exchange for HTTP and WebSocket', () => {
  it('a backend that does not answer in time is counted as its error, for a handshake as for a request', async () => {
    const lb = await balance(await fleet(2), { strategy: 'sticky', requestTimeoutMs: 400 });
    expect(await handshake(lb.url, 'b1', 3000).outcome).toBe('status 504');
    expect((await lb.stats()).errorsByBackend).toEqual({ b1: 1, b2: 0 });
    const res = await request(`${lb.url}/slow?ms=3000`, { headers: { cookie: 'SERVERID=b1' } });
    await res.body.dump();
    expect(res.statusCode).toBe(504);
    const stats = await lb.stats();
    expect(stats.errorsByBackend).toEqual({ b1: 2, b2: 0 });
    expect(stats.balancerErrors).toBe(2);
  });

  it('a reset toxic resets a handshake still in flight to its backend', async () => {
    const lb = await balance(await fleet(2), { strategy: 'sticky' });
    const pending = handshake(lb.url, 'b1', 2000);
    await expect.poll(async () => (await lb.stats()).inFlight.b1).toBe(1);
    await lb.setToxic('b1', { kind: 'reset' });
    expect(await pending.outcome).toBe('ECONNRESET');
    const stats = await lb.stats();
    expect(stats.toxicByBackend).toEqual({ b1: 1 });
    expect(stats.inFlight.b1).toBe(0);
    expect(await handshake(lb.url, 'b2').outcome).toBe('upgraded');
  });

  it('a client that gives up on a handshake ends it: no timeout is answered or counted later', async () => {
    const lb = await balance(await fleet(2), { strategy: 'sticky', requestTimeoutMs: 1500 });
    await lb.setToxic('b1', { kind: 'blackhole' });
    const pending = handshake(lb.url, 'b1');
    await expect.poll(async () => (await lb.stats()).inFlight.b1).toBe(1);
    pending.req.destroy();
    await new Promise((resolve) => setTimeout(resolve, 2000));
    const stats = await lb.stats();
    expect(stats.inFlight.b1).toBe(0);
    expect(stats.balancerErrors).toBe(0);
    expect(stats.errorsByBackend).toEqual({ b1: 0, b2: 0 });
  });
});
