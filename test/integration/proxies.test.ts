/**
 * Real balancers in front of the fleets (`--proxy haproxy|nginx`, docs/proxies.md): the
 * real binaries from PATH, the compiled CLI (build first), short runs of a few users.
 */
import { execa } from 'execa';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, connect, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StrategyName } from '../../src/config/types.js';
import { haproxyConfig } from '../../src/proxy/haproxy-config.js';
import { Hops } from '../../src/proxy/hop.js';
import { PROXY_RULES } from '../../src/proxy/kinds.js';
import { nginxConfig } from '../../src/proxy/nginx-config.js';
import type { DesignRun, RunResult } from '../../src/result.js';
import { statebench, waitForOutput } from '../helpers/cli.js';
import { processesOf } from '../helpers/processes.js';
import { REDIS_URL } from '../helpers/targets.js';

const RUN_MS = 120_000;
const SHORT = ['--users', '10', '--duration', '2s', '--seed', '11', '--quiet'];
/** A crash's verdicts: enough users that some are always mid-journey on the server that dies. */
const CRASH = ['--users', '30', '--duration', '2s', '--seed', '11', '--quiet'];

/** A run of the CLI with its JSON report read back. */
async function run(args: readonly string[], scenario = 'pizza'): Promise<{ stdout: string; stderr: string; exitCode: number | undefined; result: RunResult }> {
  const out = mkdtempSync(join(tmpdir(), 'statebench-proxies-'));
  const child = await statebench(['run', scenario, ...args, '--out', out], { REDIS_URL });
  const path = /report: (.+\.json)/.exec(child.stdout)?.[1];
  if (!path) throw new Error(`no report (exit ${child.exitCode}): ${child.stderr}`);
  return { stdout: child.stdout, stderr: child.stderr, exitCode: child.exitCode, result: JSON.parse(readFileSync(path, 'utf8')) as RunResult };
}

const designRun = (result: RunResult, arch: string): DesignRun => result.runs.find((r) => r.arch === arch)!;

