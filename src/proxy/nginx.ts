/**
 * nginx in front of a fleet: the configuration of nginx-config.ts, the binary from PATH
 * in the foreground (`-p <dir> -c <conf> -g 'daemon off; master_process on;'`, no root
 * needed), membership by writing the configuration anew and reloading it with SIGHUP
 * (resolving once a new worker runs it). nginx OSS has no runtime counters per server, so
 * the requests per backend are read from its access log, which logs `$upstream_addr`.
 */
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BalancerHandle, BalancerStats } from '../balancer/client.js';
import { ConfigError, EnvironmentError } from '../errors.js';
import { freePort } from '../fleet/ports.js';
import { signalChild } from '../fleet/signal.js';
import { Hops, toxicStats, toxicsOn } from './hop.js';
import { nginxConfig } from './nginx-config.js';
import { portOf, type ConfiguredServer, type ProxyOptions } from './options.js';
import { realProxyHandle } from './handle.js';
import { findBinary, spawnProxy, waitListening, type ProxyProcess } from './process.js';

const RELOAD_TIMEOUT_MS = 5000;
const POLL_MS = 25;

/** The worker processes of nginx's master, from /proc (undefined where /proc cannot tell). */
function workersOf(pid: number): Set<number> | undefined {
  try {
    return new Set(readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number));
  } catch {
    return undefined;
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * SIGHUP, then wait until a worker that was not there before runs (the new configuration
 * is in effect); with `drained`, also until the old workers have finished what they had
 * in flight and left (bounded by `worker_shutdown_timeout`).
 */
async function reload(proxy: ProxyProcess, drained: boolean): Promise<void> {
  const before = workersOf(proxy.pid);
  // Through the child, not its pid: once nginx has exited and been reaped, its pid may
  // already name another process (a test worker, a user's shell), which SIGHUP would kill.
  if (!signalChild(proxy.child, 'SIGHUP')) throw new EnvironmentError('nginx is no longer running: it cannot reload its configuration (see nginx-error.log)');
  if (!before) return void (await sleep(500));
  const deadline = Date.now() + RELOAD_TIMEOUT_MS;
  for (;;) {
    const now = workersOf(proxy.pid) ?? new Set<number>();
    const fresh = [...now].some((pid) => !before.has(pid));
    const old = [...now].some((pid) => before.has(pid));
    if (fresh && !(drained && old)) return;
    if (Date.now() > deadline) {
      if (fresh) return; // old workers still closing long connections: the new ones route already
      throw new EnvironmentError(`nginx did not start a worker with the new configuration within ${RELOAD_TIMEOUT_MS} ms (see nginx-error.log)`);
    }
    await sleep(POLL_MS);
  }
}

export async function startNginx(options: ProxyOptions): Promise<BalancerHandle> {
  const binary = findBinary('nginx', options.path);
  mkdirSync(join(options.dir, 'nginx-tmp'), { recursive: true });
  const configFile = join(options.dir, 'nginx.conf');
  const logFile = join(options.dir, 'nginx.log');
  const accessLog = join(options.dir, 'nginx-access.log');
  writeFileSync(accessLog, '');
  const hops = options.hops ? new Hops(options.seed) : undefined;
  const port = options.port || (await freePort());
  /** Current members in order, and every address a backend ever had (for the access log). */
  const members = new Map<string, ConfiguredServer>();
  const idByAddress = new Map<string, string>();
  const place = async (id: string, url: string, down = false): Promise<void> => {
    const checkPort = portOf(url);
    const server = { id, port: hops ? await hops.open(id, url) : checkPort, checkPort, down };
    members.set(id, server);
    idByAddress.set(`127.0.0.1:${server.port}`, id);
  };
  for (const backend of options.backends) await place(backend.id, backend.url);
  const write = (): void =>
    writeFileSync(
      configFile,
      nginxConfig({
        strategy: options.strategy,
        hashMode: options.hashMode ?? 'consistent',
        port,
        dir: options.dir,
        requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
        servers: [...members.values()],
      }),
    );
  write();
  const proxy = spawnProxy(binary, ['-p', options.dir, '-c', configFile, '-g', 'daemon off; master_process on;'], logFile, 'nginx');
  try {
    await waitListening(proxy, port, logFile, 'nginx', options.readyTimeoutMs, options.signal);
  } catch (error) {
    await proxy.stop('SIGKILL');
    hops?.close();
    throw error;
  }
  const known = (id: string): ConfiguredServer => {
    const member = members.get(id);
    if (!member) throw new ConfigError(`nginx: no backend \`${id}\` (members: ${[...members.keys()].join(', ')})`);
    return member;
  };
  // One membership change at a time: each writes the whole configuration.
  let changes: Promise<void> = Promise.resolve();
  const change = (apply: () => Promise<void> | void, drained = false): Promise<void> => {
    const next = changes.then(async () => {
      await apply();
      write();
      await reload(proxy, drained);
    });
    changes = next.catch(() => {});
    return next;
  };

  return realProxyHandle(
    { process: proxy, port, hops, signal: options.signal, settle: () => changes },
    {
      add: (backend) => change(() => place(backend.id, backend.url)),
      remove: (id) =>
        change(() => {
          known(id);
          members.delete(id);
        }),
      // `down` keeps the server's place (a hash keeps the other keys where they are); the old
      // workers finish what they had in flight before the drain resolves.
      drain: (id) => change(() => void members.set(id, { ...known(id), down: true }), true),
      ...toxicsOn('nginx', hops, known),
      async stats(): Promise<BalancerStats> {
        const counts = countAccessLog(readFileSync(accessLog, 'utf8'), idByAddress);
        const up: Record<string, boolean> = {};
        for (const id of members.keys()) up[id] = true; // no active checks in nginx OSS
        return {
          ...counts,
          rebinds: 0,
          up,
          inFlight: {},
          draining: [...members.values()].filter((m) => m.down).map((m) => m.id),
          ...toxicStats(hops),
        };
      },
    },
  );
}

/**
 * Requests per backend from the access log (`$status|$upstream_addr|$sent_http_x_statebench_balancer`):
 * each address a request was sent to counts it (a retried one has two); a failed answer
 * counts against the last; nginx's own answers (502, 503, 504) are the balancer's errors.
 */
export function countAccessLog(text: string, idByAddress: ReadonlyMap<string, string>): Pick<BalancerStats, 'byBackend' | 'errorsByBackend' | 'balancerErrors'> {
  const byBackend: Record<string, number> = {};
  const errorsByBackend: Record<string, number> = {};
  let balancerErrors = 0;
  for (const line of text.split('\n')) {
    const [status, addresses, balancer] = line.split('|');
    if (!status || addresses === undefined) continue;
    const ids = addresses
      .split(/\s*[,:]\s+/)
      .map((address) => idByAddress.get(address.trim()))
      .filter((id): id is string => id !== undefined);
    for (const id of ids) byBackend[id] = (byBackend[id] ?? 0) + 1;
    if (balancer !== undefined && balancer !== '-' && balancer !== '') {
      balancerErrors++;
      const last = ids.at(-1);
      if (last) errorsByBackend[last] = (errorsByBackend[last] ?? 0) + 1;
    }
  }
  return { byBackend, errorsByBackend, balancerErrors };
}
