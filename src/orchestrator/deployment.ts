import type { FaultContext } from '../chaos/faults/types.js';
import type { FaultRecord, ProcessSaturation } from '../result.js';

/** A server the final audits may read directly, bypassing the balancer. */
export interface AuditServer {
  readonly id: string;
  readonly url: string;
}

/**
 * What a design's load runs against: a fleet and balancer statebench started, or a fleet
 * that runs elsewhere (`--url`). One run drives either the same way; acquiring it is one
 * step, and `close()` releases whatever it holds.
 */
export interface Deployment {
  /** Where journeys go: the balancer's URL. */
  readonly origin: string;
  /** The strategy the balancer uses, as the report names it. */
  readonly strategy: string;
  /** What balances: statebench's own balancer, a real HAProxy or nginx it started, or `external` (`--url`). */
  readonly proxy: 'builtin' | 'haproxy' | 'nginx' | 'external';
  /** Servers in the fleet (for `--url`, those `--server` names). */
  readonly servers: number;
  readonly store?: string;
  readonly storePollMs?: number;
  /** Each virtual user's own source address, where the system allows it (src/driver/source-address.ts). */
  readonly sourceAddress?: (userIndex: number) => string;
  /** Remarks known before the load, e.g. protocol warnings. */
  readonly notes: readonly string[];
  /** What faults act on. */
  readonly faults: FaultContext;
  /** The servers alive now, for the final audits. */
  auditServers(): Promise<readonly AuditServer[]>;
  /** The processes whose memory the run samples. */
  pids(): Readonly<Record<string, number | undefined>>;
  /** The balancer's own counters, when statebench has them. */
  stats(): Promise<{ readonly byBackend: Record<string, number>; readonly rebinds: number; readonly saturation?: ProcessSaturation }>;
  logs(): Record<string, string>;
  /** Remarks on what the faults did, once they are over. */
  notesOn(faults: readonly FaultRecord[]): string[];
  close(): Promise<void>;
}