// The runs of a proxy side by side: their verdicts are counts, never times.
describe.concurrent('--proxy haproxy', () => {
  it('with a crash: the stateful fleet (cookie insert) loses sessions, the stateless none', { timeout: RUN_MS }, async () => {
    const { stdout, exitCode, result } = await run(['--proxy', 'haproxy', '--crash', 'server-1', ...CRASH]);
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

describe.concurrent('--proxy nginx', () => {
  it('hash on the session cookie, with a crash: the same verdicts', { timeout: RUN_MS }, async () => {
    const { exitCode, result } = await run(['--proxy', 'nginx', '--balancer', 'hash', '--crash', 'server-1', ...CRASH]);
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

  it('a blackhole acts through the hop: requests to that server go unanswered (indeterminate)', { timeout: RUN_MS }, async () => {
    const { exitCode, result } = await run(['--design', 'stateless', '--proxy', 'nginx', '--balancer', 'round-robin', '--fault', 'blackhole:server-3@500ms+1s', ...SHORT]);
    expect(exitCode).toBe(0);
    const stateless = designRun(result, 'stateless');
    expect(stateless.faults[0]?.firedAtMs).toBeDefined();
    expect(stateless.requests.byOutcome.indeterminate).toBeGreaterThan(0);
  });

  it("proxies the chat WebSockets: every message reaches the stateless fleet's users", { timeout: RUN_MS }, async () => {
    const { exitCode, result } = await run(['--design', 'stateless', '--proxy', 'nginx', '--balancer', 'round-robin', '--users', '4', '--duration', '2s', '--seed', '11', '--quiet'], 'chat');
    expect(exitCode).toBe(0);
    const stateless = designRun(result, 'stateless');
    expect(stateless.journeys.completed).toBeGreaterThan(0);
    expect(stateless.journeys.failed).toBe(0);
    expect(stateless.consistency.errors).toBe(0);
  });

  it('sticky is exit 2 naming what nginx supports, before any load', async () => {
    const child = await statebench(['run', 'pizza', '--proxy', 'nginx', '--balancer', 'sticky']);
    expect(child.exitCode).toBe(2);
    expect(child.stderr).toContain('round-robin, random, least-connections, hash, source');
    expect(child.stderr).toContain('--balancer');
  });
});

describe('what statebench writes for each proxy', () => {
  const servers = [
    { id: 'server-1', port: 4001, checkPort: 4001 },
    { id: 'server-2', port: 4002, checkPort: 4002, spare: true },
  ];
  const strategies = (proxy: 'haproxy' | 'nginx') => PROXY_RULES[proxy].strategies.flatMap((strategy) => [[strategy, 'consistent'], [strategy, 'modulo']] as const);

  it.each(strategies('haproxy'))('haproxy -c accepts %s (%s)', async (strategy: StrategyName, hashMode) => {
    const dir = mkdtempSync(join(tmpdir(), 'statebench-haproxy-'));
    const file = join(dir, 'haproxy.cfg');
    writeFileSync(file, haproxyConfig({ strategy, hashMode, redispatch: false, port: 1, socket: join(dir, 's'), healthPath: '/healthz', healthIntervalMs: 200, requestTimeoutMs: 2000, errorFiles: {}, servers }));
    const check = await execa('haproxy', ['-c', '-f', file], { reject: false });
    expect(check.exitCode, check.stderr + check.stdout).toBe(0);
  });

  it.each(strategies('nginx'))('nginx -t accepts %s (%s)', async (strategy: StrategyName, hashMode) => {
    const dir = mkdtempSync(join(tmpdir(), 'statebench-nginx-'));
    mkdirSync(join(dir, 'nginx-tmp'));
    const file = join(dir, 'nginx.conf');
    writeFileSync(file, nginxConfig({ strategy, hashMode, port: 1, dir, requestTimeoutMs: 2000, servers }));
    const check = await execa('nginx', ['-t', '-p', dir, '-c', file, '-g', 'daemon off; master_process on;'], { reject: false });
    expect(check.exitCode, check.stderr).toBe(0);
  });
});

describe('the hop between a real proxy and a server', () => {
  /** A server that answers each chunk with `ok:<chunk>`; the hop in front of it. */
  async function hopped() {
    const server = createServer((socket) => socket.on('error', () => {}).on('data', (chunk) => socket.write(`ok:${chunk}`)));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const hops = new Hops(1);
    const port = await hops.open('server-1', `http://127.0.0.1:${(server.address() as AddressInfo).port}`);
    const ask = (text: string, waitMs = 1500) =>
      new Promise<{ answer?: string; error?: string; ms: number }>((resolve) => {
        const started = performance.now();
        const socket = connect({ host: '127.0.0.1', port });
        const done = (result: { answer?: string; error?: string }) => {
          clearTimeout(timer);
          socket.destroy();
          resolve({ ...result, ms: performance.now() - started });
        };
        const timer = setTimeout(() => done({}), waitMs);
        socket.once('connect', () => socket.write(text));
        socket.once('data', (chunk) => done({ answer: chunk.toString() }));
        socket.once('error', (error: NodeJS.ErrnoException) => done({ error: error.code ?? error.message }));
        socket.once('close', () => done({ error: 'closed' }));
      });
    return { hops, ask, close: () => (hops.close(), server.close()) };
  }

  it('forwards untouched without a toxic, and applies latency, reset and blackhole until cleared', async () => {
    const { hops, ask, close } = await hopped();
    try {
      expect((await ask('a')).answer).toBe('ok:a');
      hops.set('server-1', { kind: 'latency', delayMs: 300 });
      const late = await ask('b');
      expect(late.answer).toBe('ok:b');
      expect(late.ms).toBeGreaterThanOrEqual(295);
      hops.set('server-1', { kind: 'reset' });
      expect((await ask('c')).answer).toBeUndefined();
      hops.set('server-1', { kind: 'blackhole' });
      const held = await ask('d', 500);
      expect(held.answer).toBeUndefined();
      expect(held.error).toBeUndefined(); // accepted, never answered
      hops.clear('server-1');
      expect((await ask('e')).answer).toBe('ok:e');
      expect(hops.stats().toxicByBackend['server-1']).toBeGreaterThanOrEqual(3);
    } finally {
      close();
    }
  });
});
