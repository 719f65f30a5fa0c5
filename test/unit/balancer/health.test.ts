import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { HealthChecker } from '../../../src/balancer/health.js';
import { Membership } from '../../../src/balancer/membership.js';

const cleanup: (() => void)[] = [];
afterEach(() => cleanup.splice(0).forEach((f) => f()));

async function target(): Promise<{ url: string; setStatus: (s: number) => void; hits: () => number }> {
  let status = 200;
  let hits = 0;
  const server = http.createServer((_req, res) => {
    hits++;
    res.writeHead(status).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  cleanup.push(() => server.close());
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    setStatus: (s) => (status = s),
    hits: () => hits,
  };
}

describe('health checks', () => {
  it('fall 2 / rise 2', async () => {
    const t = await target();
    const transitions: string[] = [];
    const m = new Membership([{ id: 'b1', url: t.url }], (b, up) => transitions.push(`${b.id} ${up ? 'up' : 'down'}`));
    const checker = new HealthChecker(m, { path: '/healthz', intervalMs: 20, timeoutMs: 200 });
    cleanup.push(() => checker.stop(), () => m.close());
    checker.start();

    t.setStatus(503);
    const failingFrom = t.hits();
    await expect.poll(() => m.get('b1')!.up).toBe(false);
    expect(t.hits() - failingFrom).toBeGreaterThanOrEqual(2);

    t.setStatus(200);
    const passingFrom = t.hits();
    await expect.poll(() => m.get('b1')!.up).toBe(true);
    expect(t.hits() - passingFrom).toBeGreaterThanOrEqual(2);
    expect(transitions).toEqual(['b1 down', 'b1 up']);
  });

  it('a backend that refuses connections goes down', async () => {
    const t = await target();
    cleanup.splice(0).forEach((f) => f()); // close it: the port now refuses
    const m = new Membership([{ id: 'b1', url: t.url }]);
    const checker = new HealthChecker(m, { path: '/healthz', intervalMs: 20, timeoutMs: 200 });
    cleanup.push(() => checker.stop(), () => m.close());
    checker.start();
    await expect.poll(() => m.get('b1')!.up).toBe(false);
  });
});
