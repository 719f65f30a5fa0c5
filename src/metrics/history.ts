/**
 * One design run's history (docs/NOTES.md, "The run as a history"): every request, every
 * journey event, every fault window and every consistency finding, appended as they
 * happen. Requests and journey events are kept in columns (typed-array chunks), about
 * 25 bytes a request, not an object each. Every figure of the report is a pure function
 * of a history (src/metrics/analyse/), so none depends on the order things were recorded.
 */
import { InternalError } from '../errors.js';
import type { RequestCause } from '../result.js';
import { Column } from './columns.js';

/** How a request ended: a definite yes, a definite no, or sent with no answer (Jepsen's `:info`). */
export type Outcome = 'ok' | 'fail' | 'indeterminate';

/**
 * What became of a journey. `dropped` is an arrival of the open model that found no free
 * virtual user (k6's dropped iterations): it never started.
 */
export type JourneyEvent = 'started' | 'completed' | 'lost' | 'failed' | 'dropped';

/** Server id recorded when no `x-server-id` came back (no answer, or the balancer's own 502). */
export const NO_SERVER = '-';

/** One request as the driver saw it. */
export interface RequestRecord {
  /** Journey step, e.g. `login`, `add`, `checkout`. */
  readonly step: string;
  /** The `x-server-id` of the answer, or `'-'` when there was none. */
  readonly server: string;
  /** When the request was meant to start, ms since the start of the load. */
  readonly atMs: number;
  /** When it actually left, ms since the start of the load (later than `atMs` when the driver was behind). @default atMs */
  readonly sentAtMs?: number;
  /** From the intended start to the answer (or the give-up), in µs. */
  readonly latencyUs: number;
  /** Known at `atMs + latencyUs / 1000`: where the timeline, the phases and recovery count it. */
  readonly outcome: Outcome;
  /**
   * Whether it counts as a request error. A `401 unknown session` is a `fail` the driver
   * counts as a session loss instead, so it passes `false`.
   * @default outcome !== 'ok'
   */
  readonly countsAsError?: boolean;
  /** Why there was no definite answer (or the balancer's own error); absent when ok. */
  readonly cause?: RequestCause;
}

/** A fault window: from firing to revert. */
export interface FaultWindow {
  readonly label: string;
  readonly startMs: number;
  /** When it was reverted (`startMs` for a fault without a revert); absent while still active. */
  readonly endMs?: number;
}

/** What an analyser may read of a history. */
export interface RunHistory {
  /** Requests recorded; rows are `0 .. requestCount - 1`. */
  readonly requestCount: number;
  step(row: number): string;
  server(row: number): string;
  /** Intended start, ms since the start of the load. */
  intendedMs(row: number): number;
  sentMs(row: number): number;
  latencyUs(row: number): number;
  /** When the outcome was known: intended start plus latency. */
  doneMs(row: number): number;
  outcome(row: number): Outcome;
  countsAsError(row: number): boolean;
  cause(row: number): RequestCause | undefined;
  /** Journey events recorded; rows are `0 .. journeyCount - 1`. */
  readonly journeyCount: number;
  journeyEvent(row: number): JourneyEvent;
  journeyAtMs(row: number): number;
  /** Fault windows, in the order they were recorded. */
  readonly faults: readonly FaultWindow[];
  /** When each consistency error found by the scenario's checker happened. */
  readonly findings: readonly number[];
}

const OUTCOMES: readonly Outcome[] = ['ok', 'fail', 'indeterminate'];
const CAUSES: readonly (RequestCause | undefined)[] = [undefined, 'timeout', 'reset', 'refused', 'status-502', 'status-503', 'status-504', 'other'];
const JOURNEY_EVENTS: readonly JourneyEvent[] = ['started', 'completed', 'lost', 'failed', 'dropped'];
const OUTCOME_CODE: Readonly<Record<Outcome, number>> = { ok: 0, fail: 1, indeterminate: 2 };
const CAUSE_CODE: Readonly<Record<RequestCause, number>> = { timeout: 1, reset: 2, refused: 3, 'status-502': 4, 'status-503': 5, 'status-504': 6, other: 7 };
const JOURNEY_CODE: Readonly<Record<JourneyEvent, number>> = { started: 0, completed: 1, lost: 2, failed: 3, dropped: 4 };
// A request's flags byte: outcome in bits 0-1, "counts as an error" in bit 2, cause in bits 3-5.
const ERROR_BIT = 4;
const CAUSE_SHIFT = 3;

/** The names a column of small integers stands for (steps, servers), each stored once. */
class Names {
  readonly list: string[] = [];
  readonly #codes = new Map<string, number>();

  code(name: string): number {
    let code = this.#codes.get(name);
    if (code === undefined) {
      if (this.list.length > 0xffff) throw new InternalError(`more than 65,536 distinct names in a history (at ${name})`);
      code = this.list.push(name) - 1;
      this.#codes.set(name, code);
    }
    return code;
  }
}

