import { join } from 'node:path';
import { request } from 'undici';
import { TOXIC_KINDS, type ToxicKind } from '../balancer/client.js';
import { conformanceError, probe, protocolWarnings } from '../conformance/index.js';
import { storeOf } from '../designs/index.js';
import { InternalError } from '../errors.js';
import { sourceAddresses } from '../driver/source-address.js';
import { Fleet, serverIds } from '../fleet/fleet.js';
import { openFilesDemand, planOpenFiles } from '../fleet/open-files.js';
import { proxyLog, startProxy } from '../proxy/index.js';
import type { TargetDefinition } from '../fleet/target.js';
import type { FaultRecord } from '../result.js';
import type { Deployment } from './deployment.js';
import { strategyFor } from './deploy.js';
import type { DesignContext } from './run-design.js';
import { phase } from './phase-log.js';

/**
 * A design's own fleet and balancer, started by statebench: the fleet, the conformance
 * probe of one server, then the balancer in front. Whatever fails, what started is stopped.
 */
export async function startOwnFleet(context: DesignContext): Promise<Deployment> {
  const { config, scenario, design, signal } = context;
  const definition = config.targets[design];
  if (!definition) throw new InternalError(`the run has no target definition for design ${design}`);
  const strategy = strategyFor(scenario, definition, config.balancer);
  const store = storeOf(definition);
  const fleet = await Fleet.start({
    definition,
    servers: config.servers,
    logDir: join(context.logDir, design),
    ...(context.redis ? { redisUrl: context.redis.url } : {}),
    ...(context.sqlite ? { storePath: context.sqlite.path } : {}),
    keyPrefix: context.keyPrefix,
    signal,
  });
  phase(`${design}: fleet ready`);
  try {
    const dir = join(context.logDir, design);
    const balancerLog = proxyLog({ proxy: config.proxy, dir });
    // The balancer starts while the first server is probed: neither waits for the other.
    // Both are settled before either's failure is thrown, so a started balancer is always stopped.
    const [probed, started] = await Promise.allSettled([
      Promise.all([conform(scenario.name, design, definition, fleet, signal), pollInterval(fleet.servers[0]!.url + definition.healthPath, config.requestTimeoutMs)]),
      // The `--proxy` in front: statebench's own balancer, or a real HAProxy or nginx (docs/proxies.md).
      startProxy({
        proxy: config.proxy,
        strategy,
        seed: config.seed,
        backends: fleet.servers.map((server) => ({ id: server.id, url: server.url })),
        healthPath: definition.healthPath,
        requestTimeoutMs: config.requestTimeoutMs,
        redispatch: config.redispatch,
        hashMode: config.hashMode,
        // Over several processes when one cannot hold the users' sockets (src/fleet/open-files.ts).
        workers: planOpenFiles(openFilesDemand(config)).balancerWorkers,
        dir,
        // A real proxy reaches the servers through hops only when a toxic needs them (src/proxy/hop.ts).
        hops: context.plan.some((fault) => TOXIC_KINDS.includes(fault.kind as ToxicKind)),
        // Server slots a real proxy declares up front, one per scale-up (src/proxy/haproxy.ts).
        spareIds: serverIds(config.servers + context.plan.filter((fault) => fault.kind === 'scale-up').length).slice(config.servers),
        signal,
      }),
    ]);
    if (started.status === 'rejected') throw started.reason;
    const balancer = started.value;
    if (probed.status === 'rejected') {
      await balancer.close();
      throw probed.reason;
    }
    phase(`${design}: probed, balancer up`);
    const [warnings, storePollMs] = probed.value;
    // Each user its own address, so address-based strategies spread as they do for real clients.
    const addresses = await sourceAddresses(config.users);
    const storeName = store.redis || store.sqlite ? definition.store : undefined;
    return {
      origin: balancer.url,
      strategy,
      proxy: config.proxy,
      servers: config.servers,
      store: definition.store,
      ...(storePollMs === undefined ? {} : { storePollMs }),
      notes: [...warnings, ...('note' in addresses ? [addresses.note] : []), ...pollNote(storePollMs)],
      ...('of' in addresses ? { sourceAddress: addresses.of } : {}),
      faults: {
        fleet,
        balancer,
        // Store faults act on the store statebench provides (its own Redis, or the fleet's SQLite file), and only on designs that use it.
        ...(store.redis && context.redis?.faults ? { store: context.redis.faults } : {}),
        ...(store.sqlite && context.sqlite ? { store: context.sqlite.faults } : {}),
      },
      auditServers: async () => fleet.servers.filter((server) => server.isAlive()),
      pids: () => ({
        balancer: balancer.pid,
        ...(context.redis?.pid === undefined ? {} : { redis: context.redis.pid }),
        ...Object.fromEntries(fleet.servers.map((server) => [server.id, server.isAlive() ? server.pid : undefined])),
      }),
      stats: async () => {
        const stats = await balancer.stats();
        return { byBackend: stats.byBackend, rebinds: stats.rebinds, ...(stats.saturation ? { saturation: stats.saturation } : {}) };
      },
      logs: () => ({ ...fleet.logs(), balancer: balancerLog }),
      notesOn: (faults) => notesOn(faults, storeName),
      // Both at once: the servers' shutdown need not wait for the balancer's.
      close: async () => {
        const closed = await Promise.allSettled([balancer.close(), fleet.close()]);
        const failure = closed.find((outcome) => outcome.status === 'rejected');
        if (failure) throw failure.reason;
      },
    };
  } catch (error) {
    await fleet.close();
    throw error;
  }
}

/**
 * Before the load, one server of the fleet is asked the scenario's protocol directly
 * (docs/conformance.md): a target that does not speak it must never produce a run full of
 * noise, so a failed required check is an EnvironmentError (exit 3) listing each check.
 * What is only advisory becomes a note of the run.
 */
async function conform(scenario: string, design: string, definition: TargetDefinition, fleet: Fleet, signal: AbortSignal): Promise<string[]> {
  const server = fleet.servers[0]!;
  const checks = await probe(scenario, server.url, { serverId: server.id, healthPath: definition.healthPath, signal });
  const error = conformanceError(`${scenario}/${design}`, checks);
  if (error) throw error;
  return protocolWarnings(checks);
}

const STORE_CRASHED: Readonly<Record<string, string>> = { redis: 'the store (Redis) was killed', sqlite: 'the store (SQLite) had its file deleted' };

/** `pollMs` of the health answer, when the design says how often it polls its store. */
async function pollInterval(healthUrl: string, timeoutMs: number): Promise<number | undefined> {
  try {
    const response = await request(healthUrl, { headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
    const body = (await response.body.json()) as { pollMs?: unknown };
    return typeof body?.pollMs === 'number' && body.pollMs >= 0 ? body.pollMs : undefined;
  } catch {
    return undefined;
  }
}

function pollNote(pollMs: number | undefined): string[] {
  return pollMs === undefined ? [] : [`the servers poll their store every ${pollMs} ms for what other servers wrote: delivery between servers waits up to that long`];
}

/** What the report should say in words about the faults (a store that came back empty). */
function notesOn(faults: readonly FaultRecord[], store: string | undefined): string[] {
  return faults
    .filter((fault) => fault.kind === 'store-crash' && fault.firedAtMs !== undefined)
    .map((fault) =>
      store
        ? `${STORE_CRASHED[store] ?? `the store (${store}) crashed`} at ${(fault.firedAtMs! / 1000).toFixed(1)} s and came back empty: it lost its state`
        : `store-crash at ${(fault.firedAtMs! / 1000).toFixed(1)} s did not touch this design: it keeps no state in a store`,
    );
}
