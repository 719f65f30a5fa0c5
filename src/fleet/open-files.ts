/**
 * Open files (sockets) a run needs in each process, checked before anything starts.
 * RLIMIT_NOFILE is per process, so each is counted on its own:
 * - the driver holds a connection a user (chat: its WebSocket; pizza and atm: a keep-alive
 *   connection, one a tab);
 * - the built-in balancer relays each on two sockets, one to the user and one to a server,
 *   so when one process cannot hold them it is split over workers
 *   (src/balancer/workers.ts) that each hold a share; HAProxy and nginx are one process;
 * - a server may end up holding every user (a crash, a sticky strategy), so it needs as
 *   many as the driver.
 * Past a limit, connections fail with EMFILE in the middle of the load, which reads like
 * a fault of the design under test.
 *
 * Node raises its own soft limit to the hard one at start-up, and the fleet and the
 * balancer inherit it: statebench can go no higher. Raising the hard limit takes root
 * (`ulimit -Hn`) or /etc/security/limits.conf (docs/cli.md).
 */
import { readFileSync } from 'node:fs';
import { MAX_BALANCER_WORKERS } from '../balancer/options.js';
import type { RunConfig } from '../config/types.js';
import { ConfigError, EnvironmentError } from '../errors.js';

/** Descriptors a process holds beyond its users' sockets: listeners, logs, health checks, store connections. */
export const SPARE_FILES = 256;

/**
 * How much more than its even share a balancer worker is counted for. Connections are
 * dealt to the next *free* worker, so one that is busy when a burst of users connects
 * takes fewer and the others more; half again is room for that.
 */
export const WORKER_SKEW = 1.5;

/** The environment variable that forces the balancer's worker count (docs/cli.md, "Many users"). */
export const WORKERS_ENV = 'STATEBENCH_BALANCER_WORKERS';

/** What a run asks of the processes statebench runs. */
export interface OpenFilesDemand {
  /** Connections the driver holds at once: users × tabs. */
  readonly connections: number;
  /** statebench's own balancer (split over workers when it must be), a real proxy (one process), or none (`--url`). */
  readonly balancer: 'builtin' | 'proxy' | 'none';
  /** Balancer workers forced by STATEBENCH_BALANCER_WORKERS; otherwise the fewest that fit. */
  readonly workers?: number;
}

/** One process's need. */
export interface ProcessFiles {
  /** e.g. `the driver`, `each of 2 balancer workers`. */
  readonly process: string;
  readonly files: number;
  /** Why: `a socket a user`. */
  readonly why: string;
}

export interface OpenFilesPlan {
  /** Workers of the built-in balancer: 1 whenever one process holds the run. */
  readonly balancerWorkers: number;
  /** What each kind of process needs, the balancer's per worker. */
  readonly processes: readonly ProcessFiles[];
}

/** This process's soft limit on open files (Linux `/proc/self/limits`); undefined where it cannot be read. */
export function openFilesLimit(limits: () => string = () => readFileSync('/proc/self/limits', 'utf8')): number | undefined {
  try {
    const line = limits()
      .split('\n')
      .find((l) => l.startsWith('Max open files'));
    const soft = line?.slice('Max open files'.length).trim().split(/\s+/)[0];
    if (soft === 'unlimited') return Number.POSITIVE_INFINITY;
    const n = Number(soft);
    return Number.isInteger(n) && n > 0 ? n : undefined;
  } catch {
    return undefined;
  }
}

/**
 * What `config` asks of each process.
 * @throws ConfigError (exit 2) for a STATEBENCH_BALANCER_WORKERS that is not 1 to 8
 */
export function openFilesDemand(config: Pick<RunConfig, 'users' | 'tabs' | 'proxy' | 'external'>, env: NodeJS.ProcessEnv = process.env): OpenFilesDemand {
  const forced = env[WORKERS_ENV];
  const workers = forced === undefined || forced === '' ? undefined : Number(forced);
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= MAX_BALANCER_WORKERS)) {
    throw new ConfigError(`Expected ${WORKERS_ENV} to be an integer from 1 to ${MAX_BALANCER_WORKERS}, got \`${forced}\`.`);
  }
  return {
    connections: config.users * config.tabs,
    balancer: config.external ? 'none' : config.proxy === 'builtin' ? 'builtin' : 'proxy',
    ...(workers === undefined ? {} : { workers }),
  };
}

/** Open files of one of `workers` balancer workers: two sockets for each user of its share. */
const workerFiles = (connections: number, workers: number): number =>
  2 * (workers === 1 ? connections : Math.ceil((connections / workers) * WORKER_SKEW)) + SPARE_FILES;

/** The worker count (forced, or the fewest that fit under `limit`, at most 8) and each process's need. */
export function planOpenFiles(demand: OpenFilesDemand, limit: number | undefined = openFilesLimit()): OpenFilesPlan {
  const { connections } = demand;
  const users: ProcessFiles = { process: 'the driver', files: connections + SPARE_FILES, why: 'a socket a user' };
  if (demand.balancer === 'none') return { balancerWorkers: 1, processes: [users] };
  const server: ProcessFiles = { process: 'a server', files: connections + SPARE_FILES, why: 'a socket a user, if all land on it' };
  if (demand.balancer === 'proxy') {
    return { balancerWorkers: 1, processes: [users, server, { process: 'the proxy', files: 2 * connections + SPARE_FILES, why: 'two sockets a user' }] };
  }
  let workers = demand.workers ?? 1;
  while (demand.workers === undefined && workers < MAX_BALANCER_WORKERS && workerFiles(connections, workers) > (limit ?? Number.POSITIVE_INFINITY)) workers++;
  const balancer: ProcessFiles =
    workers === 1
      ? { process: 'the balancer', files: workerFiles(connections, 1), why: 'two sockets a user' }
      : { process: `each of ${workers} balancer workers`, files: workerFiles(connections, workers), why: `two sockets for each user of its share, counted at ${WORKER_SKEW}× an even one` };
  return { balancerWorkers: workers, processes: [users, server, balancer] };
}

const over = (plan: OpenFilesPlan, limit: number): ProcessFiles | undefined => plan.processes.find((p) => p.files > limit);

/**
 * The plan for `demand`, when every process fits under the limit.
 * @throws EnvironmentError (exit 3) when one cannot, even with the balancer split over
 *   its most workers: naming the process, both figures, the largest `--users` that fits,
 *   and how to raise the limit
 */
export function checkOpenFiles(demand: OpenFilesDemand, users: number, limit: number | undefined = openFilesLimit()): OpenFilesPlan {
  const plan = planOpenFiles(demand, limit);
  const needy = limit === undefined ? undefined : over(plan, limit);
  if (limit === undefined || !needy) return plan;
  // The most users that fit: every figure grows with the users, so halve the range.
  const perUser = demand.connections / users;
  let [fits, too] = [0, users];
  while (too - fits > 1) {
    const mid = Math.floor((fits + too) / 2);
    if (over(planOpenFiles({ ...demand, connections: mid * perUser }, limit), limit)) too = mid;
    else fits = mid;
  }
  throw new EnvironmentError(
    `--users ${users} needs about ${needy.files.toLocaleString('en-US')} open files in ${needy.process} (${needy.why}), ` +
      `and this system allows ${limit.toLocaleString('en-US')} (ulimit -n): raise the limit ` +
      `(as root: ulimit -Hn 65536 && ulimit -n 65536, or /etc/security/limits.conf) or run at most ${fits.toLocaleString('en-US')} users`,
  );
}
