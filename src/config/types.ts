import type { Arch } from '../result.js';

/** Balancer strategies of DESIGN.md §2; `auto` picks per design (sticky / round-robin). */
export type StrategyName = 'round-robin' | 'random' | 'least-connections' | 'sticky' | 'hash';
export type BalancerChoice = StrategyName | 'auto';

/** A fault as the user asked for it, times resolved to ms from the start of the load. */
export interface FaultSpec {
  readonly kind: 'crash';
  /** A server id such as `server-1`. */
  readonly target: string;
  readonly atMs: number;
}

/** One typed, validated configuration of a `run`; defaults live in `config/defaults.ts`. */
export interface RunConfig {
  readonly scenario: string;
  /** Designs to run, one after the other, with the same seed and fault schedule. */
  readonly archs: readonly Arch[];
  readonly servers: number;
  readonly users: number;
  readonly durationMs: number;
  /** Pause between a user's steps (a person reading the page). */
  readonly thinkMs: number;
  readonly seed: number;
  /** False when the seed was drawn at random (the CLI then prints it). */
  readonly seedGiven: boolean;
  readonly balancer: BalancerChoice;
  readonly faults: readonly FaultSpec[];
  /** Share of atm accounts used by two customers at once (0..1). */
  readonly jointShare: number;
  /** Explicit Redis; absent means a private `redis-server` is started. */
  readonly redisUrl?: string;
  readonly outDir: string;
  /** A request with no answer after this long is indeterminate. */
  readonly requestTimeoutMs: number;
}

/** Configuration of `fleet`: a fleet and its balancer without load. */
export interface FleetConfig {
  readonly scenario: string;
  readonly arch: Arch;
  readonly servers: number;
  readonly balancer: BalancerChoice;
  readonly seed: number;
  readonly redisUrl?: string;
  /** Balancer port; 0 picks a free one. */
  readonly port: number;
}
