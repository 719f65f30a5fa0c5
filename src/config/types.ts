import type { StoreChoice } from '../fleet/store-choice.js';
import type { TargetDefinition } from '../fleet/target.js';
import type { DesignName } from '../result.js';
import type { ProxyKind } from '../proxy/kinds.js';
import type { OpenLoad } from './load-model.js';

/**
 * Balancer strategies (docs/design.md, "The parts"); `auto` picks per design (sticky /
 * round-robin). `source` hashes the client's address (HAProxy's `balance source`).
 */
export type StrategyName = 'round-robin' | 'random' | 'least-connections' | 'sticky' | 'hash' | 'source';
export type BalancerChoice = StrategyName | 'auto';

export type { FaultSpec } from '../chaos/spec.js';
import type { ExternalTarget, ShardConfig } from './external.js';
export type { ExternalTarget, ShardConfig } from './external.js';
import type { FaultSpec } from '../chaos/spec.js';

/** Where the hash strategy puts keys: a ring (1/N move on a change) or `hash mod N` (most move). */
export type HashMode = 'consistent' | 'modulo';

/** One typed, validated configuration of a `run`; defaults live in `config/defaults.ts`. */
export interface RunConfig {
  readonly scenario: string;
  /** Designs to run, one after the other, with the same seed and fault schedule. */
  readonly designs: readonly DesignName[];
  /** How to start each design's servers, by name: from `--target`, or the scenario's own file. */
  readonly targets: Readonly<Record<DesignName, TargetDefinition>>;
  readonly servers: number;
  /** Virtual users: the closed model's `--users`, or the open model's pool (`--max-users`). */
  readonly users: number;
  /** How long journeys start: `--duration`, or the sum of the `--ramp` stages. */
  readonly durationMs: number;
  /** The open model (`--rate`, `--ramp`); absent: the closed model of `users`. */
  readonly open?: OpenLoad;
  /** Pause between a user's steps (a person reading the page). */
  readonly thinkMs: number;
  readonly seed: number;
  /** False when the seed was drawn at random (the CLI then prints it). */
  readonly seedGiven: boolean;
  readonly balancer: BalancerChoice;
  /** `--proxy`: statebench's own balancer, or a real HAProxy or nginx (docs/proxies.md). @default 'builtin' */
  readonly proxy: ProxyKind;
  /** Sticky and hash: move a session whose server is gone (HAProxy's `option redispatch`). */
  readonly redispatch: boolean;
  readonly hashMode: HashMode;
  /** Faults as the user wrote them (`--fault`, `--crash`); the plan is drawn from the seed. */
  readonly faults: readonly FaultSpec[];
  /** Share of atm accounts used by two customers at once (0..1). */
  readonly jointShare: number;
  /**
   * `--tabs`: browser tabs per user (pizza). With 2 or more, each journey's adds are sent
   * from that many connections at once, on one session. @default 1
   */
  readonly tabs: number;
  /**
   * `--store`: where designs that run on several stores keep their state. `run` settles
   * `auto` to `redis` or `sqlite` before the first fleet (docs/stores.md). @default 'auto'
   */
  readonly store: StoreChoice;
  /** Explicit Redis; absent means a private `redis-server` is started. */
  readonly redisUrl?: string;
  readonly outDir: string;
  /** A request with no answer after this long is indeterminate. */
  readonly requestTimeoutMs: number;
  /** How many times each design runs, for compare's confidence intervals. @default 1 */
  readonly repeat: number;
  /** A user whose story is told step by step (`--trace user-7`). */
  readonly trace?: string;
  /** `--url`: drive a fleet statebench did not start (docs/remote.md); `targets` is then empty. */
  readonly external?: ExternalTarget;
  /** `--shard i/n`: this process drives only its slice of the users. */
  readonly shard?: ShardConfig;
  /** `--start-at`, ms since the epoch: the load waits for it, so shards' clocks line up. */
  readonly startAtMs?: number;
}

/** Configuration of `fleet`: a fleet and its balancer without load. */
export interface FleetConfig {
  readonly scenario: string;
  readonly design: DesignName;
  readonly target: TargetDefinition;
  readonly servers: number;
  readonly balancer: BalancerChoice;
  /** `--proxy`, as in RunConfig. */
  readonly proxy: ProxyKind;
  readonly seed: number;
  /** `--store`, as in RunConfig. */
  readonly store: StoreChoice;
  readonly redisUrl?: string;
  /** Balancer port; 0 picks a free one. */
  readonly port: number;
}