/** An append-only history; the Recorder writes it, the analysers read it. */
export class History implements RunHistory {
  readonly #steps = new Names();
  readonly #servers = new Names();
  readonly #intended = Column.float64();
  readonly #latency = Column.float64();
  /** Sent minus intended, ms: 0 in the closed model, a queueing delay in the open one. */
  readonly #sendDelay = Column.float32();
  readonly #step = Column.uint16();
  readonly #server = Column.uint16();
  readonly #flags = Column.uint8();
  readonly #journeyAt = Column.float64();
  readonly #journeyEvent = Column.uint8();
  readonly #faults: FaultWindow[] = [];
  readonly #findings: number[] = [];

  addRequest(request: RequestRecord): void {
    const { atMs, latencyUs, outcome } = request;
    const isError = request.countsAsError ?? outcome !== 'ok';
    this.#intended.push(atMs);
    this.#latency.push(latencyUs);
    this.#sendDelay.push(request.sentAtMs === undefined ? 0 : request.sentAtMs - atMs);
    this.#step.push(this.#steps.code(request.step));
    this.#server.push(this.#servers.code(request.server));
    const cause = request.cause === undefined ? 0 : CAUSE_CODE[request.cause];
    this.#flags.push(OUTCOME_CODE[outcome] | (isError ? ERROR_BIT : 0) | (cause << CAUSE_SHIFT));
  }

  addJourney(event: JourneyEvent, atMs: number): void {
    this.#journeyAt.push(atMs);
    this.#journeyEvent.push(JOURNEY_CODE[event]);
  }

  /** Opens a fault window at `startMs` (0 when not finite, never negative); returns its index. */
  openFault(label: string, startMs: number): number {
    const start = Number.isFinite(startMs) ? Math.max(0, startMs) : 0;
    return this.#faults.push({ label, startMs: start }) - 1;
  }

  /** Ends window `index` at `atMs` (never before its start); a window ends once. */
  closeFault(index: number, atMs: number): void {
    const window = this.#faults[index];
    if (window === undefined || window.endMs !== undefined) return;
    const end = Number.isFinite(atMs) ? Math.max(window.startMs, atMs) : window.startMs;
    this.#faults[index] = { ...window, endMs: end };
  }

  addFindings(times: readonly number[]): void {
    this.#findings.push(...times);
  }

  /** Bytes held by the columns (the fault windows and findings are few). */
  get bytes(): number {
    const columns = [this.#intended, this.#latency, this.#sendDelay, this.#step, this.#server, this.#flags, this.#journeyAt, this.#journeyEvent];
    return columns.reduce((sum, column) => sum + column.bytes, 0);
  }

  get requestCount(): number {
    return this.#intended.length;
  }
  step(row: number): string {
    return this.#steps.list[this.#step.get(row)]!;
  }
  server(row: number): string {
    return this.#servers.list[this.#server.get(row)]!;
  }
  intendedMs(row: number): number {
    return this.#intended.get(row);
  }
  sentMs(row: number): number {
    return this.#intended.get(row) + this.#sendDelay.get(row);
  }
  latencyUs(row: number): number {
    return this.#latency.get(row);
  }
  doneMs(row: number): number {
    return this.#intended.get(row) + this.#latency.get(row) / 1000;
  }
  outcome(row: number): Outcome {
    return OUTCOMES[this.#flags.get(row) & 3]!;
  }
  countsAsError(row: number): boolean {
    return (this.#flags.get(row) & ERROR_BIT) !== 0;
  }
  cause(row: number): RequestCause | undefined {
    return CAUSES[this.#flags.get(row) >>> CAUSE_SHIFT];
  }

  get journeyCount(): number {
    return this.#journeyAt.length;
  }
  journeyEvent(row: number): JourneyEvent {
    return JOURNEY_EVENTS[this.#journeyEvent.get(row)]!;
  }
  journeyAtMs(row: number): number {
    return this.#journeyAt.get(row);
  }

  get faults(): readonly FaultWindow[] {
    return this.#faults;
  }
  get findings(): readonly number[] {
    return this.#findings;
  }
}

/** A hand-written history, e.g. for a test: the same as recording each item in turn. */
export interface PlainHistory {
  readonly requests?: readonly RequestRecord[];
  readonly journeys?: readonly (readonly [JourneyEvent, number])[];
  readonly faults?: readonly FaultWindow[];
  readonly findings?: readonly number[];
}

/** A History holding exactly what `plain` lists. */
export function historyOf(plain: PlainHistory): History {
  const history = new History();
  for (const request of plain.requests ?? []) history.addRequest(request);
  for (const [event, atMs] of plain.journeys ?? []) history.addJourney(event, atMs);
  for (const { label, startMs, endMs } of plain.faults ?? []) {
    const index = history.openFault(label, startMs);
    if (endMs !== undefined) history.closeFault(index, endMs);
  }
  history.addFindings(plain.findings ?? []);
  return history;
}
