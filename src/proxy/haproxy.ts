/**
 * HAProxy in front of a fleet: the configuration of haproxy-config.ts, the binary from
 * PATH in the foreground (`-db`), and membership through its runtime API over the stats
 * socket. Servers that may join later are declared up front as `disabled` spare slots
 * under the ids the fleet will give them (HAProxy 2.6's `add server` refuses the
 * non-dynamic algorithms and cookies), then given their address and made `ready`.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BalancerHandle, BalancerStats } from '../balancer/client.js';
import { ConfigError, EnvironmentError } from '../errors.js';
import { freePort } from '../fleet/ports.js';
import { ERROR_PAGES, HAPROXY_BACKEND, errorPage, haproxyConfig } from './haproxy-config.js';
import { Hops, toxicStats, toxicsOn } from './hop.js';
import { portOf, type ConfiguredServer, type ProxyOptions } from './options.js';
import { realProxyHandle } from './handle.js';
import { findBinary, spawnProxy, waitListening } from './process.js';
import { parseStatCsv, runtimeAction, runtimeCommand, type StatRow } from './runtime-api.js';

const READY_POLL_MS = 50;
const READY_TIMEOUT_MS = 10_000;

export async function startHaproxy(options: ProxyOptions): Promise<BalancerHandle> {
  const binary = findBinary('haproxy', options.path);
  mkdirSync(options.dir, { recursive: true });
  const socket = join(options.dir, 'haproxy.sock');
  const configFile = join(options.dir, 'haproxy.cfg');
  const logFile = join(options.dir, 'haproxy.log');
  const errorFiles: Record<number, string> = {};
  for (const [status, [reason, message]] of Object.entries(ERROR_PAGES)) {
    errorFiles[Number(status)] = join(options.dir, `haproxy-${status}.http`);
    writeFileSync(errorFiles[Number(status)]!, errorPage(Number(status), reason, message));
  }
  const hops = options.hops ? new Hops(options.seed) : undefined;
  const servers: ConfiguredServer[] = [];
  for (const backend of options.backends) {
    const checkPort = portOf(backend.url);
    servers.push({ id: backend.id, port: hops ? await hops.open(backend.id, backend.url) : checkPort, checkPort });
  }
  for (const id of options.spareIds ?? []) servers.push({ id, port: 1, checkPort: 1, spare: true });
  const members = new Set(options.backends.map((b) => b.id));
  const port = options.port || (await freePort());
  writeFileSync(
    configFile,
    haproxyConfig({
      strategy: options.strategy,
      hashMode: options.hashMode ?? 'consistent',
      redispatch: options.redispatch ?? true,
      port,
      socket,
      healthPath: options.healthPath ?? '/healthz',
      healthIntervalMs: options.healthIntervalMs ?? 200,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      errorFiles,
      servers,
    }),
  );
  const proxy = spawnProxy(binary, ['-db', '-f', configFile], logFile, 'haproxy');
  const fail = async (error: unknown): Promise<never> => {
    await proxy.stop('SIGKILL');
    hops?.close();
    throw error;
  };
  try {
    await waitListening(proxy, port, logFile, 'haproxy', options.readyTimeoutMs, options.signal);
  } catch (error) {
    return fail(error);
  }

  const api = (command: string): Promise<void> => runtimeAction(socket, command);
  const rows = async (): Promise<StatRow[]> => parseStatCsv(await runtimeCommand(socket, 'show stat'));
  const serverRows = async (): Promise<StatRow[]> =>
    (await rows()).filter((row) => row.pxname === HAPROXY_BACKEND && row.svname !== 'BACKEND' && row.svname !== 'FRONTEND');
  const known = (id: string): void => {
    if (!members.has(id)) throw new ConfigError(`haproxy: no backend \`${id}\` (members: ${[...members].join(', ')})`);
  };
  /** Until HAProxy's own checks see the server up (a server leaving maintenance starts down). */
  const untilUp = async (id: string): Promise<void> => {
    const deadline = Date.now() + READY_TIMEOUT_MS;
    while (Date.now() < deadline) {
      const row = (await serverRows()).find((r) => r.svname === id);
      if (row?.status.startsWith('UP')) return;
      await new Promise((resolve) => setTimeout(resolve, READY_POLL_MS));
    }
    throw new EnvironmentError(`haproxy: ${id} did not come up within ${READY_TIMEOUT_MS} ms`);
  };

  return realProxyHandle(
    { process: proxy, port, hops, signal: options.signal },
    {
      async add(backend) {
        if (!servers.some((s) => s.id === backend.id)) {
          throw new EnvironmentError(`haproxy: no server slot \`${backend.id}\` was declared (a run declares one per scale-up of its plan)`);
        }
        const serverPort = portOf(backend.url);
        if (hops) await hops.open(backend.id, backend.url);
        else await api(`set server ${HAPROXY_BACKEND}/${backend.id} addr 127.0.0.1 port ${serverPort}`);
        await api(`set server ${HAPROXY_BACKEND}/${backend.id} check-port ${serverPort}`);
        await api(`set server ${HAPROXY_BACKEND}/${backend.id} state ready`);
        members.add(backend.id);
        await untilUp(backend.id);
      },
      async remove(id) {
        known(id);
        await api(`set server ${HAPROXY_BACKEND}/${id} state maint`);
        members.delete(id);
      },
      async drain(id) {
        known(id);
        await api(`set server ${HAPROXY_BACKEND}/${id} state drain`);
      },
      ...toxicsOn('haproxy', hops, known),
      async stats(): Promise<BalancerStats> {
        const all = await rows();
        const fleet = all.filter((row) => row.pxname === HAPROXY_BACKEND);
        const byBackend: Record<string, number> = {};
        const errorsByBackend: Record<string, number> = {};
        const up: Record<string, boolean> = {};
        const inFlight: Record<string, number> = {};
        const draining: string[] = [];
        let server5xx = 0;
        for (const row of fleet) {
          if (row.svname === 'BACKEND' || row.svname === 'FRONTEND') continue;
          const count = Number(row.stot) || 0;
          if (count === 0 && !members.has(row.svname)) continue; // a spare slot never used
          byBackend[row.svname] = count;
          errorsByBackend[row.svname] = (Number(row.econ) || 0) + (Number(row.eresp) || 0);
          server5xx += Number(row.hrsp_5xx) || 0;
          if (!members.has(row.svname)) continue;
          up[row.svname] = row.status.startsWith('UP') || row.status === 'DRAIN';
          inFlight[row.svname] = Number(row.scur) || 0;
          if (row.status === 'DRAIN') draining.push(row.svname);
        }
        const backend = fleet.find((row) => row.svname === 'BACKEND');
        return {
          byBackend,
          errorsByBackend,
          rebinds: Number(backend?.wredis) || 0,
          up,
          inFlight,
          draining,
          // What HAProxy answered itself: the backend's 5xx that no server sent.
          balancerErrors: Math.max(0, (Number(backend?.hrsp_5xx) || 0) - server5xx),
          ...toxicStats(hops),
        };
      },
    },
  );
}
