/**
 * Toxics, as Toxiproxy's: faults of the network between the balancer and one backend.
 * They act only on proxied requests and upgrades; health checks go direct, so a toxic
 * never marks a backend down by itself (the proxy's passive checks still can, if the
 * backend itself fails). A toxic belongs to a backend id and stays until cleared, across
 * a remove and re-add of that id.
 *
 * - `latency`: each request and upgrade handshake waits `delayMs ± jitterMs` (uniform,
 *   from the balancer's seeded RNG) before it is forwarded. The wait counts towards
 *   `requestTimeoutMs`.
 * - `reset`: requests routed to the backend are not forwarded; the client's connection
 *   is reset (a transport error: indeterminate for the driver). Setting it also resets
 *   the requests in flight and the upgraded connections open to that backend.
 * - `blackhole`: requests routed to the backend are accepted (their body is read) and
 *   never forwarded nor answered, until the client gives up or `requestTimeoutMs` ends
 *   them with the balancer's 504, as a real balancer's server timeout does.
 */
import type { Duplex } from 'node:stream';

export interface LatencyToxic {
  readonly kind: 'latency';
  readonly delayMs: number;
  /** @default 0 */
  readonly jitterMs?: number;
}

export type Toxic = LatencyToxic | { readonly kind: 'reset' } | { readonly kind: 'blackhole' };
export type ToxicKind = Toxic['kind'];

export const TOXIC_KINDS: readonly ToxicKind[] = ['latency', 'reset', 'blackhole'];

/** What the balancer reports about toxics in its stats. */
export interface ToxicStats {
  /** Requests and upgrades each toxic acted on, by backend (a reset of an open connection counts too). */
  readonly toxicByBackend: Record<string, number>;
  /** The toxics in effect now, by backend id. */
  readonly toxics: Record<string, Toxic>;
}

function isMs(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

/** Every problem with a toxic, one line each (empty when it is fine). */
export function toxicProblems(toxic: unknown): string[] {
  const kinds = TOXIC_KINDS.map((k) => `\`${k}\``).join(', ');
  if (typeof toxic !== 'object' || toxic === null) return [`Expected a toxic object, got \`${String(toxic)}\`.`];
  const { kind, delayMs, jitterMs } = toxic as Record<string, unknown>;
  if (!TOXIC_KINDS.includes(kind as ToxicKind)) return [`Expected the toxic kind to be one of ${kinds}, got \`${String(kind)}\`.`];
  if (kind !== 'latency') return [];
  const problems: string[] = [];
  if (!isMs(delayMs)) problems.push(`Expected the latency toxic's \`delayMs\` to be a number >= 0, got \`${String(delayMs)}\`.`);
  if (jitterMs !== undefined && !isMs(jitterMs)) {
    problems.push(`Expected the latency toxic's \`jitterMs\` to be a number >= 0, got \`${String(jitterMs)}\`.`);
  }
  return problems;
}

/** Resets a client connection: an RST where the socket can send one, else a plain destroy. */
export function resetSocket(socket: Duplex): void {
  const tcp = socket as Duplex & { resetAndDestroy?: () => void };
  if (typeof tcp.resetAndDestroy === 'function' && !socket.destroyed) tcp.resetAndDestroy();
  else socket.destroy();
}

/** Resolves true after `ms`, or false as soon as `signal` aborts. */
export function sleep(ms: number, signal: AbortSignal): Promise<boolean> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve(false);
    const onAbort = (): void => {
      clearTimeout(timer);
      resolve(false);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve(true);
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}

/** The toxics in effect, the open connections they can reset, and their counters. */
export class Toxics {
  readonly #active = new Map<string, Toxic>();
  readonly #counts = new Map<string, number>();
  /** Per backend: how to reset each request in flight or upgraded connection open to it. */
  readonly #open = new Map<string, Set<() => void>>();

  /** `random` draws the jitter; a stream of its own, so toxics do not shift the random strategy's picks. */
  constructor(private readonly random: () => number) {}

  get(id: string): Toxic | undefined {
    return this.#active.get(id);
  }

  /** In effect on return: a `reset` has already reset what was open to the backend. */
  set(id: string, toxic: Toxic): void {
    // Only the known fields are kept (it came over IPC); stats echo what is in effect.
    const kept: Toxic =
      toxic.kind === 'latency' ? { kind: 'latency', delayMs: toxic.delayMs, jitterMs: toxic.jitterMs ?? 0 } : { kind: toxic.kind };
    this.#active.set(id, kept);
    if (toxic.kind !== 'reset') return;
    const open = this.#open.get(id);
    if (!open) return;
    this.#open.delete(id);
    for (const reset of open) {
      this.count(id);
      reset();
    }
  }

  /** False when there was none. */
  clear(id: string): boolean {
    return this.#active.delete(id);
  }

  /** This request's delay: `delayMs ± jitterMs`, uniform, never below 0. */
  delayMs(toxic: LatencyToxic): number {
    const jitter = toxic.jitterMs ?? 0;
    return Math.max(0, toxic.delayMs + (this.random() * 2 - 1) * jitter);
  }

  count(id: string): void {
    this.#counts.set(id, (this.#counts.get(id) ?? 0) + 1);
  }

  /** Registers an open connection to `id` that a `reset` must reset; returns its unregister. */
  track(id: string, reset: () => void): () => void {
    let open = this.#open.get(id);
    if (!open) this.#open.set(id, (open = new Set()));
    open.add(reset);
    return () => {
      const current = this.#open.get(id);
      current?.delete(reset);
      if (current?.size === 0) this.#open.delete(id);
    };
  }

  stats(): ToxicStats {
    return { toxicByBackend: Object.fromEntries(this.#counts), toxics: Object.fromEntries(this.#active) };
  }
}
