import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { execa } from 'execa';
import { describe, expect, it } from 'vitest';
import { EnvironmentError } from '../../src/errors.js';
import { Fleet } from '../../src/fleet/fleet.js';
import type { TargetDefinition } from '../../src/fleet/target.js';
import { BIN, statebench, waitForOutput } from '../helpers/cli.js';
import { processesOf } from '../helpers/processes.js';

const logDir = () => mkdtempSync(join(tmpdir(), 'statebench-fleet-'));

/** A target that dies at start with a message: a service that will not come up. */
const broken: TargetDefinition = {
  name: 'broken',
  command: process.execPath,
  args: ['-e', "console.error('cannot open config.yaml for {id}'); process.exit(1)"],
  cwd: process.cwd(),
  env: {},
  healthPath: '/healthz',
  store: 'none',
};

describe('fleet', () => {
  it('names the server and shows its last log lines when it will not start', async () => {
    const error = await Fleet.start({ definition: broken, servers: 2, logDir: logDir() }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(EnvironmentError);
    expect((error as Error).message).toMatch(/server-\d on port \d+ exited before it was ready/);
    expect((error as Error).message).toContain('cannot open config.yaml for server-');
  });

  it('a server that never answers 200 on its health path within its `readyTimeout` stops the run: exit 3, named, nothing left', async () => {
    const target = join(import.meta.dirname, '..', 'fixtures', 'targets', 'never-ready.json');
    const child = statebench(['run', 'pizza', '--target', target, '--servers', '1', '--users', '1', '--duration', '1s', '--out', logDir()]);
    const result = await child;
    expect(result.exitCode).toBe(3);
    expect(result.stderr).toMatch(/^statebench: server-1 on port \d+ did not answer \/healthz within 1000 ms \(log: .+server-1\.log, empty\)$/m);
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(processesOf(child.pid!)).toEqual([]);
  });

  it('`statebench fleet` serves through its balancer until Ctrl-C, then leaves nothing running', async () => {
    const child = execa(process.execPath, [BIN, 'fleet', 'pizza', '--arch', 'stateful', '--servers', '2'], {
      reject: false,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
    });
    const out = await waitForOutput(child, 'stdout', 'Ctrl-C');
    const balancerUrl = /balancer \(sticky\): (http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
    expect(balancerUrl, out).toBeDefined();
    expect(out).toMatch(/server-1: http:\/\/127\.0\.0\.1:\d+/);
    expect(out).toMatch(/server-2: http:\/\/127\.0\.0\.1:\d+/);

    const login = await fetch(`${balancerUrl}/login`, { method: 'POST', body: JSON.stringify({ user: 'alice' }) });
    expect(login.status).toBe(200);
    expect(login.headers.get('x-server-id')).toMatch(/^server-[12]$/);

    child.kill('SIGINT');
    const result = await child;
    expect(result.exitCode).toBe(0);
    expect(processesOf(child.pid!)).toEqual([]);
  });

  // A user copies the "try:" lines into a shell: each must get an answer of the protocol.
  it.each([
    ['pizza', '"cart":["margherita"]'],
    ['atm', '"balance":97500'],
    ['chat', '"count":0'],
  ])('`statebench fleet %s` suggests requests that its protocol answers', async (scenario, expected) => {
    const child = execa(process.execPath, [BIN, 'fleet', scenario, '--arch', 'stateful', '--servers', '1'], {
      reject: false,
      env: { NO_COLOR: '1' },
      stdin: 'ignore',
    });
    try {
      const out = await waitForOutput(child, 'stdout', 'Ctrl-C');
      const lines = out.split('\n').filter((line) => line.startsWith('  curl ') || line.startsWith('  TOKEN='));
      expect(lines.length, out).toBeGreaterThan(0);
      const shell = await execa('bash', ['-euc', lines.join('\n')], { cwd: logDir(), reject: false });
      expect(shell.exitCode, shell.stderr).toBe(0);
      expect(shell.stdout).not.toContain('no route');
      expect(shell.stdout).toContain(expected);
    } finally {
      child.kill('SIGINT');
      await child;
    }
  });

  it('exits 3 with a clear message when the balancer port is taken', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((resolve) => blocker.once('listening', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const result = await statebench(['fleet', 'pizza', '--arch', 'stateful', '--port', String(port)]);
      expect(result.exitCode).toBe(3);
      expect(result.stderr).toContain(`127.0.0.1:${port}`);
      expect(result.stderr).toContain('port in use');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    } finally {
      blocker.close();
    }
  });
});
