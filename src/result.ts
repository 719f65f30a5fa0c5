/**
 * The plain-JSON result of a run: the contract of docs/NOTES.md, "## Reports". Everything here is
 * serialisable as it is; every view (table, JSON file, later Markdown/HTML/compare) is
 * rendered from it.
 */

/**
 * A design's name, as its target file names it (`stateful`, `express-redis`): the report's
 * columns and `runs[].arch` (the JSON keeps that field name for schema compatibility).
 */
export type DesignName = string;

export const REPORT_SCHEMA = 'statebench/report@1';

/** One fault as it was scheduled and, once fired, when it actually fired and ended. */
export interface FaultRecord {
  readonly kind: string;
  /** The server it hit (`-` for faults on the fleet, balancer or store as a whole). */
  readonly target: string;
  /** e.g. "pause server-2 +2.0s". */
  readonly label?: string;
  /** The spec as the user wrote it. */
  readonly spec?: string;
  /** Planned time, ms from the start of the load (absent for `after=Njourneys`). */
  readonly atMs?: number;
  readonly afterJourneys?: number;
  readonly spanMs?: number;
  /** When it really fired (ms from start of load); absent if the run ended first. */
  readonly firedAtMs?: number;
  /** When its window ended: reverted, or done for faults without a revert. */
  readonly endedAtMs?: number;
  /** An `exec:` fault: the command it ran, its exit code and its output (and its revert's). */
  readonly exec?: ExecRecord;
  /**
   * Set in a shard that did not fire the run's faults (`--shard`, `--faults-from`): the
   * shard that did. The times here are the planned ones, on the shared `--start-at` clock.
   */
  readonly firedByShard?: number;
}

/** One command of an `exec:` fault, as it ran. */
export interface ExecCommandRecord {
  readonly command: string;
  /** Absent when it did not exit by itself (killed after its time limit, or the run ended). */
  readonly exitCode?: number;
  /** Its stdout and stderr interleaved, cut to the first 2000 characters. */
  readonly output: string;
}

/** What an `exec:` fault ran: the command, and its `revert=` command when the span ended. */
export interface ExecRecord extends ExecCommandRecord {
  readonly revert?: ExecCommandRecord;
}

export interface LatencySummary {
  /** Milliseconds, as every latency figure in the report. */
  readonly count: number;
  readonly mean: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly p999: number;
  readonly max: number;
}

export interface TimelinePoint {
  /** Second since the start of the load (0-based). */
  readonly t: number;
  readonly requests: number;
  readonly errors: number;
  /** Journeys that lost their session during this second. */
  readonly lost: number;
  /** Consistency errors (atm, chat) found at this second; absent in reports from before it was counted. */
  readonly consistency?: number;
  readonly journeys: number;
  readonly completed: number;
  /** Faults that fired during this second, e.g. "crash server-1". */
  readonly faults?: readonly string[];
}

/**
 * Why a request had no definite answer: a timeout, a reset or refused connection, the
 * balancer's own 502 (backend gone mid-request), 503 (no backend up) or 504 (backend too
 * slow), or another transport error.
 */
export type RequestCause = 'timeout' | 'reset' | 'refused' | 'status-502' | 'status-503' | 'status-504' | 'other';

/** How journeys were started: `closed`, a fixed number of users back to back; `open`, arrivals at a rate. */
export type LoadModel = 'open' | 'closed';

/** How busy one statebench process (the driver, the balancer) was during the load. */
export interface ProcessSaturation {
  /** 99th percentile of its event-loop delay (ms): how late its timers and callbacks ran. */
  readonly eventLoopDelayP99Ms: number;
  readonly eventLoopDelayMaxMs: number;
  /** CPU time over wall time of the load, % of one core. */
  readonly cpuPercent: number;
}

/** Whether statebench itself was a bottleneck: its own processes' delay and CPU. */
export interface Saturation {
  readonly driver: ProcessSaturation;
  /** Absent when the balancer is not statebench's own (an external one, HAProxy, nginx). */
  readonly balancer?: ProcessSaturation;
  /** Past the threshold of docs/NOTES.md: the figures include statebench's own delay. */
  readonly saturated: boolean;
}

