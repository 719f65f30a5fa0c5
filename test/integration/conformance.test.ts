import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { request } from 'undici';
import { describe, expect, it } from 'vitest';
import { checkDesign } from '../../src/conformance/check-design.js';
import { conformanceError, failures } from '../../src/conformance/index.js';
import { exitCodeFor } from '../../src/errors.js';
import { Fleet } from '../../src/fleet/fleet.js';
import type { TargetDefinition } from '../../src/fleet/target.js';
import { referenceDesigns } from '../../src/designs/index.js';
import { statebench } from '../helpers/cli.js';
import { processesOf } from '../helpers/processes.js';
import { adopt, freePort, killTargets, REDIS_URL } from '../helpers/targets.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const logDir = () => mkdtempSync(join(tmpdir(), 'statebench-check-'));

/** The fixture shop as a user's own target definition would start it. */
function fixture(store: 'memory' | 'redis', bug?: string): TargetDefinition {
  const args = ['test/fixtures/pizza-app.mjs', '--port', '{port}', '--id', '{id}', '--store', store];
  if (store === 'redis') args.push('--redis-url', '{redisUrl}', '--key-prefix', '{keyPrefix}');
  if (bug) args.push('--bug', bug);
  return { name: `pizza-app-${store}`, command: process.execPath, args, cwd: ROOT, env: {}, healthPath: '/healthz', store: store === 'redis' ? 'redis' : 'none' };
}

describe('statebench check', () => {
  // Three processes side by side: a check judges answers, never their time.
  it.concurrent.each(['pizza', 'atm', 'chat'])('every reference design of %s passes every check, and nothing is left running', async (scenario) => {
    const child = statebench(['check', scenario], { REDIS_URL });
    const result = await child;
    // A failure shows what statebench printed.
    expect(result.exitCode, `${result.stdout}\n${result.stderr}`).toBe(0);
    expect(result.stderr).toBe('');
    for (const design of Object.keys(referenceDesigns(scenario).designs)) {
      expect(result.stdout).toMatch(new RegExp(`^${scenario}/${design} conforms: \\d+ passed, 0 failed, 0 warnings$`, 'm'));
    }
    expect(result.stdout).not.toMatch(/^\s+[✗!] /m);
    expect(processesOf(child.pid!)).toEqual([]);
  });

  it('with --store redis, a Redis that does not answer is an environment failure: exit 3, nothing probed', async () => {
    // (--store auto would use SQLite instead, saying so: docs/stores.md)
    const result = await statebench(['check', 'pizza', '--design', 'stateless', '--store', 'redis', '--redis-url', 'redis://127.0.0.1:1']);
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^statebench: Redis at redis:\/\/127\.0\.0\.1:1 did not answer PING/);
    expect(result.stdout).toBe('');
  });

  it('refuses an unknown design before starting anything: one line, exit 2', async () => {
    const result = await statebench(['check', 'atm', '--design', 'stateful,nope']);
    expect(result.exitCode).toBe(2);
    expect(result.stderr).toBe(
      'statebench: Expected `--design` to be one of all, both, stateful, stateless, stateless-naive (the designs of atm), or a comma list of them, got `stateful,nope`.',
    );
    expect(result.stdout).toBe('');
  });
});

describe('the conformance probe on a service of ours (test/fixtures/pizza-app.mjs)', () => {
  it.each(['memory', 'redis'] as const)('the %s variant passes every check', async (store) => {
    const result = await checkDesign('pizza', fixture(store), { logDir: logDir(), redisUrl: REDIS_URL });
    expect(result.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.checks.map((check) => check.name)).toContain('pizza: GET /cart without a valid session answers 401');
    expect(conformanceError(result.label, result.checks)).toBeUndefined();
  });

  it.each([
    ['no-server-id', ['every answer carries x-server-id']],
    [
      'unknown-session-200',
      [
        'pizza: POST /cart/items without a valid session answers 401',
        'pizza: GET /cart without a valid session answers 401',
        'pizza: POST /checkout without a valid session answers 401',
      ],
    ],
  ])('--bug %s fails the check with an exit-3 error naming the check', async (bug, names) => {
    const result = await checkDesign('pizza', fixture('memory', bug), { logDir: logDir() });
    expect(failures(result.checks).map((check) => check.name)).toEqual(names);
    const error = conformanceError(result.label, result.checks)!;
    expect(exitCodeFor(error)).toBe(3);
    const lines = error.message.split('\n');
    expect(lines[0]).toBe(`pizza/pizza-app-memory does not speak the protocol: ${names.length} required check${names.length === 1 ? '' : 's'} failed (docs/conformance.md):`);
    for (const name of names) expect(lines).toContain(`✗ ${name}`);
  });
});

describe('the fixture shop is a faithful pizza service', () => {
  /** A cart after a SIGKILL and a restart on the same port: what the lead's crash runs rely on. */
  async function cartAfterCrash(store: 'memory' | 'redis'): Promise<{ status: number; body: unknown }> {
    const fleet = await Fleet.start({ definition: fixture(store), servers: 1, logDir: logDir(), redisUrl: REDIS_URL, keyPrefix: `sb:test-fixture:${process.pid}:` });
    try {
      const url = fleet.servers[0]!.url;
      const login = await request(`${url}/login`, { method: 'POST', body: JSON.stringify({ user: 'ann' }) });
      await login.body.dump();
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const add = await request(`${url}/cart/items`, { method: 'POST', headers: { cookie }, body: JSON.stringify({ item: 'funghi' }) });
      expect(await add.body.json()).toEqual({ cart: ['funghi'] });
      await fleet.kill('server-1');
      await fleet.restart('server-1');
      const view = await request(`${url}/cart`, { headers: { cookie } });
      return { status: view.statusCode, body: await view.body.json() };
    } finally {
      await fleet.close();
    }
  }

  it('a crash loses every session of the memory variant (401) and none of the redis variant', async () => {
    const [memory, redis] = await Promise.all([cartAfterCrash('memory'), cartAfterCrash('redis')]);
    expect(memory).toEqual({ status: 401, body: { error: 'unknown session' } });
    expect(redis).toEqual({ status: 200, body: { user: 'ann', cart: ['funghi'] } });
  });

  it('exits once STATEBENCH_PARENT_PID is gone, and with 0 on SIGTERM', async () => {
    const parent = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)'], { stdio: 'ignore' });
    adopt(parent);
    const start = async (env: NodeJS.ProcessEnv) => {
      const child = spawn(process.execPath, ['test/fixtures/pizza-app.mjs', '--port', String(await freePort()), '--id', 'server-1'], {
        cwd: ROOT,
        env: { ...process.env, ...env },
        stdio: ['ignore', 'pipe', 'inherit'],
      });
      adopt(child);
      await once(child.stdout!, 'data');
      return child;
    };
    try {
      const orphan = await start({ STATEBENCH_PARENT_PID: String(parent.pid) });
      parent.kill('SIGKILL');
      expect(await once(orphan, 'exit')).toEqual([0, null]);
      const served = await start({ STATEBENCH_PARENT_PID: String(process.pid) });
      served.kill('SIGTERM');
      expect(await once(served, 'exit')).toEqual([0, null]);
    } finally {
      await killTargets();
    }
  });
});
