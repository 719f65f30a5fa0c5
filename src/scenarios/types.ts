import type { StrategyName } from '../config/types.js';
import type { Clock } from '../driver/clock.js';
import type { HttpSession } from '../driver/http-session.js';
import type { Rng } from '../driver/rng.js';
import type { TargetDefinition } from '../fleet/target.js';
import type { Arch } from '../result.js';

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
  /** The pause between steps; resolves early when the run is aborted. */
  think(): Promise<void>;
  readonly signal: AbortSignal;
}

/** How a journey ended. */
export type JourneyOutcome =
  | { readonly kind: 'completed' }
  | { readonly kind: 'lost'; readonly step: string; readonly server: string; readonly reason: string; readonly atMs: number }
  | { readonly kind: 'failed'; readonly step: string; readonly server: string; readonly reason: string; readonly atMs: number };

/** A reference system: its designs as target definitions, and its user journey. */
export interface Scenario {
  readonly name: string;
  readonly description: string;
  readonly designs: Readonly<Partial<Record<Arch, TargetDefinition>>>;
  /** What `--balancer auto` deploys for a design, as it is deployed in practice. */
  autoBalancer(arch: Arch): StrategyName;
  /** One journey of one user, start to end. Never throws for what it measures. */
  journey(user: VirtualUser): Promise<JourneyOutcome>;
  /** Whether a refused step is a request error; a session loss is counted apart. */
  countsAsError?(result: { outcome: string; status: number | undefined }): boolean;
}