export interface DesignRun {
  readonly arch: DesignName;
  /** The load model; absent in closed-model runs and reports from before the open model. */
  readonly model?: LoadModel;
  /** 1-based repetition of this design when the run was `--repeat N`. */
  readonly repeat?: number;
  readonly balancer: string;
  /**
   * What balanced the requests: statebench's own balancer (`builtin`), or a real `haproxy`
   * or `nginx` it started (`--proxy`). Absent in reports from before `--proxy`: builtin.
   */
  readonly proxy?: 'builtin' | 'haproxy' | 'nginx' | 'external';
  readonly servers: number;
  /**
   * Where the design kept its state: `redis`, `sqlite` or `none` (a name in
   * src/designs/stores.ts). Absent in reports written before statebench had two stores.
   */
  readonly store?: string;
  /**
   * How often the design's servers poll their store for what other servers wrote (ms), when
   * its health answer says (`pollMs`): chat on SQLite delivers between servers through an
   * outbox, and this interval shows in its delivery latency.
   */
  readonly storePollMs?: number;
  /**
   * `dropped` (open model): arrivals that found no free virtual user (`--max-users`) and
   * were never started; present in open-model runs.
   */
  readonly journeys: { started: number; completed: number; lost: number; failed: number; dropped?: number };
  readonly sessionLoss: { journeys: number; rate: number };
  readonly consistency: ConsistencySummary;
  readonly requests: {
    total: number;
    errors: number;
    /** Requests answered per server id (from the `x-server-id` header the driver saw). */
    byServer: Record<string, number>;
    /** Requests the balancer forwarded per backend (its own counters). */
    byBackend: Record<string, number>;
    byOutcome: { ok: number; fail: number; indeterminate: number };
    /**
     * Requests without a definite answer by why: every indeterminate one, and the balancer's
     * own 503s (counted as `fail`). Absent when there were none.
     */
    indeterminateBy?: Partial<Record<RequestCause, number>>;
  };
  /** Sessions the balancer moved to another backend (sticky cookie naming a dead server). */
  readonly rebinds: number;
  readonly latency: LatencySummary;
  readonly latencyByStep: Record<string, LatencySummary>;
  readonly timeline: readonly TimelinePoint[];
  /** HDR histograms (µs), compressed base64, mergeable: `overall` and one per step. */
  readonly histograms: Record<string, string>;
  /** One HDR histogram (µs, compressed) per second of the load, for interval logs. */
  readonly intervals?: readonly { readonly t: number; readonly histogram: string }[];
  /** Peak resident memory in MiB per process: `driver`, `balancer`, `server-N`, `redis`. */
  readonly memoryMb?: Record<string, number>;
  /** Each server's log file, for post-mortems. */
  readonly logs: Record<string, string>;
  /** First few sessions lost, with why, for the reader who asks "show me one". */
  readonly examples: readonly SessionLossExample[];
  readonly faults: readonly FaultRecord[];
  /** One user's story, step by step (`--trace <user>`). */
  readonly trace?: UserTrace;
  /** Plain-words remarks on what the faults did, e.g. that the store lost its state. */
  readonly notes?: readonly string[];
  /** Figures before, during and after each fault window, in firing order. */
  readonly phases?: readonly PhaseFigures[];
  /** statebench's own event-loop delay and CPU during the load. */
  readonly saturation?: Saturation;
}

/**
 * Figures of one span of the load, `[fromMs, toMs)`. Outcomes (requests, errors, lost
 * sessions) count where they were known: the answer, or the give-up. Latency summarises
 * the requests meant to start in the span (the coordinated-omission rule), so
 * `latency.count` may differ from `requests`. Reports written before this rule placed
 * everything by intended start.
 */
export interface SpanFigures {
  readonly fromMs: number;
  readonly toMs: number;
  /** Requests whose outcome (answer or give-up) was known in the span. */
  readonly requests: number;
  /** Requests counted as errors (a session-loss 401 is not one). */
  readonly errors: number;
  /** errors / requests, 4 decimals; 0 without requests. */
  readonly errorRate: number;
  /** Requests answered (or given up) per second of the span, 2 decimals. */
  readonly throughput: number;
  /** Journeys that lost their session in the span. */
  readonly lost: number;
  /** Consistency errors (atm, chat) found in the span; absent in reports from before it was counted. */
  readonly consistencyErrors?: number;
  readonly latency: LatencySummary;
  /** The span's latency as an HDR histogram (µs, compressed base64), so repeats merge exactly. */
  readonly histogram?: string;
  /**
   * Set on repeats merged from spans without `histogram` (older reports): `latency` is
   * that repeat's only, while the counts are of every repeat.
   */
  readonly latencyFromRepeat?: number;
}

/**
 * One fault window and the load around it. A fault without a revert (a crash) has
 * `endMs === startMs` and a `during` of the second after it.
 */
