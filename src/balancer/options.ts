/**
 * The options of `startBalancer()` and their validation: every problem at once, each
 * naming the option, what was expected and what came.
 */
import type { HashMode, StrategyName } from '../config/types.js';
import { parseBackendUrl } from './membership.js';
import type { BackendSpec, BalancerEvent } from './protocol.js';
import { STRATEGY_NAMES, isStrategyName } from './strategies/index.js';

export const HASH_MODES: readonly HashMode[] = ['consistent', 'modulo'];

export interface BalancerOptions {
  readonly strategy: StrategyName;
  /** Seeds the balancer's RNG (the `random` strategy, the latency toxic's jitter). */
  readonly seed: number;
  readonly backends: readonly BackendSpec[];
  /** @default '127.0.0.1' */
  readonly host?: string;
  /** 0 picks a free port. @default 0 */
  readonly port?: number;
  /** @default '/healthz' */
  readonly healthPath?: string;
  /** @default 200 */
  readonly healthIntervalMs?: number;
  /** @default 500 */
  readonly healthTimeoutMs?: number;
  /**
   * No response headers from a backend after this long: 504. Also ends requests to a
   * blackholed backend.
   * @default 10000
   */
  readonly requestTimeoutMs?: number;
  /**
   * Sticky and hash: a request whose cookie (or hash key) names a backend that is down or
   * draining goes to another backend and counts as a rebind (HAProxy's `option
   * redispatch`). When false it is answered `503 {"error":"no backend available"}`.
   * @default true
   */
  readonly redispatch?: boolean;
  /**
   * Hash: `consistent` (a ring; a membership change moves about 1/N of the keys) or
   * `modulo` (`hash(key) mod N`; a change moves most of them).
   * @default 'consistent'
   */
  readonly hashMode?: HashMode;
  /** Append the balancer's stdout and stderr here; otherwise stdout is dropped and stderr inherited. */
  readonly logFile?: string;
  /** Aborting closes the balancer (and fails a start still in progress). */
  readonly signal?: AbortSignal;
  /** Health transitions (`up`/`down`) as the balancer sees them. */
  readonly onEvent?: (event: BalancerEvent) => void;
  /** @default 10000 */
  readonly readyTimeoutMs?: number;
  /**
   * Processes that serve the one port, each with its own open files (src/balancer/workers.ts);
   * at most MAX_BALANCER_WORKERS. One serves in the balancer process itself.
   * @default 1
   */
  readonly workers?: number;
}

/** The most balancer workers: at the 20,000-user cap, eight hold about 7,800 open files each; the driver, one process, runs out long before. */
export const MAX_BALANCER_WORKERS = 8;

function positive(name: string, value: number | undefined, problems: string[]): void {
  if (value !== undefined && !(Number.isFinite(value) && value > 0)) {
    problems.push(`Expected \`${name}\` to be a positive number of milliseconds, got \`${value}\`.`);
  }
}

/** Every problem with the options, one line each (empty when they are fine). */
export function validate(options: BalancerOptions): string[] {
  const problems: string[] = [];
  if (!isStrategyName(options.strategy)) {
    problems.push(`Expected the balancer strategy to be one of ${STRATEGY_NAMES.join(', ')}, got \`${options.strategy}\`.`);
  }
  const { port } = options;
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65535)) {
    problems.push(`Expected the balancer port to be an integer from 0 to 65535, got \`${port}\`.`);
  }
  positive('healthIntervalMs', options.healthIntervalMs, problems);
  positive('healthTimeoutMs', options.healthTimeoutMs, problems);
  positive('requestTimeoutMs', options.requestTimeoutMs, problems);
  if (options.redispatch !== undefined && typeof options.redispatch !== 'boolean') {
    problems.push(`Expected \`redispatch\` to be true or false, got \`${String(options.redispatch)}\`.`);
  }
  if (options.hashMode !== undefined && !HASH_MODES.includes(options.hashMode)) {
    problems.push(`Expected \`hashMode\` to be one of ${HASH_MODES.join(', ')}, got \`${String(options.hashMode)}\`.`);
  }
  const { workers } = options;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1 && workers <= MAX_BALANCER_WORKERS)) {
    problems.push(`Expected \`workers\` to be an integer from 1 to ${MAX_BALANCER_WORKERS}, got \`${workers}\`.`);
  }
  const seen = new Set<string>();
  for (const backend of options.backends) {
    if (seen.has(backend.id)) problems.push(`Expected backend ids to be unique, got \`${backend.id}\` twice.`);
    seen.add(backend.id);
    try {
      parseBackendUrl(backend);
    } catch (error) {
      problems.push((error as Error).message);
    }
  }
  return problems;
}
