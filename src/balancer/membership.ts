/**
 * Who is in the pool and in what state: health, draining, requests in flight, and the
 * counters the orchestrator reads back for the report. Strategies never see this class,
 * only `available()`, a snapshot array that is reused until the pool changes (so the
 * hash strategy can cache its ring by array identity).
 */
import { ConfigError } from '../errors.js';
import { UpstreamPool } from './http1/upstream.js';
import type { BackendSpec, BalancerStats } from './protocol.js';
import type { BackendView } from './strategies/types.js';
import type { ToxicStats } from './toxics.js';

/** What membership counts; the toxics add theirs to make the full stats. */
export type MembershipStats = Omit<BalancerStats, keyof ToxicStats>;

export class Backend implements BackendView {
  inFlight = 0;
  up = true;
  draining = false;
  removed = false;
  /** Consecutive active-check results, for fall/rise. */
  passes = 0;
  fails = 0;
  /** Keep-alive connections to the backend. */
  readonly pool: UpstreamPool;

  constructor(
    readonly id: string,
    readonly url: URL,
  ) {
    // `[::1]` in a URL is `::1` to a socket.
    this.pool = new UpstreamPool(url.hostname.replace(/^\[(.*)\]$/, '$1'), Number(url.port || 80));
  }
}

export type HealthListener = (backend: Backend, up: boolean, reason: string) => void;

export function parseBackendUrl(spec: BackendSpec): URL {
  let url: URL;
  try {
    url = new URL(spec.url);
  } catch {
    throw new ConfigError(`Expected backend \`${spec.id}\` to have an http:// URL, got \`${spec.url}\`.`);
  }
  if (url.protocol !== 'http:') {
    throw new ConfigError(`Expected backend \`${spec.id}\` to have an http:// URL, got \`${spec.url}\`.`);
  }
  return url;
}

interface Counters {
  forwarded: number;
  errors: number;
}

export class Membership {
  readonly #backends = new Map<string, Backend>();
  readonly #counters = new Map<string, Counters>();
  #snapshot: readonly Backend[] | undefined;
  #unavailable: readonly Backend[] | undefined;
  #rebinds = 0;
  #balancerErrors = 0;

  constructor(
    specs: readonly BackendSpec[],
    private readonly onHealth: HealthListener = () => {},
  ) {
    for (const spec of specs) this.add(spec);
  }

  /** Healthy, non-draining backends in insertion order; the same array until something changes. */
  available(): readonly Backend[] {
    this.#snapshot ??= [...this.#backends.values()].filter((b) => b.up && !b.draining);
    return this.#snapshot;
  }

  /** Members that take no new request (down or draining), same order; cached like `available()`. */
  unavailable(): readonly Backend[] {
    this.#unavailable ??= [...this.#backends.values()].filter((b) => !b.up || b.draining);
    return this.#unavailable;
  }

  all(): readonly Backend[] {
    return [...this.#backends.values()];
  }

  get(id: string): Backend | undefined {
    return this.#backends.get(id);
  }

  /** Adds a backend, or re-adds one with the same id (undraining it; a new URL gets a new pool). */
  add(spec: BackendSpec): Backend {
    const url = parseBackendUrl(spec);
    const existing = this.#backends.get(spec.id);
    if (existing && existing.url.href === url.href) {
      existing.draining = false;
      this.#changed();
      return existing;
    }
    if (existing) this.#retire(existing);
    const backend = new Backend(spec.id, url);
    this.#backends.set(spec.id, backend);
    if (!this.#counters.has(spec.id)) this.#counters.set(spec.id, { forwarded: 0, errors: 0 });
    this.#changed();
    return backend;
  }

  /** Takes a backend out of the pool; its in-flight requests finish. False if unknown. */
  remove(id: string): boolean {
    const backend = this.#backends.get(id);
    if (!backend) return false;
    this.#backends.delete(id);
    this.#retire(backend);
    this.#changed();
    return true;
  }

  /** Stops sending new requests to a backend; in-flight ones finish. False if unknown. */
  drain(id: string): boolean {
    const backend = this.#backends.get(id);
    if (!backend) return false;
    backend.draining = true;
    this.#changed();
    return true;
  }

  setHealth(backend: Backend, up: boolean, reason: string): void {
    backend.passes = 0;
    backend.fails = 0;
    if (backend.up === up || backend.removed) return;
    backend.up = up;
    this.#changed();
    this.onHealth(backend, up, reason);
  }

  acquire(backend: Backend): void {
    backend.inFlight++;
  }

  release(backend: Backend): void {
    backend.inFlight--;
    if (backend.removed && backend.inFlight === 0) backend.pool.destroy();
  }

  countForwarded(id: string): void {
    this.#counter(id).forwarded++;
  }

  countError(id: string): void {
    this.#counter(id).errors++;
  }

  countRebind(): void {
    this.#rebinds++;
  }

  countBalancerError(): void {
    this.#balancerErrors++;
  }

  stats(): MembershipStats {
    const byBackend: Record<string, number> = {};
    const errorsByBackend: Record<string, number> = {};
    for (const [id, c] of this.#counters) {
      byBackend[id] = c.forwarded;
      errorsByBackend[id] = c.errors;
    }
    const up: Record<string, boolean> = {};
    const inFlight: Record<string, number> = {};
    const draining: string[] = [];
    for (const b of this.#backends.values()) {
      up[b.id] = b.up;
      inFlight[b.id] = b.inFlight;
      if (b.draining) draining.push(b.id);
    }
    return { byBackend, errorsByBackend, rebinds: this.#rebinds, up, inFlight, draining, balancerErrors: this.#balancerErrors };
  }

  /** Drops every pooled connection, in flight or not. */
  close(): void {
    for (const b of this.#backends.values()) b.pool.destroy();
  }

  #counter(id: string): Counters {
    let c = this.#counters.get(id);
    if (!c) this.#counters.set(id, (c = { forwarded: 0, errors: 0 }));
    return c;
  }

  #retire(backend: Backend): void {
    backend.removed = true;
    if (backend.inFlight === 0) backend.pool.destroy();
  }

  #changed(): void {
    this.#snapshot = undefined;
    this.#unavailable = undefined;
  }
}
