/**
 * A real proxy that has died under a run: a membership change must say so (exit 3's
 * EnvironmentError), never signal its old pid, which the system may already have given to
 * another process (a test worker, a user's shell).
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import { startProxy } from '../../src/proxy/index.js';
import { startBackend, stopAll } from '../helpers/backends.js';

afterAll(stopAll);

it('nginx stopped under the run: a drain is an environment error, not a SIGHUP to its old pid', { timeout: 30_000 }, async () => {
  const backends = await Promise.all([startBackend('server-1'), startBackend('server-2')]);
  const proxy = await startProxy({
    proxy: 'nginx',
    dir: mkdtempSync(join(tmpdir(), 'statebench-proxy-gone-')),
    strategy: 'round-robin',
    seed: 1,
    backends: backends.map(({ id, url }) => ({ id, url })),
  });
  try {
    const answer = await fetch(`${proxy.url}/healthz`);
    expect(answer.status).toBe(200);
    process.kill(proxy.pid, 'SIGTERM'); // nginx stops its workers with it (a SIGKILL would orphan them)
    // Wait until Node has reaped it: from then on its pid is free for any process.
    for (let i = 0; i < 200; i++) {
      try {
        process.kill(proxy.pid, 0);
      } catch {
        break;
      }
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
    const drained = proxy.drain('server-2');
    await expect(drained).rejects.toBeInstanceOf(EnvironmentError);
    await expect(drained).rejects.toThrow(/nginx is no longer running/);
  } finally {
    await proxy.close();
  }
});
