/**
 * The processes a bench part starts: reference servers, HAProxy, a child with its CPU
 * time reported on exit. Everything started here is stopped by `stopAll()`, and killed
 * if the bench itself exits.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { request } from 'undici';

export const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const CPU_HOOK = fileURLToPath(new URL('./cpu-on-exit.mjs', import.meta.url));
const live = new Set();
process.once('exit', () => {
  for (const child of live) child.kill('SIGKILL');
});

/** A free TCP port on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Spawns a tracked child; its output is dropped unless `log` names a file. */
export function start(command, args, options = {}) {
  const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT, ...options });
  live.add(child);
  child.once('exit', () => live.delete(child));
  return child;
}

/** Resolves once `url` answers 200, polling every 5 ms (rejects after `timeoutMs`). */
export async function ready(url, timeoutMs = 10_000) {
  const until = performance.now() + timeoutMs;
  for (;;) {
    try {
      const res = await request(url);
      await res.body.dump();
      if (res.statusCode === 200) return;
    } catch {
      // not listening yet
    }
    if (performance.now() > until) throw new Error(`${url} did not answer within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/** `n` stateful pizza servers (dist/, so build first); resolves once each answers /healthz. */
export async function pizzaServers(n) {
  const servers = [];
  for (let i = 1; i <= n; i++) {
    const port = await freePort();
    const id = `server-${i}`;
    const child = start(process.execPath, ['dist/targets/pizza/stateful/server.js', '--port', String(port), '--id', id], {
      env: { ...process.env, STATEBENCH_SECRET: 'bench-secret-bench-secret-bench-secret' },
    });
    servers.push({ id, url: `http://127.0.0.1:${port}`, child });
  }
  await Promise.all(servers.map((s) => ready(`${s.url}/healthz`)));
  return servers;
}

/** HAProxy in front of `servers`, round-robin, keep-alive to the servers, health checks on /healthz. */
export async function haproxy(servers) {
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'statebench-bench-'));
  const cfg = path.join(dir, 'haproxy.cfg');
  fs.writeFileSync(
    cfg,
    [
      'global',
      '  maxconn 4096',
      '  nbthread 1',
      'defaults',
      '  mode http',
      '  timeout connect 5s',
      '  timeout client 30s',
      '  timeout server 30s',
      '  option http-keep-alive',
      'frontend fe',
      `  bind 127.0.0.1:${port}`,
      '  default_backend be',
      'backend be',
      '  balance roundrobin',
      '  http-reuse always',
      '  option httpchk GET /healthz',
      ...servers.map((s) => `  server ${s.id} ${new URL(s.url).host} check inter 200ms`),
      '',
    ].join('\n'),
  );
  const child = start('/usr/sbin/haproxy', ['-f', cfg, '-db']);
  const url = `http://127.0.0.1:${port}`;
  await ready(`${url}/healthz`);
  return { url, child, close: () => stop(child) };
}

/** SIGTERM, then resolves when the child has exited. */
export function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}

export async function stopAll() {
  await Promise.all([...live].map(stop));
}

/**
 * Runs `node <args>` to its end with its own CPU time reported (bench/lib/cpu-on-exit.mjs);
 * resolves with stdout, stderr, exit code, the child's CPU µs and its wall time in ms.
 */
export function runNode(args, options = {}) {
  const cpuFile = path.join(os.tmpdir(), `statebench-cpu-${process.pid}-${Math.random().toString(36).slice(2)}.json`);
  const started = performance.now();
  const child = start(process.execPath, ['--import', CPU_HOOK, ...args], {
    ...options,
    env: { ...process.env, ...options.env, STATEBENCH_BENCH_CPU_FILE: cpuFile },
  });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk) => (stdout += chunk));
  child.stderr.on('data', (chunk) => (stderr += chunk));
  return new Promise((resolve) => {
    child.once('exit', (code) => {
      const wallMs = performance.now() - started;
      let cpu = { cpuUs: NaN, maxRssKb: NaN };
      try {
        cpu = JSON.parse(fs.readFileSync(cpuFile, 'utf8'));
        fs.rmSync(cpuFile);
      } catch {
        // the child died before its exit hook ran
      }
      resolve({ code, stdout, stderr, wallMs, ...cpu });
    });
  });
}

/** CPU time (user + system) a running process has used so far, in µs, from /proc (Linux). */
export function cpuOf(pid) {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name (which may hold spaces) start at the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / CLOCK_TICKS;
}
const CLOCK_TICKS = 100;
