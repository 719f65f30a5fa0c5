/**
 * Real balancers in front of the fleets (`--proxy haproxy|nginx`, docs/proxies.md): the
 * real binaries from PATH, the compiled CLI (build first), short runs of a few users.
 */
import { execa } from 'execa';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DesignRun, RunResult } from '../../src/result.js';
import { statebench, waitForOutput } from '../helpers/cli.js';
import { processesOf } from '../helpers/processes.js';

const RUN_MS = 120_000;
const SHORT = ['--users', '10', '--duration', '2s', '--seed', '11', '--quiet'];

/** A run of the CLI with its JSON report read back. */
async function run(args: readonly string[]): Promise<{ stdout: string; stderr: string; exitCode: number | undefined; result: RunResult }> {
  const out = mkdtempSync(join(tmpdir(), 'statebench-proxies-'));
  const child = await statebench(['run', 'pizza', ...args, '--out', out]);
  const path = /report: (.+\.json)/.exec(child.stdout)?.[1];
  if (!path) throw new Error(`no report (exit ${child.exitCode}): ${child.stderr}`);
  return { stdout: child.stdout, stderr: child.stderr, exitCode: child.exitCode, result: JSON.parse(readFileSync(path, 'utf8')) as RunResult };
}

const designRun = (result: RunResult, arch: string): DesignRun => result.runs.find((r) => r.arch === arch)!;

describe('--proxy haproxy', () => {
  it('with a crash: the stateful fleet (cookie insert) loses sessions, the stateless none', { timeout: RUN_MS }, async () => {
    const { stdout, exitCode, result } = await run(['--proxy', 'haproxy', '--crash', 'server-1', ...SHORT]);
    expect(exitCode).toBe(0);
    const stateful = designRun(result, 'stateful');
    const stateless = designRun(result, 'stateless');
    expect(stateful.proxy).toBe('haproxy');
    expect(stateless.proxy).toBe('haproxy');
    expect(stateful.balancer).toBe('sticky');
    expect(stateful.sessionLoss.journeys).toBeGreaterThan(0);
    expect(stateless.sessionLoss.journeys).toBe(0);
    // HAProxy's own counters (show stat) name every server.
    expect(Object.keys(stateless.requests.byBackend).sort()).toEqual(['server-1', 'server-2', 'server-3']);
    expect(stdout).toContain('sticky (haproxy)');
    expect(readFileSync(join(stateful.logs.balancer!, '..', 'haproxy.cfg'), 'utf8')).toContain('cookie SERVERID insert indirect nocache');
  });

  it('a scale-down drains the server through the runtime API: no stateless session lost', { timeout: RUN_MS }, async () => {
    const { exitCode, result, stderr } = await run(['--design', 'stateless', '--proxy', 'haproxy', '--fault', 'scale-down:server-2@1s', ...SHORT]);
    expect(exitCode, stderr).toBe(0);
    const stateless = designRun(result, 'stateless');
    expect(stateless.faults[0]?.endedAtMs).toBeDefined();
    expect(stateless.sessionLoss.journeys).toBe(0);
    expect(stateless.requests.byServer['server-2']).toBeGreaterThan(0);
    // After the drain, HAProxy sent server-2 nothing more: its count is well below the others'.
    expect(stateless.requests.byBackend['server-2']).toBeLessThan(stateless.requests.byBackend['server-1']!);
  });

  it('a missing binary is exit 3 naming the package, before any fleet starts', async () => {
    const child = await statebench(['run', 'pizza', '--proxy', 'haproxy', '--users', '2', '--duration', '1s', '--quiet'], { PATH: '/nonexistent' });
    expect(child.exitCode).toBe(3);
    expect(child.stderr).toContain('apt-get install haproxy');
  });

  it('dies with statebench, kill -9 included', { timeout: RUN_MS }, async () => {
    const child = execa(process.execPath, [join(import.meta.dirname, '..', '..', 'bin', 'statebench.js'), 'fleet', 'pizza', '--proxy', 'haproxy'], { reject: false });
    await waitForOutput(child, 'stdout', 'Ctrl-C');
    const pid = child.pid!;
    expect(processesOf(pid).some((p) => p.command.includes('haproxy'))).toBe(true);
    process.kill(pid, 'SIGKILL');
    await child;
    const deadline = Date.now() + 10_000;
    while (processesOf(pid).length > 0 && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
    expect(processesOf(pid)).toEqual([]);
  });
});

describe('--proxy nginx', () => {
  it('hash on the session cookie, with a crash: the same verdicts', { timeout: RUN_MS }, async () => {
    const { exitCode, result } = await run(['--proxy', 'nginx', '--balancer', 'hash', '--crash', 'server-1', ...SHORT]);
    expect(exitCode).toBe(0);
    expect(designRun(result, 'stateful').proxy).toBe('nginx');
    expect(designRun(result, 'stateful').sessionLoss.journeys).toBeGreaterThan(0);
    expect(designRun(result, 'stateless').sessionLoss.journeys).toBe(0);
    // Counted from nginx's access log ($upstream_addr).
    expect(Object.keys(designRun(result, 'stateless').requests.byBackend).sort()).toEqual(['server-1', 'server-2', 'server-3']);
  });

  it('source spreads 50 users (one address each) over every server, and keeps each on its server', { timeout: RUN_MS }, async () => {
    const { exitCode, result } = await run(['--design', 'stateful', '--proxy', 'nginx', '--balancer', 'source', '--users', '50', '--duration', '2s', '--seed', '11', '--quiet', '--trace', 'user-7']);
    expect(exitCode).toBe(0);
    const stateful = designRun(result, 'stateful');
    for (const id of ['server-1', 'server-2', 'server-3']) expect(stateful.requests.byServer[id]).toBeGreaterThan(0);
    // A stateful fleet loses a session whenever a user moves: none moved.
    expect(stateful.sessionLoss.journeys).toBe(0);
    const servers = new Set(stateful.trace!.events.flatMap((event) => (event.type === 'step' ? [event.server] : [])));
    expect(servers.size).toBe(1);
  });

  it('sticky is exit 2 naming what nginx supports, before any load', async () => {
    const child = await statebench(['run', 'pizza', '--proxy', 'nginx', '--balancer', 'sticky']);
    expect(child.exitCode).toBe(2);
    expect(child.stderr).toContain('round-robin, random, least-connections, hash, source');
    expect(child.stderr).toContain('--balancer');
  });
});
