import type { StrategyName } from '../config/types.js';
import type { Clock } from '../driver/clock.js';
import type { HttpSession } from '../driver/http-session.js';
import type { Rng } from '../driver/rng.js';
import type { TargetDefinition } from '../fleet/target.js';
import type { Recorder } from '../metrics/recorder.js';
import type { ConsistencySummary, LatencySummary } from '../result.js';

/** One virtual user as a journey sees it. */
export interface VirtualUser {
  /** 0-based index of the user in the run. */
  readonly index: number;
  /** The name it logs in with, e.g. `user-7`. */
  readonly name: string;
  /** 1-based number of this journey among the user's journeys. */
  readonly journey: number;
  readonly http: HttpSession;
  /** Seeded by (seed, user, journey): the same seed gives the same journey. */
  readonly rng: Rng;
  readonly clock: Clock;
  /** The balancer's URL, for clients that are not plain HTTP (WebSockets). */
  readonly origin: string;
  /** Records a request-like exchange (e.g. a WebSocket send → ack) in the run's metrics. */
  readonly recorder: Recorder;
  /** The pause between steps; resolves early when the run is aborted. */
  think(): Promise<void>;
  /** The local address this user's connections leave from, when the run gives each user one. */
  readonly localAddress?: string;
  readonly signal: AbortSignal;
}

/** How a journey ended. */
export type JourneyOutcome =
  | { readonly kind: 'completed' }
  | { readonly kind: 'lost'; readonly step: string; readonly server: string; readonly reason: string; readonly atMs: number }
  | { readonly kind: 'failed'; readonly step: string; readonly server: string; readonly reason: string; readonly atMs: number };

/** What a scenario needs to know of the run to set up one design's run. */
export interface ScenarioContext {
  readonly users: number;
  readonly seed: number;
  /** Share of atm accounts used by two customers at once (0..1). */
  readonly jointShare: number;
  /** Browser tabs per user (`--tabs`); 1 for a scenario without tabs. */
  readonly tabs: number;
  /** `--shard i/n` (1-based): the run drives, and checks, only this shard's users. */
  readonly shard?: { readonly index: number; readonly count: number };
}

/** The live servers after the load, for an audit that bypasses the balancer. */
export interface AuditContext {
  readonly servers: readonly { readonly id: string; readonly url: string }[];
  /** The balancer, for final reads as a user would make them. */
  readonly origin: string;
  readonly clock: Clock;
  readonly timeoutMs: number;
  readonly signal: AbortSignal;
}

/** What a scenario's final check found: consistency errors, and latencies of its own. */
export interface ScenarioFindings {
  readonly consistency: ConsistencySummary;
  /** When each consistency error happened (ms since the start of the load), for the timeline and phases. */
  readonly errorTimesMs?: readonly number[];
  /** Extra latency histograms (µs, encoded) with their summaries, e.g. chat delivery. */
  readonly latency?: Readonly<Record<string, { readonly summary: LatencySummary; readonly histogram: string }>>;
}

/** One design's run of a scenario: its journey, and its check once the load is over. */
export interface ScenarioRun {
  /** One journey of one user, start to end. Never throws for what it measures. */
  journey(user: VirtualUser): Promise<JourneyOutcome>;
  /** Whether a refused step is a request error (a session loss is counted apart). */
  countsAsError?(result: { outcome: string; status: number | undefined }): boolean;
  /** After the load, before the fleet stops: audit the servers and check the history. */
  finish?(audit: AuditContext): Promise<ScenarioFindings>;
  /** Releases what the run holds (e.g. open WebSockets), however the run ended. */
  close?(): void;
  /**
   * The 0-based shard of `--shard i/n` that user `index` belongs to; absent: `index % count`.
   * A scenario whose users share state (atm's joint accounts) keeps them in one shard.
   */
  shardOf?(index: number, count: number): number;
}

/**
 * A scenario: its protocol's journeys and checks. Its designs (the reference ones and a
 * user's own) are target files, read apart (src/designs/).
 */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  /** Whether its journeys can send steps from several tabs at once (`--tabs`). */
  readonly tabs?: boolean;
  /** What `--balancer auto` deploys for a design, as it is deployed in practice. */
  autoBalancer(design: TargetDefinition): StrategyName;
  /** Sets up one design's run (shared state such as a history lives in it). */
  prepare(context: ScenarioContext): ScenarioRun;
}