export interface PhaseFigures {
  /** e.g. "pause server-2". */
  readonly label: string;
  /** When it fired and when it was reverted (the end of the load if never), ms from the start of the load. */
  readonly startMs: number;
  readonly endMs: number;
  /** From the end of the previous window (or the start of the load) to this one. */
  readonly before: SpanFigures;
  readonly during: SpanFigures;
  /** From the end of this window to the next one (or the end of the load). */
  readonly after: SpanFigures;
  /**
   * Ms from the fault until the error rate (500 ms sliding window) is back within the
   * pre-fault level for 1 s; 0 if it never left it, null if not before the end of the load.
   */
  readonly recoveryMs: number | null;
  /**
   * Set when repeats were merged: `recoveryMs` is then their median, and this is the
   * fastest and slowest (`null`: a repeat that did not recover before its end).
   */
  readonly recoveryRange?: { readonly minMs: number | null; readonly maxMs: number | null; readonly repeats: number };
}

/** Everything one virtual user did and met, in order (`--trace`). */
export interface UserTrace {
  readonly user: string;
  readonly events: readonly TraceEvent[];
}

export type TraceEvent =
  | { readonly type: 'journey-start'; readonly atMs: number; readonly journey: number }
  | { readonly type: 'journey-end'; readonly atMs: number; readonly journey: number; readonly outcome: string; readonly reason?: string }
  | {
      readonly type: 'step';
      readonly atMs: number;
      readonly step: string;
      /** The browser tab that sent it (`--tabs` of 2 or more). */
      readonly tab?: number;
      readonly method: string;
      readonly path: string;
      /** What was sent, when something was. */
      readonly body?: unknown;
      readonly status?: number;
      readonly outcome: string;
      readonly server: string;
      readonly latencyMs: number;
      /** What came back (the JSON body), when it did. */
      readonly answer?: unknown;
      readonly error?: string;
    };

/** One error a checker found, for the reader who asks "show me one". */
export interface CheckerExample<Kind extends string = string> {
  readonly kind: Kind;
  /** The account (atm) or user (chat) it happened to. */
  readonly account: string;
  readonly server: string;
  /** What the model allowed, in words (e.g. "one of $950.00, $900.00"). */
  readonly expected: string;
  readonly observed: string;
  /** ms since the start of the load. */
  readonly atMs: number;
}

/** What a checker reports: every kind counted (0 when none), the total, and first examples. */
export interface CheckerReport<Kind extends string> {
  readonly errors: number;
  readonly byKind: Record<Kind, number>;
  /** The first few examples of each kind, in time order. */
  readonly examples: readonly CheckerExample<Kind>[];
  /**
   * When each error happened (ms since the start of the load), ascending: what the
   * timeline and the fault phases count. The run keeps it out of the report's summary.
   */
  readonly times: readonly number[];
}

/** Consistency errors found by a scenario's checker (atm); empty for scenarios without one. */
export interface ConsistencySummary {
  readonly errors: number;
  readonly byKind: Record<string, number>;
  /** The first few examples of each kind. */
  readonly examples?: readonly CheckerExample[];
  readonly moneyMintedCents?: number;
  readonly moneyDestroyedCents?: number;
  /** Chat: what arrived after its window but before the end: late, not lost, and no error. */
  readonly late?: LateArrivals;
}

/**
 * Chat's late arrivals: acknowledged messages whose first live receipt, and typing
 * indicators whose arrival, came more than `windowMs` after they were sent. Their delays
 * are in `latencyByStep.delivery` and `latencyByStep.typing`.
 */
export interface LateArrivals {
  readonly windowMs: number;
  readonly messages: number;
  readonly typing: number;
}

export interface SessionLossExample {
  /** The repeat it comes from, when the run merged `--repeat N` runs. */
  readonly repeat?: number;
  readonly user: string;
  readonly atMs: number;
  readonly step: string;
  readonly server: string;
  readonly reason: string;
}

export interface RunResult {
  readonly schema: typeof REPORT_SCHEMA;
  readonly scenario: string;
  readonly seed: number;
  readonly durationMs: number;
  readonly users: number;
  /**
   * Browser tabs per user (`--tabs`, pizza): each journey's adds went out from this many
   * connections at once on one session. Absent when 1 (and in reports from before it).
   */
  readonly tabs?: number;
  /** When the run started; with `--start-at`, when the load started (the shared start of shards). */
  readonly startedAt: string;
  readonly faults: readonly FaultRecord[];
  readonly runs: readonly DesignRun[];
  /** `--shard i/n`: this report holds shard `index`'s users only; `statebench merge` joins the n. */
  readonly shard?: ShardRecord;
  /** A report merged from this many shards (`statebench merge`). */
  readonly shards?: number;
}

/** Which slice of a sharded run a report holds (docs/remote.md). */
export interface ShardRecord {
  /** 1-based. */
  readonly index: number;
  readonly count: number;
  /** The shard whose faults acted; the others recorded the same windows. */
  readonly faultsFrom: number;
}
