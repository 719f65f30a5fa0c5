/**
 * Deploying a design for its run: its fleet, then the conformance probe of one server
 * and the balancer in front, side by side. Each is one replaceable step, held by the caller's scope once
 * started, so it is stopped however the run ends.
 */
import { join } from 'node:path';
import { request } from 'undici';
import { TOXIC_KINDS, type BalancerHandle, type ToxicKind } from '../balancer/client.js';
import type { RunConfig, StrategyName } from '../config/types.js';
import { conformanceError, probe } from '../conformance/index.js';
import { InternalError } from '../errors.js';
import { sourceAddresses } from '../driver/source-address.js';
import { Fleet, serverIds } from '../fleet/fleet.js';
import { proxyLog, startProxy } from '../proxy/index.js';
import type { TargetDefinition } from '../fleet/target.js';
import type { Scenario } from '../scenarios/types.js';
import type { DesignContext } from './run-design.js';
import type { Scope } from './scope.js';

/** The strategy a design is deployed with: the user's, or what `auto` means for it. */
export function strategyFor(scenario: Scenario, design: TargetDefinition, choice: RunConfig['balancer']): StrategyName {
  return choice === 'auto' ? scenario.autoBalancer(design) : choice;
}

/** What a design runs on: its fleet and the balancer in front, with what was learnt of them. */
export interface Deployment {
  readonly definition: TargetDefinition;
  readonly strategy: StrategyName;
  readonly fleet: Fleet;
  readonly balancer: BalancerHandle;
  /** What the report should say of it: advisory protocol checks that failed, how often it polls its store. */
  readonly notes: readonly string[];
  readonly storePollMs: number | undefined;
  /** Each virtual user's own source address, where the system allows it (source-address.ts). */
  readonly sourceAddress?: (userIndex: number) => string;
}

/** The fleet, its conformance, then the balancer; each held by `scope` once started. */
export async function deploy(scope: Scope, context: DesignContext): Promise<Deployment> {
  const { config, scenario, design, signal } = context;
  const definition = config.targets[design];
  if (!definition) throw new InternalError(`the run has no target definition for design ${design}`);
  const strategy = strategyFor(scenario, definition, config.balancer);
  const fleet = scope.use(await startFleet(context, definition), (started) => started.close());
  // The balancer starts while the first server is probed: neither waits for the other.
  // Both are settled before either's failure is thrown, so a started balancer is always
  // in the scope that stops it.
  const [probed, started] = await Promise.allSettled([
    Promise.all([conform(scenario.name, design, definition, fleet, signal), pollInterval(fleet.servers[0]!.url + definition.healthPath, config.requestTimeoutMs)]),
    startProxyFor(context, definition, strategy, fleet).then((balancer) => scope.use(balancer, (running) => running.close())),
  ]);
  if (probed.status === 'rejected') throw probed.reason;
  if (started.status === 'rejected') throw started.reason;
  const [warnings, storePollMs] = probed.value;
  // Each user its own address, so address-based strategies spread as they do for real clients.
  const addresses = await sourceAddresses(config.users);
  const notes = [...warnings, ...('note' in addresses ? [addresses.note] : []), ...pollNote(storePollMs)];
  return { definition, strategy, fleet, balancer: started.value, notes, storePollMs, ...('of' in addresses ? { sourceAddress: addresses.of } : {}) };
}

/** The design's fleet, started by statebench on the run's store. */
function startFleet(context: DesignContext, definition: TargetDefinition): Promise<Fleet> {
  return Fleet.start({
    definition,
    servers: context.config.servers,
    logDir: join(context.logDir, context.design),
    ...(context.redis ? { redisUrl: context.redis.url } : {}),
    ...(context.sqlite ? { storePath: context.sqlite.path } : {}),
    keyPrefix: context.keyPrefix,
    signal: context.signal,
  });
}

/** The `--proxy` in front of `fleet`: statebench's own balancer, or a real HAProxy or nginx (docs/proxies.md). */
function startProxyFor(context: DesignContext, definition: TargetDefinition, strategy: StrategyName, fleet: Fleet): Promise<BalancerHandle> {
  const { config, plan } = context;
  return startProxy({
    proxy: config.proxy,
    strategy,
    seed: config.seed,
    backends: fleet.servers.map((server) => ({ id: server.id, url: server.url })),
    healthPath: definition.healthPath,
    requestTimeoutMs: config.requestTimeoutMs,
    redispatch: config.redispatch,
    hashMode: config.hashMode,
    dir: join(context.logDir, context.design),
    // A real proxy reaches the servers through hops only when a toxic needs them (src/proxy/hop.ts).
    hops: plan.some((fault) => TOXIC_KINDS.includes(fault.kind as ToxicKind)),
    // Server slots a real proxy declares up front, one per scale-up (src/proxy/haproxy.ts).
    spareIds: serverIds(config.servers + plan.filter((fault) => fault.kind === 'scale-up').length).slice(config.servers),
    signal: context.signal,
  });
}

export const balancerLog = (context: DesignContext) => proxyLog({ proxy: context.config.proxy, dir: join(context.logDir, context.design) });

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
  return checks.filter((check) => !check.ok).map((check) => `protocol warning: ${check.name} (expected ${check.expected}, got ${check.got})`);
}

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
